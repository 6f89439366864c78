// The Medusa v2 admin payment routes (routing table as data, as the store's). One catch-all route file under
// app/admin hands every request here; staff sign-in sits at /auth/user/emailpass (its own route file).
import { guard } from "../http/kit";
import { routeTable } from "../http/routes";
import { PaymentError } from "../../core/errors";
import { renderAdminError } from "./errors";
import * as h from "./handlers";

type Handler = (ctx: h.AdminContext) => Promise<Response>;

export const medusaAdminRoutes = routeTable<Handler>(
  [
    ["GET", "/admin/payments", h.listPaymentsRoute],
    ["GET", "/admin/payments/payment-providers", h.listPaymentProvidersRoute],
    ["GET", "/admin/payments/{id}", h.getPaymentRoute],
    ["POST", "/admin/payments/{id}/capture", h.capturePaymentRoute],
    ["POST", "/admin/payments/{id}/refund", h.refundPaymentRoute],
  ],
  { trailingSlash: true },
);

export const medusaAdminAuthRoutes = [{ method: "POST", path: "/auth/user/emailpass" }] as const;

async function dispatch(req: Request): Promise<Response> {
  const path = new URL(req.url).pathname;
  const route = medusaAdminRoutes.match(req.method, path);
  if (!route) {
    // Medusa authenticates before it routes: an unknown admin path without a token is 401 too.
    await h.adminContext(req, {});
    throw new PaymentError("not_found", `Cannot ${req.method} ${path}`);
  }
  const ctx = await h.adminContext(req, route.params);
  return h.idempotent(ctx, () => route.handler(ctx));
}

const admin = guard(renderAdminError, dispatch);
export { admin as GET, admin as POST };
export const userEmailPassPOST = guard(renderAdminError, h.userEmailPassRoute);
