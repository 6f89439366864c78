// The money lifecycle with a Stripe-like provider (the real SDK against the local Stripe-compatible server, which
// replays a reused key's first answer, refuses to cancel a processing intent and delivers events late or out of
// order), driven through the Medusa store routes as a client would. What a shopper is charged must equal the order
// total, always — checked against the provider's own state, not only our rows.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seed } from "../../prisma/seed";
import { createStripeLocal, type StripeLocal } from "../../scripts/stripe-local/server";
import type { DbHandle } from "../db";
import { createKassa, type Kassa } from "../core/kassa";
import { createRegistry, defaultProviders } from "../providers/registry";
import { createStripeProvider, stripeClient } from "../providers/stripe/provider";
import { GET, POST } from "../dialects/medusa/router";
import { createStripeWebhookHandler } from "../webhooks/stripe";
import { testDatabases } from "./db";
import { useTestDatabase } from "./app";
import { serveFetch } from "./serve";

const KEY = "pk_kassa_demo";
const SECRET = "whsec_lifecycle";

async function call(method: "GET" | "POST", url: string, body?: unknown) {
  const headers: Record<string, string> = { "content-type": "application/json", "x-publishable-api-key": KEY };
  const res = await (method === "GET" ? GET : POST)(new Request(`http://localhost${url}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }));
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

for (const target of testDatabases()) {
  describe(`money lifecycle with Stripe on the ${target.name} database`, () => {
    let h: DbHandle;
    let local: StripeLocal;
    let kassa: Kassa;
    let stripeUrl: string;
    let hook: { url: string; close(): Promise<void> };
    let region: string;
    let tee: string;

    beforeAll(async () => {
      h = await target.open();
      await seed(h.db);
      useTestDatabase(h);
      local = createStripeLocal({ asyncSettleMs: null }); // async payments settle when the test says so
      stripeUrl = (await local.listen()).url;
      const stripe = createStripeProvider({ secretKey: "sk_test_lifecycle", webhookSecret: SECRET, apiBase: stripeUrl });
      kassa = createKassa({ db: h.db, providers: createRegistry([...defaultProviders(), stripe]) });
      (globalThis as unknown as { kassaCore: unknown }).kassaCore = { kassa, stripe };
      hook = await serveFetch(createStripeWebhookHandler(() => ({ kassa, stripe })));
      region = (await h.db.region.findFirstOrThrow({ where: { currency: "USD" } })).id;
      tee = (await h.db.variant.findFirstOrThrow({ where: { sku: "TEE-BLACK-M" } })).id;
    });
    afterAll(async () => {
      (globalThis as unknown as { kassaCore: unknown }).kassaCore = undefined;
      await hook.close();
      await local.close();
      await h.close();
    });

    /** A guest cart with `qty` tees, its collection and a Stripe session: the intent the shopper would confirm. */
    async function stripeCart(qty: number) {
      const cart = (await call("POST", "/store/carts", { region_id: region, email: "guest@example.com" })).body.cart;
      const withLine = (await call("POST", `/store/carts/${cart.id}/line-items`, { variant_id: tee, quantity: qty })).body.cart;
      const col = (await call("POST", "/store/payment-collections", { cart_id: cart.id })).body.payment_collection;
      const created = await call("POST", `/store/payment-collections/${col.id}/payment-sessions`, { provider_id: "pp_stripe_stripe" });
      expect(created.status).toBe(200);
      const session = created.body.payment_collection.payment_sessions[0];
      return { cartId: cart.id as string, lineId: withLine.items[0].id as string, collectionId: col.id as string, intentId: session.data.id as string };
    }

    const setQty = (cartId: string, lineId: string, quantity: number) => call("POST", `/store/carts/${cartId}/line-items/${lineId}`, { quantity });
    const confirm = (intentId: string, pm = "pm_card_visa") =>
      stripeClient({ secretKey: "sk_test_lifecycle", apiBase: stripeUrl }).paymentIntents.confirm(intentId, { payment_method: pm }).catch((e) => e);

    /** What Stripe holds for the cart: captured or capturable money on its intents, minus what was refunded. */
    async function heldAtStripe(cartIntents: string[]): Promise<number> {
      const sdk = stripeClient({ secretKey: "sk_test_lifecycle", apiBase: stripeUrl });
      let held = 0;
      for (const id of cartIntents) {
        const pi = local.intents.get(id)!;
        const refunded = (await sdk.refunds.list({ payment_intent: id })).data.filter((r) => r.status === "succeeded").reduce((a, r) => a + r.amount, 0);
        held += (pi.status === "succeeded" ? pi.amount_received : pi.status === "requires_capture" ? pi.amount_capturable : 0) - refunded;
      }
      return held;
    }

    for (const steps of [[1, 2, 1], [2, 1, 2]] as const) {
      const start = steps[0] === 1 ? 2 : 1;
      it(`quantities ${start} -> ${steps.join(" -> ")}: the intent asks for the cart's total, and the shopper pays exactly the order total`, async () => {
        const c = await stripeCart(start);
        for (const q of steps) expect((await setQty(c.cartId, c.lineId, q)).status).toBe(200);
        const total = 2800 * steps.at(-1)!;
        expect(local.intents.get(c.intentId)!.amount).toBe(total);
        const col = (await call("GET", `/store/payment-collections/${c.collectionId}`)).body.payment_collection;
        expect(col.amount).toBe(total);
        await confirm(c.intentId);
        const done = await call("POST", `/store/carts/${c.cartId}/complete`);
        expect(done.body.type).toBe("order");
        expect(done.body.order.total).toBe(total / 100);
        expect(await heldAtStripe([c.intentId])).toBe(total);
      });
    }

    it("a cart changed after the shopper confirmed in Stripe.js: the money is flagged and returned, no order for the wrong amount", async () => {
      const c = await stripeCart(2);
      await confirm(c.intentId); // Stripe took 56.00; Kassa has not heard yet
      expect((await setQty(c.cartId, c.lineId, 1)).status).toBe(200);
      const complete = await call("POST", `/store/carts/${c.cartId}/complete`);
      // not an order: nothing counts toward 28.00, and the session that took 56.00 is out of play
      expect([complete.status, complete.body.type]).toEqual([400, "invalid_data"]);
      const payment = await h.db.payment.findFirstOrThrow({ where: { providerRef: c.intentId } });
      expect(payment.flag).toBe("amount_mismatch");
      const job = await h.db.job.findFirstOrThrow({ where: { uniqueKey: `payment.return:${payment.id}` } });
      expect(job.status).toBe("queued");
      await kassa.payments.returnFlaggedMoney(payment.id);
      expect(await heldAtStripe([c.intentId])).toBe(0);
      expect((await h.db.payment.findUniqueOrThrow({ where: { id: payment.id } })).returnedAt).not.toBeNull();
      // the cart can be paid afresh, for its own total
      const again = await call("POST", `/store/payment-collections/${c.collectionId}/payment-sessions`, { provider_id: "pp_stripe_stripe" });
      const next = again.body.payment_collection.payment_sessions[0].data.id as string;
      expect(local.intents.get(next)!.amount).toBe(2800);
      await confirm(next);
      const order = await call("POST", `/store/carts/${c.cartId}/complete`);
      expect([order.body.type, order.body.order.total]).toEqual(["order", 28]);
      expect(await heldAtStripe([c.intentId, next])).toBe(2800);
    });

    it("re-initiating while the live intent is processing answers 400 not_allowed; a late success never counts twice", async () => {
      const c = await stripeCart(1);
      local.setWebhook({ url: `${hook.url}/api/webhooks/stripe`, secret: SECRET, hold: true });
      await confirm(c.intentId, "pm_card_kassa_async"); // processing at Stripe
      // Kassa learns it is processing when any read reaches the intent (here: the event, re-read)
      await local.flush();
      const again = await call("POST", `/store/payment-collections/${c.collectionId}/payment-sessions`, { provider_id: "pp_stripe_stripe" });
      expect(again.status).toBe(400);
      expect(again.body).toMatchObject({ type: "not_allowed" });
      local.setWebhook(undefined);
    });

    it("ten concurrent requests for the order's intent (the shop API's `reuse`) make one intent at Stripe", async () => {
      const cart = (await call("POST", "/store/carts", { region_id: region, email: "guest@example.com" })).body.cart;
      await call("POST", `/store/carts/${cart.id}/line-items`, { variant_id: tee, quantity: 1 });
      const col = await kassa.payments.createCollectionForCart(cart.id, { type: "system" });
      const before = local.intents.size;
      const views = await Promise.all(
        Array.from({ length: 10 }, () => kassa.payments.createSession(col.id, { type: "system" }, { providerId: "pp_stripe_stripe", reuse: true })),
      );
      const ids = new Set(views.map((v) => v.sessions.find((x) => x.live)!.data.id));
      expect(ids.size).toBe(1);
      expect(local.intents.size - before).toBe(1);
      expect(await h.db.paymentSession.count({ where: { collectionId: col.id } })).toBe(1);
    });

    it("a late processing event after a decline never lets the cart complete", async () => {
      const c = await stripeCart(1);
      local.setWebhook({ url: `${hook.url}/api/webhooks/stripe`, secret: SECRET, hold: true });
      await confirm(c.intentId, "pm_card_kassa_async"); // processing
      local.settle(c.intentId, "fail"); // the bank declines later: payment_failed
      expect(local.held().map((e) => e.type)).toEqual(expect.arrayContaining(["payment_intent.processing", "payment_intent.payment_failed"]));
      // Stripe delivers in any order: payment_failed first, processing last
      await local.flush(true);
      local.setWebhook(undefined);
      const p = await h.db.payment.findFirstOrThrow({ where: { providerRef: c.intentId } });
      expect(p.status).toBe("failed");
      const complete = await call("POST", `/store/carts/${c.cartId}/complete`);
      expect(complete.body.type).toBe("cart");
      expect(complete.body.error).toMatchObject({ type: "payment_authorization_error" });
      expect(await h.db.order.count({ where: { cartId: c.cartId } })).toBe(0);
    });

    it("a replaced session whose intent was already settling: its late success is flagged and refunded, the cart is charged once", async () => {
      const c = await stripeCart(1);
      await confirm(c.intentId, "pm_card_kassa_async"); // the shopper confirmed in Stripe.js; Kassa has not heard
      // the shopper comes back and starts over: Kassa replaces the session; Stripe refuses to cancel a processing intent
      const replaced = await call("POST", `/store/payment-collections/${c.collectionId}/payment-sessions`, { provider_id: "pp_stripe_stripe" });
      expect(replaced.status).toBe(200);
      const next = replaced.body.payment_collection.payment_sessions[0].data.id as string;
      expect(next).not.toBe(c.intentId);
      expect(local.intents.get(c.intentId)!.status).toBe("processing"); // not canceled: Stripe said no
      await confirm(next);
      const order = await call("POST", `/store/carts/${c.cartId}/complete`);
      expect([order.body.type, order.body.order.total]).toEqual(["order", 28]);
      // the first intent settles after all, and its event arrives
      local.setWebhook({ url: `${hook.url}/api/webhooks/stripe`, secret: SECRET });
      local.settle(c.intentId, "succeed");
      for (let i = 0; i < 100 && !(await h.db.payment.findFirst({ where: { providerRef: c.intentId, flag: { not: null } } })); i++) await new Promise((r) => setTimeout(r, 20));
      local.setWebhook(undefined);
      const late = await h.db.payment.findFirstOrThrow({ where: { providerRef: c.intentId } });
      expect(late.flag).toBe("completed_cart");
      const col = (await call("GET", `/store/payment-collections/${c.collectionId}`)).body.payment_collection;
      expect(col.authorized_amount).toBe(2800); // the late money is counted nowhere
      expect(await heldAtStripe([c.intentId, next])).toBe(5600); // until the return job runs
      await kassa.payments.returnFlaggedMoney(late.id);
      expect(await heldAtStripe([c.intentId, next])).toBe(2800);
      const order2 = await h.db.order.findUniqueOrThrow({ where: { cartId: c.cartId } });
      expect(order2.paymentStatus).toBe("paid");
    });

    it("a lost answer is finished with the same key: an amount change applied at Stripe but never heard of", async () => {
      const c = await stripeCart(2);
      local.fail({ method: "POST", path: `^/v1/payment_intents/${c.intentId}$`, kind: "after_commit", count: 2 });
      expect((await setQty(c.cartId, c.lineId, 1)).status).toBe(200); // the cart changed; Stripe applied it, the answer was lost
      const op = await h.db.paymentOperation.findFirstOrThrow({ where: { sessionId: { not: undefined }, kind: "update_amount", status: "pending", session: { providerRef: c.intentId } } });
      expect(op.leaseUntil!.getTime()).toBeLessThanOrEqual(Date.now());
      expect(await h.db.job.count({ where: { uniqueKey: `operation.resume:${op.id}` } })).toBe(1);
      // the next call on the session finishes it first, repeating the same key (Stripe replays its first answer)
      const paid = await confirm(c.intentId);
      expect(local.intents.get(c.intentId)!.amount).toBe(2800);
      void paid;
      expect(await kassa.payments.resumeOperation(op.id)).toMatch(/finished|not_pending/);
      expect((await h.db.paymentOperation.findUniqueOrThrow({ where: { id: op.id } })).status).toBe("succeeded");
      const order = await call("POST", `/store/carts/${c.cartId}/complete`);
      expect([order.body.type, order.body.order.total]).toEqual(["order", 28]);
      expect(await heldAtStripe([c.intentId])).toBe(2800);
    });

    const SYS = { type: "system" } as const;

    it("a refund whose answer was lost is found at Stripe by its operation id: the merchant's retry refunds once", async () => {
      const c = await stripeCart(1);
      await confirm(c.intentId);
      expect((await call("POST", `/store/carts/${c.cartId}/complete`)).body.type).toBe("order");
      const p = await h.db.payment.findFirstOrThrow({ where: { providerRef: c.intentId } });
      // Stripe makes the refund, the answer never arrives (the SDK's own retry too), and the repeat is lost as well
      local.fail({ method: "POST", path: "^/v1/refunds$", kind: "after_commit", count: 4 });
      await expect(kassa.payments.refundPayment(p.id, SYS, { amount: 1000, operationKey: "rma-7" })).rejects.toMatchObject({ code: "provider_unavailable" });
      const op = await h.db.paymentOperation.findFirstOrThrow({ where: { paymentId: p.id, kind: "refund" } });
      expect(op.status).toBe("pending");
      expect(await kassa.payments.resumeOperation(op.id)).toBe("finished"); // repeat unanswered: the intent's refunds tell
      local.clearFaults();
      expect((await h.db.paymentOperation.findUniqueOrThrow({ where: { id: op.id } })).status).toBe("succeeded");
      const again = await kassa.payments.refundPayment(p.id, SYS, { amount: 1000, operationKey: "rma-7" });
      expect(again.refunded.amount).toBe(1000);
      await expect(kassa.payments.refundPayment(p.id, SYS, { amount: 500, operationKey: "rma-7" })).rejects.toMatchObject({ code: "idempotency_conflict" });
      const atStripe = [...local.refunds.values()].filter((r) => r.payment_intent === c.intentId);
      expect(atStripe.map((r) => [r.amount, r.status, (r.metadata as Record<string, string>).kassa_operation_id])).toEqual([[1000, "succeeded", op.id]]);
    });

    it("a repeat that Stripe answers 'key in use' leaves the operation pending, never failed: the later resume refunds once", async () => {
      const c = await stripeCart(1);
      await confirm(c.intentId);
      expect((await call("POST", `/store/carts/${c.cartId}/complete`)).body.type).toBe("order");
      const p = await h.db.payment.findFirstOrThrow({ where: { providerRef: c.intentId } });
      local.fail({ method: "POST", path: "^/v1/refunds$", kind: "network", count: 2 }); // the first request: no answer
      await expect(kassa.payments.refundPayment(p.id, SYS, { amount: 900, operationKey: "rma-9" })).rejects.toMatchObject({ code: "provider_unavailable" });
      const op = await h.db.paymentOperation.findFirstOrThrow({ where: { paymentId: p.id, kind: "refund" } });
      local.fail({ method: "POST", path: "^/v1/refunds$", kind: "in_use", count: 1 }); // Stripe: still running
      await expect(kassa.payments.resumeOperation(op.id)).rejects.toMatchObject({ code: "provider_unavailable" });
      const still = await h.db.paymentOperation.findUniqueOrThrow({ where: { id: op.id } });
      expect([still.status, still.leaseUntil!.getTime() <= Date.now()]).toEqual(["pending", true]);
      expect(await kassa.payments.resumeOperation(op.id)).toBe("finished");
      expect((await h.db.paymentOperation.findUniqueOrThrow({ where: { id: op.id } })).status).toBe("succeeded");
      expect((await kassa.payments.refundPayment(p.id, SYS, { amount: 900, operationKey: "rma-9" })).refunded.amount).toBe(900);
      expect([...local.refunds.values()].filter((r) => r.payment_intent === c.intentId).map((r) => r.amount)).toEqual([900]);
    });

    it("resuming an abandoned operation takes its lease once: concurrent resumers call Stripe once", async () => {
      const c = await stripeCart(1);
      await confirm(c.intentId);
      expect((await call("POST", `/store/carts/${c.cartId}/complete`)).body.type).toBe("order");
      const p = await h.db.payment.findFirstOrThrow({ where: { providerRef: c.intentId } });
      local.fail({ method: "POST", path: "^/v1/refunds$", kind: "network", count: 2 }); // refused before Stripe saw it
      await expect(kassa.payments.refundPayment(p.id, SYS, { amount: 700 })).rejects.toMatchObject({ code: "provider_unavailable" });
      const op = await h.db.paymentOperation.findFirstOrThrow({ where: { paymentId: p.id, kind: "refund" } });
      const outcomes = await Promise.all(Array.from({ length: 5 }, () => kassa.payments.resumeOperation(op.id)));
      expect(outcomes.filter((o) => o === "finished")).toHaveLength(1);
      expect(outcomes.filter((o) => o !== "finished").every((o) => o === "leased" || o === "not_pending")).toBe(true);
      expect([...local.refunds.values()].filter((r) => r.payment_intent === c.intentId).map((r) => r.amount)).toEqual([700]);
    });

    it("a return refund that fails later at the bank is returned again, with a new key", async () => {
      const c = await stripeCart(2);
      await confirm(c.intentId); // Stripe took 56.00; Kassa has not heard
      expect((await setQty(c.cartId, c.lineId, 1)).status).toBe(200);
      const payment = await h.db.payment.findFirstOrThrow({ where: { providerRef: c.intentId } });
      expect(payment.flag).toBe("amount_mismatch");
      await kassa.payments.returnFlaggedMoney(payment.id);
      expect(await heldAtStripe([c.intentId])).toBe(0);
      const [first] = [...local.refunds.values()].filter((r) => r.payment_intent === c.intentId);
      local.failRefund(first!.id); // days later: the card account was closed
      await kassa.payments.refreshSession(payment.sessionId!, SYS);
      const bounced = await h.db.payment.findUniqueOrThrow({ where: { id: payment.id } });
      expect([bounced.refundedMinor, bounced.returnedAt]).toEqual([0n, null]);
      expect(await h.db.job.count({ where: { uniqueKey: `payment.return:${payment.id}` } })).toBe(1);
      expect(await kassa.payments.returnFlaggedMoney(payment.id)).toEqual({ done: true });
      expect(await heldAtStripe([c.intentId])).toBe(0);
      const refunds = [...local.refunds.values()].filter((r) => r.payment_intent === c.intentId);
      expect(refunds.map((r) => [r.amount, r.status])).toEqual([[5600, "failed"], [5600, "succeeded"]]);
      expect((await h.db.payment.findUniqueOrThrow({ where: { id: payment.id } })).returnedAt).not.toBeNull();
    });

    it("a partial capture releases the rest at Stripe: the payment holds what was captured, and the order is paid", async () => {
      const cart = (await call("POST", "/store/carts", { region_id: region, email: "guest@example.com" })).body.cart;
      await call("POST", `/store/carts/${cart.id}/line-items`, { variant_id: tee, quantity: 2 });
      const col = (await call("POST", "/store/payment-collections", { cart_id: cart.id })).body.payment_collection;
      const view = await kassa.payments.createSession(col.id, SYS, { providerId: "pp_stripe_stripe", captureMethod: "manual" });
      const session = view.sessions.find((x) => x.status !== "canceled")!;
      const intentId = (session.data as { id: string }).id;
      await confirm(intentId);
      expect(local.intents.get(intentId)!.status).toBe("requires_capture");
      await kassa.payments.authorizeSession(session.id, SYS);
      expect((await call("POST", `/store/carts/${cart.id}/complete`)).body.type).toBe("order");
      const p = await h.db.payment.findFirstOrThrow({ where: { providerRef: intentId } });
      const captured = await kassa.payments.capturePayment(p.id, SYS, { amount: 2000 });
      expect(local.intents.get(intentId)!).toMatchObject({ status: "succeeded", amount_received: 2000 });
      expect([captured.status, captured.captured.amount]).toEqual(["captured", 2000]);
      expect(await heldAtStripe([intentId])).toBe(2000);
      const order = await h.db.order.findUniqueOrThrow({ where: { cartId: cart.id } });
      expect(order.paymentStatus).toBe("paid");
    });
  });
}
