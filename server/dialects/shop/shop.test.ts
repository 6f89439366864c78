// The shop API through its route handlers: the built-in provider by default, and Stripe (real SDK, local
// Stripe-compatible server, signed webhooks) where configured.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seed } from "../../../prisma/seed";
import { createStripeLocal, type StripeLocal } from "../../../scripts/stripe-local/server";
import type { DbHandle } from "../../db";
import { createKassa } from "../../core/kassa";
import { createRegistry, defaultProviders } from "../../providers/registry";
import { createStripeProvider, stripeClient } from "../../providers/stripe/provider";
import { embeddedTestDb } from "../../test/db";
import { useTestDatabase } from "../../test/app";
import { serveFetch } from "../../test/serve";
import { createStripeWebhookHandler } from "../../webhooks/stripe";
import { GET, POST } from "./router";

const STORE = "shop_demo_storefront_key";
const PAYSYS = "shop_demo_payment_system_key";

async function call(method: "GET" | "POST", path: string, o: { key?: string | null; token?: string; body?: unknown } = {}) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (o.key !== null) headers["x-api-key"] = o.key ?? STORE;
  if (o.token) headers.authorization = `Bearer ${o.token}`;
  const req = new Request(`http://localhost/api/v1/shop${path}`, { method, headers, body: method === "GET" ? undefined : JSON.stringify(o.body ?? {}) });
  const res = await (method === "GET" ? GET : POST)(req);
  return { status: res.status, body: await res.json() };
}

const login = async (email: string, password: string) => (await call("POST", "/auth/login", { body: { email, password } })).body.data.token as string;

