// The shop API's routing table; one catch-all route file under app/api/v1/shop hands requests here.
import { PaymentError } from "../../core/errors";
import { guard } from "../http/kit";
import { renderShopError } from "./errors";
import * as h from "./handlers";

type Handler = (ctx: Awaited<ReturnType<typeof h.shopContext>>) => Promise<Response>;
const table: [string, RegExp, string[], Handler][] = [
  ["POST", /^\/api\/v1\/shop\/auth\/login\/?$/, [], h.login],
  ["POST", /^\/api\/v1\/shop\/orders\/?$/, [], h.createOrder],
  ["GET", /^\/api\/v1\/shop\/orders\/([^/]+)\/?$/, ["orderId"], h.getOrder],
  ["POST", /^\/api\/v1\/shop\/orders\/([^/]+)\/payment-intent\/?$/, ["orderId"], h.createPaymentIntent],
  ["POST", /^\/api\/v1\/shop\/orders\/([^/]+)\/payment\/?$/, ["orderId"], h.markPaid],
  ["POST", /^\/api\/v1\/shop\/test\/payment-intents\/([^/]+)\/confirm\/?$/, ["intentId"], h.testConfirm],
];

async function dispatch(req: Request): Promise<Response> {
  const path = new URL(req.url).pathname;
  for (const [method, pattern, keys, handler] of table) {
    const m = path.match(pattern);
    if (!m || method !== req.method) continue;
    const params = Object.fromEntries(keys.map((k, i) => [k, decodeURIComponent(m[i + 1]!)]));
    return handler(await h.shopContext(req, params));
  }
  throw new PaymentError("not_found", "Not found.");
}

const shop = guard(renderShopError, dispatch);
export { shop as GET, shop as POST };
