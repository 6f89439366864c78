// commercetools under /commercetools: the auth host's /oauth/... token endpoints and the API host's
// /{projectKey}/me/payments. One catch-all route file hands requests here.
import { PaymentError } from "../../core/errors";
import { guard } from "../http/kit";
import { renderCtError } from "./errors";
import * as h from "./handlers";

const KEY = "([a-z0-9_-]{2,256})";

async function dispatch(req: Request): Promise<Response> {
  const path = new URL(req.url).pathname.replace(/^\/commercetools/, "").replace(/\/$/, "");
  const method = req.method;
  let m: RegExpMatchArray | null;
  if (method === "POST" && (m = path.match(new RegExp(`^/oauth/${KEY}/customers/token$`)))) return h.oauth(req, "customers", m[1]!);
  if (method === "POST" && (m = path.match(new RegExp(`^/oauth/${KEY}/anonymous/token$`)))) return h.oauth(req, "anonymous", m[1]!);
  if (method === "POST" && path === "/oauth/token") return h.oauth(req, "token", null);
  if ((m = path.match(new RegExp(`^/${KEY}/me/payments$`)))) {
    const ctx = await h.apiContext(req, m[1]!);
    if (method === "GET") return h.queryPayments(ctx);
    if (method === "POST") return h.idempotent(ctx, () => h.createPayment(ctx));
  }
  if ((m = path.match(new RegExp(`^/${KEY}/me/payments/([^/]+)$`)))) {
    const ctx = await h.apiContext(req, m[1]!);
    const id = decodeURIComponent(m[2]!);
    if (method === "GET") return h.getPayment(ctx, id);
    if (method === "POST") return h.idempotent(ctx, () => h.updatePayment(ctx, id));
    if (method === "DELETE") return h.idempotent(ctx, () => h.deletePayment(ctx, id));
  }
  throw new PaymentError("not_found", `The endpoint ${method} ${path} does not exist.`);
}

const ct = guard(renderCtError, dispatch);
export { ct as GET, ct as POST, ct as DELETE };
