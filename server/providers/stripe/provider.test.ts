// The Stripe provider with the real `stripe` SDK against the local Stripe-compatible server (scripts/stripe-local).
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStripeLocal, type StripeLocal } from "../../../scripts/stripe-local/server";
import { money } from "../../core/money";
import { createStripeProvider } from "./provider";

const ctx = (key: string) => ({ sessionId: "payses_test", idempotencyKey: key, now: new Date() });
const secret = "whsec_test_provider";

describe("Stripe provider (real SDK, local Stripe-compatible server)", () => {
  let local: StripeLocal;
  let stripe: ReturnType<typeof createStripeProvider>;
  let n = 0;
  const key = () => `k-${Date.now()}-${++n}`;

  beforeAll(async () => {
    local = createStripeLocal({ asyncSettleMs: 50 });
    const { url } = await local.listen();
    stripe = createStripeProvider({ secretKey: "sk_test_kassa", webhookSecret: secret, apiBase: url });
  });
  afterAll(() => local.close());

  it("creates a PaymentIntent in Stripe's minor units with metadata, and replays on the same idempotency key", async () => {
    const k = key();
    const a = await stripe.initiate({ ...ctx(k), amount: money(11200, "USD"), metadata: { order_id: "9", order_number: "ORD-20250331-5XZF" }, description: "Payment for Order #ORD-20250331-5XZF" });
    const b = await stripe.initiate({ ...ctx(k), amount: money(11200, "USD"), metadata: { order_id: "9", order_number: "ORD-20250331-5XZF" }, description: "Payment for Order #ORD-20250331-5XZF" });
    expect(b.ref).toBe(a.ref);
    expect(a).toMatchObject({ status: "requires_payment_method", amount: 11200, currency: "USD" });
    const pi = local.intents.get(a.ref)!;
    expect(pi).toMatchObject({ amount: 11200, currency: "usd", metadata: { order_id: "9", order_number: "ORD-20250331-5XZF" }, description: "Payment for Order #ORD-20250331-5XZF" });
    await expect(stripe.initiate({ ...ctx(k), amount: money(999, "USD") })).rejects.toMatchObject({ code: "idempotency_conflict" });
  });

  it("handles zero-decimal and three-decimal currencies (refusing KWD amounts Stripe rejects)", async () => {
    const jpy = await stripe.initiate({ ...ctx(key()), amount: money(4200, "JPY") });
    expect(local.intents.get(jpy.ref)!.amount).toBe(4200);
    await expect(stripe.initiate({ ...ctx(key()), amount: money(5125, "KWD") })).rejects.toMatchObject({ code: "validation" });
    const kwd = await stripe.initiate({ ...ctx(key()), amount: money(5120, "KWD") });
    expect(kwd.amount).toBe(5120);
  });

  it("updates the amount in place, confirms, declines as an outcome, and maps errors", async () => {
    const s = await stripe.initiate({ ...ctx(key()), amount: money(2800, "USD") });
    const u = await stripe.update(s.data, { ...ctx(key()), amount: money(5300, "USD") });
    expect([u.ref, u.amount]).toEqual([s.ref, 5300]);
    const declined = await stripe.authorize(u.data, { ...ctx(key()), paymentData: { payment_method: "pm_card_chargeDeclined" } });
    expect(declined.status).toBe("requires_payment_method");
    expect(declined.lastError).toMatchObject({ code: "card_declined", declineCode: "generic_decline" });
    expect(declined.attempts.map((a) => a.state)).toEqual(["failed"]);
    const ok = await stripe.authorize(declined.data, { ...ctx(key()), paymentData: { payment_method: "pm_card_visa" } });
    expect(ok).toMatchObject({ status: "succeeded", amountReceived: 5300 });
    await expect(stripe.update(ok.data, { ...ctx(key()), amount: money(100, "USD") })).rejects.toMatchObject({ code: "invalid_state" });
    await expect(stripe.refund(ok.data, { ...ctx(key()), amount: 6000 })).rejects.toMatchObject({ code: "validation" });
    const r = await stripe.refund(ok.data, { ...ctx(key()), amount: 1000 });
    expect(r.refunds).toEqual([expect.objectContaining({ amount: 1000, state: "succeeded" })]);
    await expect(stripe.retrieve({ ref: "pi_missing" }, { now: new Date() })).rejects.toMatchObject({ code: "not_found" });
  });

  it("manual capture: authorize, capture part", async () => {
    const s = await stripe.initiate({ ...ctx(key()), amount: money(5600, "USD"), captureMethod: "manual" });
    const auth = await stripe.authorize(s.data, { ...ctx(key()), paymentData: { payment_method: "pm_card_visa" } });
    expect(auth).toMatchObject({ status: "requires_capture", amountCapturable: 5600 });
    await expect(stripe.capture(auth.data, { ...ctx(key()), amount: 6000 })).rejects.toMatchObject({ code: "validation" });
    const cap = await stripe.capture(auth.data, { ...ctx(key()), amount: 5000 });
    expect(cap).toMatchObject({ status: "succeeded", amountReceived: 5000 });
  });

  it("a provider that cannot be reached is provider_unavailable", async () => {
    const down = createStripeProvider({ secretKey: "sk_test_x", webhookSecret: secret, apiBase: "http://127.0.0.1:9", timeoutMs: 2000 });
    await expect(down.initiate({ ...ctx(key()), amount: money(100, "USD") })).rejects.toMatchObject({ code: "provider_unavailable" });
  });

  it("verifies webhooks on the raw body: good, bad and stale signatures", async () => {
    const s = await stripe.initiate({ ...ctx(key()), amount: money(100, "USD") });
    const payload = JSON.stringify({ id: "evt_1", object: "event", type: "payment_intent.succeeded", created: 1, data: { object: local.intents.get(s.ref) } });
    const signer = new Stripe("sk_test_x");
    const good = signer.webhooks.generateTestHeaderString({ payload, secret });
    const e = await stripe.parseWebhook!(payload, new Headers({ "stripe-signature": good }));
    expect(e).toMatchObject({ id: "evt_1", objectRef: s.ref });
    const wrong = signer.webhooks.generateTestHeaderString({ payload, secret: "whsec_other" });
    await expect(stripe.parseWebhook!(payload, new Headers({ "stripe-signature": wrong }))).rejects.toMatchObject({ code: "unauthorized" });
    const stale = signer.webhooks.generateTestHeaderString({ payload, secret, timestamp: Math.floor(Date.now() / 1000) - 3600 });
    await expect(stripe.parseWebhook!(payload, new Headers({ "stripe-signature": stale }))).rejects.toMatchObject({ code: "unauthorized" });
    await expect(stripe.parseWebhook!(payload + " ", new Headers({ "stripe-signature": good }))).rejects.toMatchObject({ code: "unauthorized" });
    await expect(stripe.parseWebhook!(payload, new Headers())).rejects.toMatchObject({ code: "unauthorized" });
  });
});

describe("Stripe webhooks with unusable objects", () => {
  it("keeps a signed event whose object cannot be read, without applying it", async () => {
    const provider = createStripeProvider({ secretKey: "sk_test_x", webhookSecret: secret, apiBase: "http://127.0.0.1:9" });
    const payload = JSON.stringify({ id: "evt_odd", object: "event", type: "payment_intent.processing", data: { object: { id: "pi_odd", object: "payment_intent" } } });
    const sig = new Stripe("sk_test_x").webhooks.generateTestHeaderString({ payload, secret });
    expect(await provider.parseWebhook!(payload, new Headers({ "stripe-signature": sig }))).toMatchObject({ id: "evt_odd", objectRef: "pi_odd", snapshot: null });
  });
});
