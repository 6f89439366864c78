// Magento's REST routing: /rest/V1/… (default store) and /rest/{storeCode}/V1/…; an unknown route or store code is
// 404 "Request does not match any route.", checked before authentication, as Magento's router does.
import { failureResponse, refuseBadUrlText, requestIdOf } from "../http/kit";
import { routeTable } from "../http/routes";
import { withRoundTrips } from "../../db/round-trips";
import { withDeadline } from "../http/deadline";
import { MagentoError, renderMagentoError } from "./errors";
import { negotiate } from "./format";
import * as h from "./handlers";
import { STORE_CURRENCY } from "./schemas";

type Handler = (ctx: h.MagentoCtx, params: Record<string, string>) => Promise<Response>;

/** Paths below /rest and /rest/{storeCode}. */
export const magentoRoutes = routeTable<Handler>([
  ["POST", "/V1/integration/customer/token", h.customerToken],
  ["POST", "/V1/carts/mine", h.createMineCart],
  ["GET", "/V1/carts/mine", h.getMineCart],
  ["POST", "/V1/carts/mine/items", h.addMineItem],
  ["PUT", "/V1/carts/mine/items/{itemId}", (ctx, p) => h.updateMineItem(ctx, p.itemId!)],
  ["DELETE", "/V1/carts/mine/items/{itemId}", (ctx, p) => h.deleteMineItem(ctx, p.itemId!)],
  ["GET", "/V1/carts/mine/totals", h.mineTotals],
  ["POST", "/V1/carts/mine/payment-order", h.createPaymentOrder],
  ["GET", "/V1/carts/mine/payment-order/{id}", (ctx, p) => h.getPaymentOrder(ctx, p.id!)],
]);

async function dispatch(req: Request): Promise<Response> {
  const rest = new URL(req.url).pathname.replace(/^\/rest/, "").replace(/\/$/, "");
  const m = rest.match(/^(?:\/([a-z0-9_]+))?(\/V1\/.*)$/);
  const store = m?.[1] ?? "default";
  const path = m?.[2] ?? "";
  const route = m && store in STORE_CURRENCY ? magentoRoutes.match(req.method, path) : null;
  if (!route) throw new MagentoError(404, "Request does not match any route.");
  const format = negotiate(req.headers.get("accept"));
  const ctx = await h.magentoContext(req, store, format);
  return h.idempotent(ctx, () => route.handler(ctx, route.params));
}

/** Errors render in XML when the client's Accept mentions xml; anything rendered as 5xx is logged. */
async function magento(req: Request): Promise<Response> {
  const requestId = requestIdOf(req);
  try {
    refuseBadUrlText(req);
    return await withRoundTrips(() => withDeadline(() => dispatch(req)));
  } catch (e) {
    return failureResponse((err, id) => renderMagentoError(err, id, req.headers.get("accept")), e, requestId, req, "magento ");
  }
}
export { magento as GET, magento as POST, magento as PUT, magento as DELETE };