describe("shop API", () => {
  let h: DbHandle;
  let alice: string;
  let bob: string;
  beforeAll(async () => {
    h = await embeddedTestDb();
    await seed(h.db);
    useTestDatabase(h);
    alice = await login("alice@example.com", "alice-password");
    bob = await login("bob@example.com", "bob-password");
  });
  afterAll(() => h.close());

  const order = async (token: string, items = [{ sku: "CAP-NAVY", quantity: 2 }], currency = "USD") => (await call("POST", "/orders", { token, body: { items, currency } })).body.data;

  it("logs in with the storefront key: token and expiry; wrong password 401; wrong key kind 403; no key 401", async () => {
    const ok = await call("POST", "/auth/login", { body: { email: "alice@example.com", password: "alice-password" } });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ message: "Login successful", data: { token: expect.stringMatching(/^kst_/), expires_at: expect.any(String) } });
    expect((await call("POST", "/auth/login", { body: { email: "alice@example.com", password: "x" } })).status).toBe(401);
    expect((await call("POST", "/auth/login", { key: PAYSYS, body: { email: "alice@example.com", password: "alice-password" } })).status).toBe(403);
    const none = await call("POST", "/auth/login", { key: null, body: {} });
    expect([none.status, none.body]).toEqual([401, { message: "Missing API key." }]);
    expect((await call("POST", "/auth/login", { key: "nope", body: {} })).body).toEqual({ message: "Invalid API key." });
  });

  it("creates an order with a number, lines and totals; refuses bad input with field errors", async () => {
    const o = await order(alice);
    expect(o).toMatchObject({ number: expect.stringMatching(/^ORD-\d{8}-[2-9A-HJ-NP-Z]{4}$/), payment_status: "not_paid", currency: "usd", total: "112.00" });
    expect(o.items).toEqual([{ sku: "CAP-NAVY", name: "Navy Cap", quantity: 2, unit_amount: 5600, amount: 11200, currency: "usd" }]);
    const bad = await call("POST", "/orders", { token: alice, body: { items: [], currency: "USD" } });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.errors)).toEqual(["items"]);
    const sku = await call("POST", "/orders", { token: alice, body: { items: [{ sku: "NOPE", quantity: 1 }], currency: "USD" } });
    expect([sku.status, Object.keys(sku.body.errors)]).toEqual([400, ["items.0.sku"]]);
    expect((await call("POST", "/orders", { body: { items: [{ sku: "CAP-NAVY", quantity: 1 }], currency: "USD" } })).status).toBe(401);
  });

  it("payment intent: the seed's exact shape (USD and JPY); the same live intent again; others' orders are 404", async () => {
    const o = await order(alice);
    const pi = await call("POST", `/orders/${o.id}/payment-intent`, { token: alice });
    expect(pi.status).toBe(200);
    expect(pi.body).toEqual({
      message: "Payment intent created successfully",
      data: {
        id: expect.any(String),
        client_secret: expect.stringContaining("_secret_"),
        amount: "112.00",
        currency: "usd",
        status: "requires_payment_method",
        line_items: [{ name: "Navy Cap", amount: 5600, currency: "usd", quantity: 2, description: "" }],
      },
    });
    const again = await call("POST", `/orders/${o.id}/payment-intent`, { token: alice });
    expect(again.body.data.id).toBe(pi.body.data.id);
    const jpy = await order(alice, [{ sku: "TEE-BLACK-M", quantity: 1 }], "jpy");
    const jpi = await call("POST", `/orders/${jpy.id}/payment-intent`, { token: alice });
    expect(jpi.body.data).toMatchObject({ amount: "4200", currency: "jpy", line_items: [{ name: "Black Tee", amount: 4200, currency: "jpy", quantity: 1, description: "" }] });
    expect((await call("GET", `/orders/${o.id}`, { token: bob })).status).toBe(404);
    expect((await call("POST", `/orders/${o.id}/payment-intent`, { token: bob })).status).toBe(404);
  });

  it("marks paid only after the provider confirms; only with the payment-system key; repeating is harmless", async () => {
    const o = await order(alice);
    const pi = (await call("POST", `/orders/${o.id}/payment-intent`, { token: alice })).body.data;
    expect((await call("POST", `/orders/${o.id}/payment`, { key: STORE, token: alice })).status).toBe(403);
    const early = await call("POST", `/orders/${o.id}/payment`, { key: PAYSYS });
    expect(early.status).toBe(409);
    expect((await call("GET", `/orders/${o.id}`, { token: alice })).body.data.payment_status).toBe("not_paid");
    const declined = await call("POST", `/test/payment-intents/${pi.id}/confirm`, { key: PAYSYS, body: { payment_method: "pm_card_chargeDeclined" } });
    expect(declined.body.status).toBe("requires_payment_method");
    expect((await call("POST", `/orders/${o.id}/payment`, { key: PAYSYS })).status).toBe(409);
    await call("POST", `/test/payment-intents/${pi.id}/confirm`, { key: PAYSYS, body: { payment_method: "pm_card_visa" } });
    const paid = await call("POST", `/orders/${o.id}/payment`, { key: PAYSYS, body: { payment_intent_id: pi.id } });
    expect(paid.status).toBe(200);
    // the seed's body: the intent, with the order's id and payment status beside it
    expect(Object.keys(paid.body.data)).toEqual(["id", "client_secret", "amount", "currency", "status", "line_items", "order_id", "payment_status"]);
    expect(paid.body).toEqual({ message: "Order marked as paid", data: { ...pi, status: "succeeded", order_id: o.id, payment_status: "paid" } });
    const again = await call("POST", `/orders/${o.id}/payment`, { key: PAYSYS });
    expect(again).toEqual(paid);
    const after = await call("POST", `/orders/${o.id}/payment-intent`, { token: alice });
    expect([after.status, after.body.message]).toEqual([409, "This order is already paid."]);
    const wrongIntent = await call("POST", `/orders/${(await order(alice)).id}/payment`, { key: PAYSYS, body: { payment_intent_id: pi.id } });
    expect(wrongIntent.status).toBe(400);
  });

  describe("with Stripe (real SDK, local Stripe-compatible server)", () => {
    let local: StripeLocal;
    let stripeUrl: string;
    let hook: { url: string; close(): Promise<void> };
    const secret = "whsec_shop_test";
    beforeAll(async () => {
      local = createStripeLocal();
      stripeUrl = (await local.listen()).url;
      const stripe = createStripeProvider({ secretKey: "sk_test_shop", webhookSecret: secret, apiBase: stripeUrl });
      const core = { kassa: createKassa({ db: h.db, providers: createRegistry([...defaultProviders(), stripe]) }), stripe };
      (globalThis as unknown as { kassaCore: unknown }).kassaCore = core;
      hook = await serveFetch(createStripeWebhookHandler(() => core));
    });
    afterAll(async () => {
      (globalThis as unknown as { kassaCore: unknown }).kassaCore = undefined;
      await hook.close();
      await local.close();
    });

    it("creates a PaymentIntent in minor units with description and metadata; a signed webhook marks the order paid once", async () => {
      const o = await order(alice);
      const pi = (await call("POST", `/orders/${o.id}/payment-intent`, { token: alice })).body.data;
      expect(pi.id).toMatch(/^pi_/);
      const intent = local.intents.get(pi.id)!;
      expect(intent).toMatchObject({ amount: 11200, currency: "usd", description: `Payment for Order #${o.number}` });
      expect(intent.metadata).toEqual({
        order_id: o.id,
        order_number: o.number,
        line_items: JSON.stringify([{ name: "Navy Cap", amount: 5600, currency: "usd", quantity: 2, description: "" }]),
        kassa_session_id: expect.stringMatching(/^payses_/),
        kassa_collection_id: expect.stringMatching(/^paycol_/),
        kassa_operation_id: expect.stringMatching(/^pop_/),
      });
      expect((await call("POST", `/orders/${o.id}/payment-intent`, { token: alice })).body.data.id).toBe(pi.id);

      // The storefront confirms with Stripe (here: straight at the local server); Stripe's events reach the webhook twice.
      local.setWebhook({ url: `${hook.url}/api/webhooks/stripe`, secret, duplicates: 2 });
      await stripeClient({ secretKey: "sk_test_shop", apiBase: stripeUrl }).paymentIntents.confirm(pi.id, { payment_method: "pm_card_visa" });
      for (let i = 0; i < 100; i++) {
        if ((await call("GET", `/orders/${o.id}`, { token: alice })).body.data.payment_status === "paid") break;
        await new Promise((r) => setTimeout(r, 30));
      }
      expect((await call("GET", `/orders/${o.id}`, { token: alice })).body.data.payment_status).toBe("paid");
      const paid = await call("POST", `/orders/${o.id}/payment`, { key: PAYSYS });
      expect([paid.status, paid.body.data.payment_status]).toEqual([200, "paid"]);
      const payment = await h.db.payment.findFirstOrThrow({ where: { providerRef: pi.id } });
      const txns = await h.db.transaction.findMany({ where: { paymentId: payment.id }, orderBy: { createdAt: "asc" } });
      expect(txns.map((t) => `${t.type}:${t.state}:${t.amountMinor}`)).toEqual(["Authorization:Success:11200", "Charge:Success:11200"]);
      local.setWebhook(undefined);
    });

    it("ten concurrent payment-intent calls for one order answer one intent", async () => {
      const o = await order(alice);
      const answers = await Promise.all(Array.from({ length: 10 }, () => call("POST", `/orders/${o.id}/payment-intent`, { token: alice })));
      expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
      const ids = new Set(answers.map((a) => a.body.data.id));
      const secrets = new Set(answers.map((a) => a.body.data.client_secret));
      expect([ids.size, secrets.size]).toEqual([1, 1]);
      const made = [...local.intents.values()].filter((i) => i.metadata.order_id === o.id);
      expect(made.map((i) => i.id)).toEqual([...ids]);
    });

    it("refuses /payment when Stripe has not taken the money", async () => {
      const o = await order(alice);
      await call("POST", `/orders/${o.id}/payment-intent`, { token: alice });
      const r = await call("POST", `/orders/${o.id}/payment`, { key: PAYSYS });
      expect(r.status).toBe(409);
      expect((await call("GET", `/orders/${o.id}`, { token: alice })).body.data.payment_status).toBe("not_paid");
    });
  });
});

it("keeps Stripe metadata within 500 characters", async () => {
  const { intentMetadata } = await import("./codec");
  const lines = Array.from({ length: 30 }, (_, i) => ({ id: `l${i}`, sku: `SKU-${i}`, name: `A rather long product name number ${i}`, quantity: 1, unitPrice: { amount: 100, currency: "USD" as const }, total: { amount: 100, currency: "USD" as const } }));
  const m = intentMetadata({ id: "ord_1", number: "ORD-20250331-5XZF", cartId: "c", customerId: null, anonymousId: null, email: null, currency: "USD", total: { amount: 3000, currency: "USD" }, shippingAddress: null, billingAddress: null, paymentStatus: "not_paid", paidAt: null, createdAt: new Date(), lines });
  expect(m.line_items!.length).toBeLessThanOrEqual(500);
  expect(Number(m.line_items_truncated)).toBe(30 - JSON.parse(m.line_items!).length);
});
