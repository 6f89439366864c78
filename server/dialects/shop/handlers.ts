// The shop API: a storefront (storefront key + customer token) creates orders and asks for their payment intent;
// the payment system (its own key) tells the shop an order is paid — which Kassa believes only after the provider
// confirms that the intent succeeded for the order's amount and currency.
import type { z } from "zod";
import { getDb, type Db } from "../../db";
import { getAppCore } from "../../kassa";
import type { Kassa } from "../../core/kassa";
import type { Actor } from "../../core/actors";
import { findRegionByCurrency } from "../../core/catalog";
import { parseCurrencyCode } from "../../core/currencies";
import { customerEmail } from "../../core/customers";
import { isPaymentError, PaymentError } from "../../core/errors";
import type { OrderView } from "../../core/orders";
import type { SessionView } from "../../core/payments";
import type { PaymentProvider } from "../../core/provider-port";
import { signInWithPassword } from "../../auth/credentials";
import { createTokenService } from "../../auth/tokens";
import { idempotentResponse } from "../http/idempotency";
import { parseJsonBody, readBody } from "../http/kit";
import { requireCustomer, requireKey } from "./auth";
import * as codec from "./codec";
import * as S from "./schemas";

type Ctx = { req: Request; params: Record<string, string>; db: Db; kassa: Kassa; stripe: PaymentProvider | null; bodyText: string };
const SYSTEM: Actor = { type: "system" };
const json = (body: unknown, status = 200) => Response.json(body, { status });

function parse<T extends z.ZodType>(schema: T, ctx: Ctx): z.infer<T> {
  const r = schema.safeParse(parseJsonBody(ctx.bodyText));
  if (!r.success) throw r.error;
  return r.data;
}

export async function shopContext(req: Request, params: Record<string, string>): Promise<Ctx> {
  const { kassa, stripe } = getAppCore();
  const bodyText = req.method === "GET" ? "" : await readBody(req);
  return { req, params, db: getDb(), kassa, stripe, bodyText };
}

function idempotent(ctx: Ctx, scope: string, run: () => Promise<Response>) {
  return idempotentResponse(ctx.db, ctx.req, ctx.bodyText, `shop:${scope}`, run);
}

const notFound = (id: string): never => {
  throw new PaymentError("not_found", "Order not found.", { orderId: id });
};

async function ownOrder(ctx: Ctx, actor: Actor, id: string): Promise<OrderView> {
  try {
    return await ctx.kassa.orders.getOrder(id, actor);
  } catch (e) {
    // another customer's order reads as missing; anything else (a database outage) is not a 404
    if (isPaymentError(e) && (e.code === "not_found" || e.code === "forbidden")) return notFound(id);
    throw e;
  }
}

export async function login(ctx: Ctx) {
  await requireKey(ctx.db, ctx.req, "storefront");
  const body = parse(S.ShopLogin, ctx);
  const customer = await signInWithPassword(ctx.db, body.email, body.password);
  if (!customer) throw new PaymentError("unauthorized", "Invalid credentials.");
  const t = await createTokenService({ db: ctx.db }).issue({ subject: { type: "customer", customerId: customer.id }, audience: "shop", ttlSeconds: 24 * 3600 });
  return json({ message: "Login successful", data: { token: t.token, expires_at: t.expiresAt.toISOString() } });
}

export async function createOrder(ctx: Ctx) {
  await requireKey(ctx.db, ctx.req, "storefront");
  const actor = await requireCustomer(ctx.db, ctx.req);
  const body = parse(S.ShopCreateOrder, ctx);
  return idempotent(ctx, actor.customerId, async () => {
    const currency = parseCurrencyCode(body.currency);
    const region = await findRegionByCurrency(ctx.db, currency);
    if (!region) throw new PaymentError("validation", `Orders in ${currency} are not supported.`, { field: "currency" });
    const email = await customerEmail(ctx.db, actor.customerId);
    const cart = await ctx.kassa.carts.create(actor, { regionId: region.id, email });
    for (const [i, item] of body.items.entries()) {
      try {
        await ctx.kassa.carts.addLine(cart.id, actor, { sku: item.sku, quantity: item.quantity });
      } catch (e) {
        if (e instanceof PaymentError && (e.code === "not_found" || e.code === "validation")) {
          throw new PaymentError("validation", `Unknown or unavailable sku ${item.sku}.`, { field: `items.${i}.sku` });
        }
        throw e;
      }
    }
    const order = await ctx.kassa.orders.completeCart(cart.id, actor, { requirePayment: false });
    return json({ message: "Order created successfully", data: codec.order(order) }, 201);
  });
}

export async function getOrder(ctx: Ctx) {
  await requireKey(ctx.db, ctx.req, "storefront");
  const actor = await requireCustomer(ctx.db, ctx.req);
  return json({ message: "Order retrieved successfully", data: codec.order(await ownOrder(ctx, actor, ctx.params.orderId!)) });
}

