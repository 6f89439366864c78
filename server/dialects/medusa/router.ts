// The Medusa store API's routing table (Medusa's middlewares.ts, as data). One catch-all route file under app/store
// hands every request here; the table binds method + path to a handler.
import { guard } from "../http/kit";
import { routeTable } from "../http/routes";
import { PaymentError } from "../../core/errors";
import { renderMedusaError } from "./errors";
import * as h from "./handlers";

type Handler = (ctx: h.MedusaContext) => Promise<Response>;

export const medusaRoutes = routeTable<Handler>(
  [
    ["GET", "/store/regions", h.listRegionsRoute],
    ["GET", "/store/regions/{id}", h.getRegionRoute],
    ["GET", "/store/products", h.listProductsRoute],
    ["GET", "/store/payment-providers", h.listPaymentProvidersRoute],
    ["POST", "/store/carts", h.createCartRoute],
    ["GET", "/store/carts/{id}", h.getCartRoute],
    ["POST", "/store/carts/{id}", h.updateCartRoute],
    ["POST", "/store/carts/{id}/line-items", h.addLineItemRoute],
    ["POST", "/store/carts/{id}/line-items/{line_id}", h.updateLineItemRoute],
    ["DELETE", "/store/carts/{id}/line-items/{line_id}", h.deleteLineItemRoute],
    ["POST", "/store/carts/{id}/complete", h.completeCartRoute],
    ["POST", "/store/payment-collections", h.createPaymentCollectionRoute],
    ["POST", "/store/payment-collections/{id}/payment-sessions", h.createPaymentSessionRoute],
    // v1
    ["GET", "/store/payment-collections/{id}", h.v1GetCollectionRoute],
    ["POST", "/store/payment-collections/{id}/sessions", h.v1ManageSessionRoute],
    ["POST", "/store/payment-collections/{id}/sessions/batch", h.v1BatchSessionsRoute],
    ["POST", "/store/payment-collections/{id}/sessions/batch/authorize", h.v1BatchAuthorizeRoute],
    ["POST", "/store/payment-collections/{id}/sessions/{session_id}", h.v1RefreshSessionRoute],
    ["POST", "/store/payment-collections/{id}/sessions/{session_id}/authorize", h.v1AuthorizeSessionRoute],
    ["POST", "/store/auth", h.v1CreateSessionRoute],
    ["GET", "/store/auth", h.v1GetSessionRoute],
    ["DELETE", "/store/auth", h.v1DeleteSessionRoute],
    ["POST", "/store/auth/token", h.v1TokenRoute],
  ],
  { trailingSlash: true },
);

/** Customer authentication sits outside /store (its own route file). */
export const medusaAuthRoutes = [{ method: "POST", path: "/auth/customer/emailpass" }] as const;

/**
 * Medusa v1's routes take no publishable key (its seed sends none): the payment-collection routes act by the
 * collection's id (a customer's still needs the customer), and /store/auth signs customers in. With a key they are
 * scoped to it, as every other /store route is.
 */
const KEYLESS = new Set<Handler>([
  h.v1GetCollectionRoute, h.v1ManageSessionRoute, h.v1BatchSessionsRoute, h.v1BatchAuthorizeRoute, h.v1RefreshSessionRoute, h.v1AuthorizeSessionRoute,
  h.v1CreateSessionRoute, h.v1GetSessionRoute, h.v1DeleteSessionRoute, h.v1TokenRoute,
]);

async function dispatch(req: Request): Promise<Response> {
  const path = new URL(req.url).pathname;
  const route = medusaRoutes.match(req.method, path);
  if (route) {
    const ctx = await h.storeContext(req, route.params, { keyOptional: KEYLESS.has(route.handler) });
    return h.idempotent(ctx, () => route.handler(ctx));
  }
  throw new PaymentError("not_found", `Cannot ${req.method} ${path}`);
}

const store = guard((e) => renderMedusaError(e), dispatch);
export { store as GET, store as POST, store as DELETE };
export const emailPassPOST = guard((e) => renderMedusaError(e), h.emailPassRoute);
