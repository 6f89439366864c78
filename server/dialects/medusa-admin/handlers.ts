// Medusa v2 admin payment routes: parse (strict zod), authenticate staff, call core's merchant service, encode.
// `Idempotency-Key` replays the first answer (scoped to the staff member) and also names the ledger operation, so a
// retry after a lost answer captures or refunds once.
import { createHash } from "node:crypto";
import type { z } from "zod";
import { getDb, type Db } from "../../db";
import { getKassa } from "../../kassa";
import type { Kassa } from "../../core/kassa";
import { PaymentError } from "../../core/errors";
import { fromJsonNumber } from "../../core/money";
import type { StaffActor } from "../../core/staff";
import { clientIp, signInStaff } from "../../auth/staff";
import { idempotentResponse } from "../http/idempotency";
import { parseJsonBody, readBody } from "../http/kit";
import { project, resolveFields } from "../medusa/fields";
import { readEmailPass } from "../medusa/handlers";
import { authenticateAdmin } from "./auth";
import { adminPayment, PAYMENT_DEFAULT_FIELDS } from "./codec";
import * as A from "./schemas";

export type AdminContext = { req: Request; url: URL; params: Record<string, string>; db: Db; kassa: Kassa; staff: StaffActor; bodyText: string };

const ok = (body: unknown, status = 200) => Response.json(body, { status });

function parse<T extends z.ZodType>(schema: T, ctx: AdminContext): z.infer<T> {
  const r = schema.safeParse(parseJsonBody(ctx.bodyText), { reportInput: true });
  if (!r.success) throw r.error;
  return r.data;
}

function page(url: URL, defaultLimit: number) {
  const num = (k: string, d: number) => {
    const v = url.searchParams.get(k);
    if (v === null) return d;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new PaymentError("validation", `Invalid request: Expected type: 'number' for field '${k}', got: '${v}'`, { field: k });
    return n;
  };
  return { limit: Math.min(Math.max(num("limit", defaultLimit), 1), 1000), offset: num("offset", 0) };
}

const fields = (ctx: AdminContext) => resolveFields(ctx.url.searchParams.get("fields"), PAYMENT_DEFAULT_FIELDS);

/** The operation key for the ledger: the request's Idempotency-Key when it is one we can keep. */
function operationKey(ctx: AdminContext): string | undefined {
  const k = ctx.req.headers.get("idempotency-key");
  return k ? `admin:${ctx.staff.staffId}:${createHash("sha256").update(k).digest("hex").slice(0, 40)}` : undefined; // any length in, fixed length out
}

async function paymentBody(ctx: AdminContext, id: string) {
  return project(adminPayment(await ctx.kassa.merchant.getPayment(ctx.staff, id)), fields(ctx));
}

// ------------------------------------------------------------------ routes

export async function listPaymentsRoute(ctx: AdminContext) {
  const { limit, offset } = page(ctx.url, 20);
  const order = ctx.url.searchParams.get("order");
  const ids = [...ctx.url.searchParams.getAll("id"), ...ctx.url.searchParams.getAll("id[]")].filter(Boolean);
  const sessionIds = [...ctx.url.searchParams.getAll("payment_session_id"), ...ctx.url.searchParams.getAll("payment_session_id[]")].filter(Boolean);
  const f = fields(ctx);
  const r = await ctx.kassa.merchant.listPaymentsPage(ctx.staff, { ...(ids.length ? { ids } : {}), ...(sessionIds.length ? { sessionIds } : {}) }, { limit, offset, order: order === "created_at" ? "asc" : "desc" });
  return ok({ payments: r.items.map((p) => project(adminPayment(p), f)), count: r.count, offset, limit });
}

export async function getPaymentRoute(ctx: AdminContext) {
  return ok({ payment: await paymentBody(ctx, ctx.params.id!) });
}

export async function capturePaymentRoute(ctx: AdminContext) {
  const body = parse(A.AdminCapturePayment, ctx);
  const id = ctx.params.id!;
  const p = await ctx.kassa.merchant.getPayment(ctx.staff, id);
  const amount = body.amount === undefined ? undefined : fromJsonNumber(body.amount, p.currency).amount;
  await ctx.kassa.merchant.capture(ctx.staff, id, { amount, operationKey: operationKey(ctx) });
  return ok({ payment: await paymentBody(ctx, id) });
}

export async function refundPaymentRoute(ctx: AdminContext) {
  const body = parse(A.AdminRefundPayment, ctx);
  const id = ctx.params.id!;
  const p = await ctx.kassa.merchant.getPayment(ctx.staff, id);
  const amount = body.amount === undefined ? undefined : fromJsonNumber(body.amount, p.currency).amount;
  await ctx.kassa.merchant.refund(ctx.staff, id, { amount, operationKey: operationKey(ctx), reason: body.refund_reason_id ?? undefined, note: body.note ?? undefined });
  return ok({ payment: await paymentBody(ctx, id) });
}

export async function listPaymentProvidersRoute(ctx: AdminContext) {
  const { limit, offset } = page(ctx.url, 20);
  const ids = ctx.kassa.merchant.paymentProviders(ctx.staff);
  return ok({ payment_providers: ids.slice(offset, offset + limit).map((id) => ({ id, is_enabled: true })), count: ids.length, offset, limit });
}

/** POST /auth/user/emailpass: a staff bearer token for the admin API (Medusa's `{token}`). */
export async function userEmailPassRoute(req: Request): Promise<Response> {
  const db = getDb();
  const body = await readEmailPass(req);
  const signed = await signInStaff(db, body.email, body.password, { surface: "admin_api", ip: clientIp(req.headers), userAgent: req.headers.get("user-agent") ?? "" });
  if (!signed) throw new PaymentError("unauthorized", "Invalid email or password");
  return ok({ token: signed.token });
}

// ------------------------------------------------------------------ context

export async function adminContext(req: Request, params: Record<string, string>): Promise<AdminContext> {
  const db = getDb();
  const staff = await authenticateAdmin(db, req);
  const bodyText = req.method === "GET" || req.method === "HEAD" ? "" : await readBody(req);
  return { req, url: new URL(req.url), params, db, kassa: getKassa(), staff, bodyText };
}

/** Mutating routes honour Idempotency-Key, scoped to the staff member. */
export function idempotent(ctx: AdminContext, run: () => Promise<Response>): Promise<Response> {
  if (ctx.req.method === "GET") return run();
  return idempotentResponse(ctx.db, ctx.req, ctx.bodyText, `medusa-admin:${ctx.staff.staffId}`, run);
}
