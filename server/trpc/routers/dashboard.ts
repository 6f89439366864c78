// The merchant console's procedures. Every one but sign-in is a staff procedure with the role it needs; the verbs are
// core's merchant service (the admin REST API and the CLI call the same). Amounts travel as decimal strings in the
// payment's currency and are parsed exactly; each money action carries the idempotency key the confirmation step
// made, so a double click or a retry does it once.
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { clearStaffCookie, clientIp, readStaffCookie, revokeStaffToken, signInStaff, staffCookie, staffService } from "../../auth/staff";
import { createKeyAdmin, KEY_CACHE_MS, KEY_KINDS } from "../../auth/key-admin";
import { parseCurrencyCode } from "../../core/currencies";
import { PaymentError } from "../../core/errors";
import { parseDecimal } from "../../core/money";
import { STAFF_ROLES, type StaffActor } from "../../core/staff";
import type { Kassa } from "../../core/kassa";
import { FilterInput, toFilters } from "../../console/filters";
import { env } from "../../env";
import { getDb } from "../../db";
import { EVENT_TYPES } from "../../core/outbox";
import { createEndpointAdmin } from "../../outbound/endpoints";
import { createDelivery } from "../../outbound/deliver";
import { listMail } from "../../outbound/mail";
import { createTRPCRouter, publicProcedure, staffProcedure } from "../init";

const viewer = staffProcedure("viewer");
const operator = staffProcedure("operator");
const owner = staffProcedure("owner");

const money = z.object({
  id: z.string().max(64),
  /** Decimal in the payment's currency; absent = all that remains. */
  amount: z.string().trim().max(32).optional(),
  idempotencyKey: z.string().min(8).max(128),
  expectedVersion: z.number().int().positive().optional(),
  reason: z.string().trim().max(200).optional(),
  note: z.string().trim().max(1000).optional(),
});

/** The console's decimal amount in the payment's currency, as minor units (absent: all that remains). */
async function minorFor(ctx: { kassa: Kassa; staff: StaffActor }, input: { id: string; amount?: string }): Promise<number | undefined> {
  if (!input.amount) return undefined;
  const { currency } = await ctx.kassa.merchant.getPayment(ctx.staff, input.id);
  try {
    return parseDecimal(input.amount, parseCurrencyCode(currency)).amount;
  } catch {
    throw new PaymentError("validation", `Enter an amount in ${currency}, like ${currency === "JPY" ? "1200" : "12.50"}.`, { field: "amount" });
  }
}

const keys = () => createKeyAdmin(getDb(), { projectKey: env.KASSA_CT_PROJECT_KEY });
const endpoints = () => createEndpointAdmin(getDb());

