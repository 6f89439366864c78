// The Medusa store API's routing table (Medusa's middlewares.ts, as data). One catch-all route file under app/store
// hands every request here; the table binds method + path to a handler.
import { guard } from "../http/kit";
import { PaymentError } from "../../core/errors";
import { renderMedusaError } from "./errors";
import * as h from "./handlers";

type Handler = (ctx: h.MedusaContext) => Promise<Response>;
type Route = { method: string; pattern: RegExp; keys: string[]; handler: Handler };

function route(method: string, path: string, handler: Handler): Route {
  const keys: string[] = [];
  const pattern = new RegExp(`^${path.replace(/:(\w+)/g, (_, k: string) => (keys.push(k), "([^/]+)"))}/?$`);
  return { method, pattern, keys, handler };
}

const routes: Route[] = [
  route("GET", "/store/regions", h.listRegionsRoute),
  route("GET", "/store/regions/:id", h.getRegionRoute),
  route("GET", "/store/products", h.listProductsRoute),
  route("GET", "/store/payment-providers", h.listPaymentProvidersRoute),
  route("POST", "/store/carts", h.createCartRoute),
  route("GET", "/store/carts/:id", h.getCartRoute),
  route("POST", "/store/carts/:id", h.updateCartRoute),
  route("POST", "/store/carts/:id/line-items", h.addLineItemRoute),
  route("POST", "/store/carts/:id/line-items/:line_id", h.updateLineItemRoute),
  route("DELETE", "/store/carts/:id/line-items/:line_id", h.deleteLineItemRoute),
  route("POST", "/store/carts/:id/complete", h.completeCartRoute),
  route("POST", "/store/payment-collections", h.createPaymentCollectionRoute),
  route("POST", "/store/payment-collections/:id/payment-sessions", h.createPaymentSessionRoute),
  // v1
  route("GET", "/store/payment-collections/:id", h.v1GetCollectionRoute),
  route("POST", "/store/payment-collections/:id/sessions", h.v1ManageSessionRoute),
  route("POST", "/store/payment-collections/:id/sessions/batch", h.v1BatchSessionsRoute),
  route("POST", "/store/payment-collections/:id/sessions/batch/authorize", h.v1BatchAuthorizeRoute),
  route("POST", "/store/payment-collections/:id/sessions/:session_id", h.v1RefreshSessionRoute),
  route("POST", "/store/payment-collections/:id/sessions/:session_id/authorize", h.v1AuthorizeSessionRoute),
];

export const medusaRoutes = routes.map((r) => ({ method: r.method, pattern: r.pattern.source }));

async function dispatch(req: Request): Promise<Response> {
  const path = new URL(req.url).pathname;
  for (const r of routes) {
    const m = path.match(r.pattern);
    if (!m || r.method !== req.method) continue;
    const params = Object.fromEntries(r.keys.map((k, i) => [k, decodeURIComponent(m[i + 1]!)]));
    const ctx = await h.storeContext(req, params);
    return h.idempotent(ctx, () => r.handler(ctx));
  }
  throw new PaymentError("not_found", `Cannot ${req.method} ${path}`);
}

const store = guard((e) => renderMedusaError(e), dispatch);
export { store as GET, store as POST, store as DELETE };
export const emailPassPOST = guard((e) => renderMedusaError(e), h.emailPassRoute);