function refuseSettled(o: OrderView) {
  if (o.paymentStatus === "paid" || o.paymentStatus === "refunded") throw new PaymentError("invalid_state", "This order is already paid.", { paymentStatus: o.paymentStatus });
  if (o.paymentStatus === "canceled") throw new PaymentError("invalid_state", "This order is canceled.", { paymentStatus: o.paymentStatus });
}

/** The order's live intent with `providerId`, if there is one that can still be paid. */
async function liveIntent(ctx: Ctx, o: OrderView, actor: Actor): Promise<SessionView | null> {
  const col = await ctx.kassa.payments.getCollectionForCart(o.cartId, actor);
  return col?.sessions.find((s) => s.live && s.status !== "canceled") ?? null;
}

export async function createPaymentIntent(ctx: Ctx) {
  await requireKey(ctx.db, ctx.req, "storefront");
  const actor = await requireCustomer(ctx.db, ctx.req);
  const o = await ownOrder(ctx, actor, ctx.params.orderId!);
  refuseSettled(o);
  const providerId = ctx.stripe ? ctx.stripe.id : "pp_kassa_test";
  let session = await liveIntent(ctx, o, actor);
  if (!session || session.providerId !== providerId) {
    const col = await ctx.kassa.payments.createCollectionForCart(o.cartId, actor);
    // `reuse`: concurrent calls queue on the collection and all get the one live intent; only a real change
    // (another provider, another amount) replaces it.
    const next = await ctx.kassa.payments.createSession(col.id, actor, { providerId, description: `Payment for Order #${o.number}`, metadata: codec.intentMetadata(o), reuse: true, source: "shop" });
    session = next.sessions.find((s) => s.live)!;
  }
  return json({ message: "Payment intent created successfully", data: codec.paymentIntent(o, session) });
}

export async function markPaid(ctx: Ctx) {
  await requireKey(ctx.db, ctx.req, "payment_system");
  const body = parse(S.ShopMarkPaid, ctx);
  const id = ctx.params.orderId!;
  let o = await ownOrder(ctx, SYSTEM, id);
  const col = await ctx.kassa.payments.getCollectionForCart(o.cartId, SYSTEM);
  const sessions = (await (col ? ctx.kassa.payments.getCollection(col.id, SYSTEM, { allSessions: true }) : null))?.sessions ?? [];
  const session = body.payment_intent_id ? sessions.find((s) => s.data.id === body.payment_intent_id) : sessions.find((s) => s.live);
  // The seed's body: the intent (id, client_secret, amount, currency, status, line_items), and beside it the order's
  // id and payment status, so a payment system written from the seed parses it.
  const response = (s: SessionView) => json({ message: "Order marked as paid", data: { ...codec.paymentIntent(o, s), order_id: o.id, payment_status: o.paymentStatus } });
  if (o.paymentStatus === "paid" && session) return response(session); // repeating is harmless
  if (!session) {
    throw new PaymentError("validation", body.payment_intent_id ? "This payment intent does not belong to the order." : "The order has no payment intent.", { field: "payment_intent_id" });
  }
  const after = await ctx.kassa.payments.refreshSession(session.id, SYSTEM); // ask the provider, never trust the caller
  o = await ownOrder(ctx, SYSTEM, id);
  if (o.paymentStatus === "paid") return response(after);
  const status = String(after.data.status ?? after.status);
  if (status === "succeeded" || status === "requires_capture") {
    throw new PaymentError("currency_mismatch", "The provider's payment does not match the order's amount or currency.", {
      intentAmount: after.payment?.captured.amount ?? 0,
      orderTotal: o.total.amount,
    });
  }
  throw new PaymentError("invalid_state", `The payment has not succeeded (provider status: ${status}).`, { providerStatus: status });
}

/** Test-only stand-in for the seed's "make payment" call to Stripe: confirm the built-in provider's intent. */
export async function testConfirm(ctx: Ctx) {
  await requireKey(ctx.db, ctx.req, "payment_system");
  const body = parse(S.ShopTestConfirm, ctx);
  const sessionId = await ctx.kassa.lookups.sessionIdByProviderRef("pp_kassa_test", ctx.params.intentId!);
  if (!sessionId) throw new PaymentError("not_found", "No such test payment intent.");
  const pm: Record<string, string> = { pm_card_visa: "4242424242424242", pm_card_chargeDeclined: "4000000000000002" };
  const card = body.card ?? { number: pm[body.payment_method ?? "pm_card_visa"] ?? "" };
  const s = await ctx.kassa.payments.authorizeSession(sessionId, SYSTEM, { paymentData: { card } });
  return json({ id: s.data.id, object: "payment_intent", status: s.data.status, amount: s.amount.amount, currency: s.currency.toLowerCase() });
}