export const dashboardRouter = createTRPCRouter({
  signIn: publicProcedure.input(z.object({ email: z.string().max(254), password: z.string().max(256) })).mutation(async ({ ctx, input }) => {
    const r = await signInStaff(ctx.db, input.email, input.password, { surface: "console", ip: clientIp(ctx.headers), userAgent: ctx.headers.get("user-agent") ?? "" });
    if (!r) throw new TRPCError({ code: "UNAUTHORIZED", message: "Wrong email or password." });
    const secure = (ctx.headers.get("x-forwarded-proto") ?? "") === "https";
    ctx.resHeaders?.append("set-cookie", staffCookie(r.token, Math.floor((r.expiresAt.getTime() - Date.now()) / 1000), secure));
    return r.staff;
  }),
  signOut: publicProcedure.mutation(async ({ ctx }) => {
    const token = readStaffCookie(ctx.headers.get("cookie"));
    if (token) await revokeStaffToken(ctx.db, token);
    ctx.resHeaders?.append("set-cookie", clearStaffCookie((ctx.headers.get("x-forwarded-proto") ?? "") === "https"));
    return { ok: true };
  }),
  me: viewer.query(async ({ ctx }) => ({
    id: ctx.staff.staffId,
    email: ctx.staff.email,
    role: ctx.staff.role,
    /** Webhook endpoints switched off after three days of failed deliveries: owners are told on every page. */
    failingEndpoints: await endpoints().failingCount(ctx.staff),
  })),

  payments: createTRPCRouter({
    list: viewer
      .input(z.object({ filters: FilterInput.default({}), limit: z.number().int().min(1).max(100).default(25), after: z.string().max(200).optional() }))
      .query(({ ctx, input }) => ctx.kassa.merchant.searchPayments(ctx.staff, toFilters(input.filters), { limit: input.limit, after: input.after })),
    get: viewer.input(z.object({ id: z.string().max(64) })).query(({ ctx, input }) => ctx.kassa.merchant.paymentDetail(ctx.staff, input.id)),
    capture: operator.input(money).mutation(async ({ ctx, input }) => {
      const amount = await minorFor(ctx, input);
      return ctx.kassa.merchant.capture(ctx.staff, input.id, { amount, operationKey: input.idempotencyKey, expectedVersion: input.expectedVersion });
    }),
    refund: operator.input(money).mutation(async ({ ctx, input }) => {
      const amount = await minorFor(ctx, input);
      return ctx.kassa.merchant.refund(ctx.staff, input.id, { amount, operationKey: input.idempotencyKey, expectedVersion: input.expectedVersion, reason: input.reason, note: input.note });
    }),
    cancel: operator
      .input(money.omit({ amount: true }))
      .mutation(({ ctx, input }) => ctx.kassa.merchant.cancel(ctx.staff, input.id, { operationKey: input.idempotencyKey, expectedVersion: input.expectedVersion, reason: input.reason, note: input.note })),
  }),

  audit: viewer
    .input(z.object({ limit: z.number().int().min(1).max(200).default(50), after: z.string().max(200).optional() }))
    .query(({ ctx, input }) => ctx.kassa.merchant.auditLog(ctx.staff, input)),

  keys: createTRPCRouter({
    list: owner.query(async ({ ctx }) => ({ keys: await keys().listKeys(ctx.staff), cacheSeconds: KEY_CACHE_MS / 1000 })),
    create: owner
      .input(z.object({ kind: z.enum(KEY_KINDS), name: z.string().max(100), scopes: z.array(z.string().max(100)).max(10).optional() }))
      .mutation(({ ctx, input }) => keys().createKey(ctx.staff, input)),
    revoke: owner.input(z.object({ id: z.string().max(64) })).mutation(({ ctx, input }) => keys().revokeKey(ctx.staff, input.id)),
  }),

  webhooks: createTRPCRouter({
    list: viewer.query(({ ctx }) => endpoints().list(ctx.staff)),
    create: owner
      .input(z.object({ url: z.string().max(2048), events: z.array(z.enum(EVENT_TYPES)).min(1).max(EVENT_TYPES.length) }))
      .mutation(({ ctx, input }) => endpoints().create(ctx.staff, input)),
    setEnabled: owner.input(z.object({ id: z.string().max(64), enabled: z.boolean() })).mutation(({ ctx, input }) => endpoints().setEnabled(ctx.staff, input.id, input.enabled)),
    rotate: owner.input(z.object({ id: z.string().max(64) })).mutation(({ ctx, input }) => endpoints().rotate(ctx.staff, input.id)),
    deliveries: viewer.input(z.object({ id: z.string().max(64) })).query(({ ctx, input }) => endpoints().deliveries(ctx.staff, input.id)),
    resend: owner.input(z.object({ deliveryId: z.string().max(64) })).mutation(async ({ ctx, input }) => {
      const delivery = createDelivery(ctx.kassa.deps);
      await endpoints().resend(ctx.staff, input.deliveryId, (tx, id) => delivery.enqueueDelivery(tx, id));
      return { ok: true };
    }),
  }),

  mail: viewer
    .input(z.object({ limit: z.number().int().min(1).max(200).default(50) }))
    .query(({ ctx, input }) => listMail(ctx.db, ctx.staff, input.limit)),

  staff: createTRPCRouter({
    list: owner.query(({ ctx }) => staffService(ctx.db).listStaff(ctx.staff)),
    create: owner
      .input(z.object({ email: z.string().max(254), password: z.string().max(256), role: z.enum(STAFF_ROLES) }))
      .mutation(({ ctx, input }) => staffService(ctx.db).createStaff(ctx.staff, input)),
    disable: owner.input(z.object({ id: z.string().max(64) })).mutation(({ ctx, input }) => staffService(ctx.db).disableStaff(ctx.staff, input.id)),
  }),
});
