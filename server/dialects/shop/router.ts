// The shop API's routing table; one catch-all route file under app/api/v1/shop hands requests here.
import { PaymentError } from "../../core/errors";
import { guard } from "../http/kit";
import { routeTable } from "../http/routes";
import { renderShopError } from "./errors";
import * as h from "./handlers";

type Handler = (ctx: Awaited<ReturnType<typeof h.shopContext>>) => Promise<Response>;

export const shopRoutes = routeTable<Handler>(
  [
    ["POST", "/api/v1/shop/auth/login", h.login],
    ["POST", "/api/v1/shop/orders", h.createOrder],
    ["GET", "/api/v1/shop/orders/{orderId}", h.getOrder],
    ["POST", "/api/v1/shop/orders/{orderId}/payment-intent", h.createPaymentIntent],
    ["POST", "/api/v1/shop/orders/{orderId}/payment", h.markPaid],
    ["POST", "/api/v1/shop/test/payment-intents/{intentId}/confirm", h.testConfirm],
  ],
  { trailingSlash: true },
);

async function dispatch(req: Request): Promise<Response> {
  const route = shopRoutes.match(req.method, new URL(req.url).pathname);
  if (route) return route.handler(await h.shopContext(req, route.params));
  throw new PaymentError("not_found", "Not found.");
}

const shop = guard(renderShopError, dispatch);
export { shop as GET, shop as POST };
