// commercetools under /commercetools: the auth host's /oauth/... token endpoints and the API host's
// /{projectKey}/me/payments. One catch-all route file hands requests here.
import { PaymentError } from "../../core/errors";
import { guard } from "../http/kit";
import { routeTable } from "../http/routes";
import { renderCtError } from "./errors";
import * as h from "./handlers";

type Handler = (req: Request, p: Record<string, string>) => Promise<Response>;
const api = (run: (ctx: h.ApiContext, p: Record<string, string>) => Promise<Response>): Handler => async (req, p) => run(await h.apiContext(req, p.projectKey!), p);

/** Paths below /commercetools: the auth host's token endpoints, then the API host's My Payments. */
export const ctRoutes = routeTable<Handler>(
  [
    ["POST", "/oauth/{projectKey}/customers/token", (req, p) => h.oauth(req, "customers", p.projectKey!)],
    ["POST", "/oauth/{projectKey}/anonymous/token", (req, p) => h.oauth(req, "anonymous", p.projectKey!)],
    ["POST", "/oauth/token", (req) => h.oauth(req, "token", null)],
    ["GET", "/{projectKey}/me/payments", api((ctx) => h.queryPayments(ctx))],
    ["POST", "/{projectKey}/me/payments", api((ctx) => h.idempotent(ctx, () => h.createPayment(ctx)))],
    ["GET", "/{projectKey}/me/payments/{id}", api((ctx, p) => h.getPayment(ctx, p.id!))],
    ["POST", "/{projectKey}/me/payments/{id}", api((ctx, p) => h.idempotent(ctx, () => h.updatePayment(ctx, p.id!)))],
    ["DELETE", "/{projectKey}/me/payments/{id}", api((ctx, p) => h.idempotent(ctx, () => h.deletePayment(ctx, p.id!)))],
  ],
  { params: { projectKey: "[a-z0-9_-]{2,256}" } },
);

async function dispatch(req: Request): Promise<Response> {
  const path = new URL(req.url).pathname.replace(/^\/commercetools/, "").replace(/\/$/, "");
  const route = ctRoutes.match(req.method, path);
  if (route) return route.handler(req, route.params);
  throw new PaymentError("not_found", `The endpoint ${req.method} ${path} does not exist.`);
}

const ct = guard(renderCtError, dispatch);
export { ct as GET, ct as POST, ct as DELETE };
