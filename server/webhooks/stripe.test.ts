// End to end through real HTTP: core + Stripe provider (real SDK) + local Stripe server delivering signed webhooks
// to the webhook handler — duplicates, reordering, and the browser's own confirmation racing the events.
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStripeLocal, type StripeLocal } from "../../scripts/stripe-local/server";
import type { DbHandle } from "../db";
import { createKassa, type Kassa } from "../core/kassa";
import { createRegistry, defaultProviders } from "../providers/registry";
import { createStripeProvider } from "../providers/stripe/provider";
import { testDatabases } from "../test/db";
import { newCustomer, setupCore } from "../test/fixtures";
import { serveFetch } from "../test/serve";
import { undocumented } from "../test/documented";
import { createStripeWebhookHandler } from "./stripe";
import type { Actor } from "../core/actors";

const secret = "whsec_webhook_test";

for (const target of testDatabases()) {
  describe(`Stripe webhooks on the ${target.name} database`, () => {
    let h: DbHandle;
    let local: StripeLocal;
    let kassa: Kassa;
    let hook: { url: string; close(): Promise<void> };
    let alice: Actor;
    let regionId: string;
    let stripe: ReturnType<typeof createStripeProvider>;

    beforeAll(async () => {
      h = await target.open();
      const base = await setupCore(h);
      regionId = base.region("USD").id;
      local = createStripeLocal({ asyncSettleMs: 50 });
      const { url } = await local.listen();
      stripe = createStripeProvider({ secretKey: "sk_test_kassa", webhookSecret: secret, apiBase: url });
      kassa = createKassa({ db: h.db, providers: createRegistry([...defaultProviders(), stripe]) });
      hook = await serveFetch(createStripeWebhookHandler(() => ({ kassa, stripe })));
      alice = await newCustomer(h);
    });
    afterAll(async () => {
      await hook.close();
      await local.close();
      await h.close();
    });

    async function stripeSession() {
      const cart = await kassa.carts.create(alice, { regionId });
      await kassa.carts.addLine(cart.id, alice, { sku: "TEE-BLACK-M", quantity: 2 });
      const col = await kassa.payments.createCollectionForCart(cart.id, alice);
      const s = (await kassa.payments.createSession(col.id, alice, { providerId: "pp_stripe_stripe" })).sessions[0]!;
      return { cart, session: s, ref: String(s.data.id) };
    }
    const txns = async (paymentId: string) =>
      (await h.db.transaction.findMany({ where: { paymentId }, orderBy: { createdAt: "asc" } })).map((t) => `${t.type}:${t.state}:${t.amountMinor}`);
    const until = async (fn: () => Promise<boolean>) => {
      for (let i = 0; i < 100 && !(await fn()); i++) await new Promise((r) => setTimeout(r, 50));
    };

    it("refuses unsigned, badly signed and stale deliveries with 400 and applies nothing", async () => {
      const { ref } = await stripeSession();
      const payload = JSON.stringify({ id: "evt_forged", object: "event", type: "payment_intent.succeeded", data: { object: { ...local.intents.get(ref), status: "succeeded", amount_received: 5600 } } });
      const signer = new Stripe("sk_test_x");
      for (const sig of [undefined, signer.webhooks.generateTestHeaderString({ payload, secret: "whsec_wrong" }), signer.webhooks.generateTestHeaderString({ payload, secret, timestamp: 1 })]) {
        const res = await fetch(`${hook.url}/api/webhooks/stripe`, { method: "POST", body: payload, headers: sig ? { "stripe-signature": sig } : {} });
        expect(res.status).toBe(400);
        expect(undocumented("stripe-webhooks", "POST", "/api/webhooks/stripe", res.status, await res.json())).toEqual([]);
      }
      expect(await h.db.providerEvent.count({ where: { eventId: "evt_forged" } })).toBe(0);
      // signed with the right secret, but not an event: refused, nothing stored
      const notAnEvent = JSON.stringify({ id: "evt_not_an_event", hello: "world" });
      const signed = await fetch(`${hook.url}/api/webhooks/stripe`, { method: "POST", body: notAnEvent, headers: { "stripe-signature": signer.webhooks.generateTestHeaderString({ payload: notAnEvent, secret }) } });
      expect([signed.status, ((await signed.json()) as { error: { type: string } }).error.type]).toEqual([400, "invalid_event"]);
      expect(await h.db.providerEvent.count({ where: { eventId: "evt_not_an_event" } })).toBe(0);
      const unconfigured = await serveFetch(createStripeWebhookHandler(() => ({ kassa, stripe: null })));
      expect((await fetch(`${unconfigured.url}/x`, { method: "POST", body: payload })).status).toBe(400);
      await unconfigured.close();
    });

    it("each event delivered three times concurrently: one effect, every delivery answered 2xx", async () => {
      const statuses: number[] = [];
      const problems: string[] = [];
      const counting = await serveFetch(async (req) => {
        const res = await createStripeWebhookHandler(() => ({ kassa, stripe }))(req);
        statuses.push(res.status);
        problems.push(...undocumented("stripe-webhooks", "POST", "/api/webhooks/stripe", res.status, await res.clone().json()));
        return res;
      });
      local.setWebhook({ url: `${counting.url}/api/webhooks/stripe`, secret, duplicates: 3 });
      const { session } = await stripeSession();
      const after = await kassa.payments.authorizeSession(session.id, alice, { paymentData: { payment_method: "pm_card_visa" } });
      await until(async () => statuses.length >= 9);
      expect(statuses.every((s) => s === 200)).toBe(true);
      expect(problems).toEqual([]);
      expect(await txns(after.payment!.id)).toEqual(["Authorization:Success:5600", "Charge:Success:5600"]);
      local.setWebhook(undefined);
      await counting.close();
    });

    it("events before the browser's confirmation, and after it, reversed: the same end state", async () => {
      const early = await stripeSession();
      const late = await stripeSession();
      // early: Stripe's events reach us (reversed) before the browser reports back
      local.setWebhook({ url: `${hook.url}/api/webhooks/stripe`, secret, hold: true });
      await stripe.authorize({ ref: early.ref }, { sessionId: early.session.id, idempotencyKey: `c-${early.ref}`, now: new Date(), paymentData: { payment_method: "pm_card_visa" } });
      await local.flush(true);
      const e = await kassa.payments.authorizeSession(early.session.id, alice, {});
      // late: the browser first, the events (reversed) afterwards
      const l = await kassa.payments.authorizeSession(late.session.id, alice, { paymentData: { payment_method: "pm_card_visa" } });
      await local.flush(true);
      local.setWebhook(undefined);
      const le = await kassa.payments.getSession(late.session.id, alice);
      expect([e.status, l.status, le.status]).toEqual(["authorized", "authorized", "authorized"]);
      expect(await txns(le.payment!.id)).toEqual(await txns(e.payment!.id));
      expect(await txns(e.payment!.id)).toEqual(["Authorization:Success:5600", "Charge:Success:5600"]);
      const oe = await kassa.orders.completeCart(early.cart.id, alice);
      const ol = await kassa.orders.completeCart(late.cart.id, alice);
      expect([oe.paymentStatus, ol.paymentStatus]).toEqual(["paid", "paid"]);
    });

    it("async settlement arrives by event; refunds arrive as charge.refunded without double counting", async () => {
      local.setWebhook({ url: `${hook.url}/api/webhooks/stripe`, secret });
      const { session } = await stripeSession();
      const processing = await kassa.payments.authorizeSession(session.id, alice, { paymentData: { payment_method: "pm_card_kassa_async" } });
      expect(processing.payment!.status).toBe("pending");
      await until(async () => (await kassa.payments.getSession(session.id, alice)).payment!.status === "captured");
      const paid = await kassa.payments.getSession(session.id, alice);
      expect(paid.payment!.status).toBe("captured");
      const refunded = await kassa.payments.refundPayment(paid.payment!.id, { type: "system" }, { amount: 600 });
      expect(refunded.refunded.amount).toBe(600);
      await until(async () => (await h.db.providerEvent.count({ where: { objectRef: paid.data.id as string, type: "charge.refunded" } })) > 0);
      await new Promise((r) => setTimeout(r, 100));
      const p = await kassa.payments.getPayment(paid.payment!.id, alice);
      expect(p.refunded.amount).toBe(600);
      expect((await txns(p.id)).filter((t) => t.startsWith("Refund"))).toEqual(["Refund:Success:600"]);
      local.setWebhook(undefined);
    });
  });
}
