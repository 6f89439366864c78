import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../db";
import { testDatabases } from "../test/db";
import { newAnonymous, newCustomer, setupCore, type TestClock } from "../test/fixtures";
import type { Kassa } from "./kassa";
import type { Actor } from "./actors";
import { TEST_CARDS } from "../providers/test-card";
import type { IntentSnapshot } from "./provider-port";

const card = (number: string) => ({ card: { number, expMonth: 12, expYear: 2034, cvc: "123" } });

for (const target of testDatabases()) {
  describe(`payment core on the ${target.name} database`, () => {
    let h: DbHandle;
    let kassa: Kassa;
    let clock: TestClock;
    let region: (c: string) => { id: string };
    let alice: Actor & { type: "customer" };
    let bob: Actor & { type: "customer" };

    beforeAll(async () => {
      h = await target.open();
      ({ kassa, clock, region } = await setupCore(h));
      alice = await newCustomer(h);
      bob = await newCustomer(h);
    });
    afterAll(() => h.close());

    async function cartWith(actor: Actor, lines: [string, number][], currency = "USD") {
      const cart = await kassa.carts.create(actor, { regionId: region(currency).id });
      for (const [sku, qty] of lines) await kassa.carts.addLine(cart.id, actor, { sku, quantity: qty });
      return kassa.carts.get(cart.id, actor);
    }

    async function txnsOf(paymentId: string) {
      return (await h.db.transaction.findMany({ where: { paymentId }, orderBy: { createdAt: "asc" } })).map((t) => `${t.type}:${t.state}:${t.amountMinor}`);
    }

    it("prices carts from variant prices in the cart currency, in minor units", async () => {
      const usd = await cartWith(alice, [["TEE-BLACK-M", 2], ["MUG-WHITE", 1]]);
      expect(usd.total).toEqual({ amount: 2 * 2800 + 1250, currency: "USD" });
      const jpy = await cartWith(alice, [["CAP-NAVY", 3]], "JPY");
      expect(jpy.total).toEqual({ amount: 25200, currency: "JPY" });
      const line = usd.lines.find((l) => l.sku === "TEE-BLACK-M")!;
      expect((await kassa.carts.updateLine(usd.id, alice, line.id, 1)).total.amount).toBe(2800 + 1250);
      expect((await kassa.carts.removeLine(usd.id, alice, line.id)).total.amount).toBe(1250);
      await expect(kassa.carts.addLine(usd.id, alice, { sku: "TEE-BLACK-M", quantity: 0 })).rejects.toMatchObject({ code: "validation" });
      await expect(kassa.carts.addLine(usd.id, alice, { sku: "NOPE", quantity: 1 })).rejects.toMatchObject({ code: "not_found" });
    });

    it("keeps other people's carts, collections, sessions and payments invisible (not_found)", async () => {
      const cart = await cartWith(alice, [["MUG-WHITE", 1]]);
      const col = await kassa.payments.createCollectionForCart(cart.id, alice);
      const withSession = await kassa.payments.createSession(col.id, alice, { providerId: "pp_system_default" });
      const session = withSession.sessions[0]!;
      const authorized = await kassa.payments.authorizeSession(session.id, alice);
      const anon = newAnonymous();
      for (const actor of [bob, anon]) {
        await expect(kassa.carts.get(cart.id, actor)).rejects.toMatchObject({ code: "not_found" });
        await expect(kassa.carts.addLine(cart.id, actor, { sku: "MUG-WHITE", quantity: 1 })).rejects.toMatchObject({ code: "not_found" });
        await expect(kassa.payments.createCollectionForCart(cart.id, actor)).rejects.toMatchObject({ code: "not_found" });
        await expect(kassa.payments.getCollection(col.id, actor)).rejects.toMatchObject({ code: "not_found" });
        await expect(kassa.payments.createSession(col.id, actor, { providerId: "pp_system_default" })).rejects.toMatchObject({ code: "not_found" });
        await expect(kassa.payments.authorizeSession(session.id, actor)).rejects.toMatchObject({ code: "not_found" });
        await expect(kassa.payments.getPayment(authorized.payment!.id, actor)).rejects.toMatchObject({ code: "not_found" });
        await expect(kassa.payments.capturePayment(authorized.payment!.id, actor)).rejects.toMatchObject({ code: "forbidden" });
        await expect(kassa.orders.completeCart(cart.id, actor)).rejects.toMatchObject({ code: "not_found" });
      }
      // the money verbs are the merchant's: not even the payment's own customer may capture, refund or cancel it
      for (const verb of ["capturePayment", "refundPayment", "cancelPayment"] as const) {
        await expect(kassa.payments[verb](authorized.payment!.id, alice)).rejects.toMatchObject({ code: "forbidden" });
      }
      expect((await kassa.payments.getPayment(authorized.payment!.id, alice)).status).toBe("authorized");
      expect((await kassa.payments.listPayments(bob)).map((p) => p.id)).not.toContain(authorized.payment!.id);
      expect((await kassa.payments.listPayments(alice)).map((p) => p.id)).toContain(authorized.payment!.id);
    });

    it("creates one open collection per cart, also under concurrent requests", async () => {
      const cart = await cartWith(alice, [["TEE-BLACK-M", 1]]);
      const results = await Promise.all(Array.from({ length: 10 }, () => kassa.payments.createCollectionForCart(cart.id, alice)));
      expect(new Set(results.map((r) => r.id)).size).toBe(1);
      expect(results[0]!.amount).toEqual({ amount: 2800, currency: "USD" });
      expect(results[0]!.status).toBe("not_paid");
      expect(await h.db.paymentCollection.count({ where: { cartId: cart.id } })).toBe(1);
    });

    it("leaves exactly one live session after ten concurrent session creations", async () => {
      const cart = await cartWith(alice, [["TEE-BLACK-M", 1]]);
      const col = await kassa.payments.createCollectionForCart(cart.id, alice);
      const results = await Promise.allSettled(Array.from({ length: 10 }, () => kassa.payments.createSession(col.id, alice, { providerId: "pp_kassa_test" })));
      expect(results.filter((r) => r.status === "rejected")).toEqual([]);
      expect(await h.db.paymentSession.count({ where: { collectionId: col.id, liveForCollectionId: { not: null } } })).toBe(1);
      expect(await h.db.paymentSession.count({ where: { collectionId: col.id, status: { not: "canceled" } } })).toBe(1);
      const view = await kassa.payments.getCollection(col.id, alice);
      expect(view.status).toBe("not_paid"); // as Medusa: a session alone does not move the status
      expect(view.sessions).toHaveLength(1);
    });

    it("updates the live session's amount in place when the cart changes", async () => {
      const cart = await cartWith(alice, [["TEE-BLACK-M", 1]]);
      const col = await kassa.payments.createCollectionForCart(cart.id, alice);
      const s1 = (await kassa.payments.createSession(col.id, alice, { providerId: "pp_kassa_test" })).sessions[0]!;
      await kassa.carts.addLine(cart.id, alice, { sku: "MUG-WHITE", quantity: 2 });
      const after = await kassa.payments.getCollection(col.id, alice);
      expect(after.amount.amount).toBe(2800 + 2500);
      expect(after.sessions.map((s) => [s.id, s.data.id, s.amount.amount])).toEqual([[s1.id, s1.data.id, 5300]]);
    });

    it("test card 4242 authorizes and captures; the order is paid; a repeat is a no-op", async () => {
      const cart = await cartWith(alice, [["TEE-BLACK-M", 2]]);
      const col = await kassa.payments.createCollectionForCart(cart.id, alice);
      const s = (await kassa.payments.createSession(col.id, alice, { providerId: "pp_kassa_test" })).sessions[0]!;
      const done = await kassa.payments.authorizeSession(s.id, alice, { paymentData: card(TEST_CARDS.success) });
      expect(done.status).toBe("authorized");
      expect(done.payment).toMatchObject({ status: "captured", authorized: { amount: 5600 }, captured: { amount: 5600 } });
      const again = await kassa.payments.authorizeSession(s.id, alice, { paymentData: card(TEST_CARDS.success) });
      expect(again.payment!.version).toBe(done.payment!.version);
      expect(await txnsOf(done.payment!.id)).toEqual(["Authorization:Success:5600", "Charge:Success:5600"]);
      const order = await kassa.orders.completeCart(cart.id, alice);
      expect(order.number).toMatch(/^ORD-20260331-[2-9A-HJ-NP-Z]{4}$/);
      expect(order).toMatchObject({ paymentStatus: "paid", total: { amount: 5600, currency: "USD" } });
      expect((await kassa.payments.getCollection(col.id, alice)).status).toBe("authorized");
    });

    it("a decline leaves the cart payable; a retry with 4242 on the same session succeeds with one payment", async () => {
      const cart = await cartWith(alice, [["MUG-WHITE", 1]]);
      const col = await kassa.payments.createCollectionForCart(cart.id, alice);
      const s = (await kassa.payments.createSession(col.id, alice, { providerId: "pp_kassa_test" })).sessions[0]!;
      const declined = await kassa.payments.authorizeSession(s.id, alice, { paymentData: card(TEST_CARDS.declined) });
      expect(declined.status).toBe("error");
      expect(declined.lastError).toMatchObject({ code: "card_declined", declineCode: "generic_decline" });
      expect(declined.payment!.status).toBe("failed");
      await expect(kassa.orders.completeCart(cart.id, alice)).rejects.toMatchObject({ code: "invalid_state" });
      const funds = await kassa.payments.authorizeSession(s.id, alice, { paymentData: card(TEST_CARDS.insufficientFunds) });
      expect(funds.lastError).toMatchObject({ declineCode: "insufficient_funds" });
      const ok = await kassa.payments.authorizeSession(s.id, alice, { paymentData: card(TEST_CARDS.success) });
      expect(ok.payment!.id).toBe(declined.payment!.id);
      expect(ok.payment!.status).toBe("captured");
      expect(await txnsOf(ok.payment!.id)).toEqual(["Authorization:Failure:1250", "Authorization:Failure:1250", "Authorization:Success:1250", "Charge:Success:1250"]);
      const o1 = await kassa.orders.completeCart(cart.id, alice);
      const o2 = await kassa.orders.completeCart(cart.id, alice);
      expect(o2.id).toBe(o1.id);
      expect(await h.db.order.count({ where: { cartId: cart.id } })).toBe(1);
    });

    it("3-D Secure-like card: requires an action; rejecting leaves it unpaid, approving pays", async () => {
      const cart = await cartWith(alice, [["MUG-WHITE", 1]]);
      const col = await kassa.payments.createCollectionForCart(cart.id, alice);
      const s = (await kassa.payments.createSession(col.id, alice, { providerId: "pp_kassa_test" })).sessions[0]!;
      const pending = await kassa.payments.authorizeSession(s.id, alice, { paymentData: card(TEST_CARDS.requiresAction) });
      expect(pending.status).toBe("requires_more");
      expect(pending.payment!.status).toBe("requires_action");
      expect(pending.data.next_action).toMatchObject({ type: "kassa_confirm" });
      await expect(kassa.payments.authorizeSession(s.id, alice, { paymentData: card(TEST_CARDS.success) })).rejects.toMatchObject({ code: "requires_action" });
      const rejected = await kassa.payments.completeSessionAction(s.id, alice, false);
      expect(rejected.status).toBe("error");
      expect(rejected.payment!.status).toBe("failed");
      const again = await kassa.payments.authorizeSession(s.id, alice, { paymentData: card(TEST_CARDS.requiresAction) });
      expect(again.status).toBe("requires_more");
      const approved = await kassa.payments.completeSessionAction(s.id, alice, true);
      expect(approved.payment!.status).toBe("captured");
      expect(await txnsOf(approved.payment!.id)).toEqual(["Authorization:Failure:1250", "Authorization:Success:1250", "Charge:Success:1250"]);
    });

    it("async card: processing, then succeeded a moment later; no order before the money settles", async () => {
      const cart = await cartWith(alice, [["MUG-WHITE", 1]]);
      const col = await kassa.payments.createCollectionForCart(cart.id, alice);
      const s = (await kassa.payments.createSession(col.id, alice, { providerId: "pp_kassa_test" })).sessions[0]!;
      const processing = await kassa.payments.authorizeSession(s.id, alice, { paymentData: card(TEST_CARDS.async) });
      expect(processing.payment!.status).toBe("pending");
      await expect(kassa.orders.completeCart(cart.id, alice)).rejects.toMatchObject({ code: "invalid_state" });
      await expect(kassa.carts.addLine(cart.id, alice, { sku: "MUG-WHITE", quantity: 1 })).rejects.toMatchObject({ code: "invalid_state" });
      expect((await kassa.payments.refreshSession(s.id, alice)).payment!.status).toBe("pending");
      clock.advance(1500);
      const settled = await kassa.payments.refreshSession(s.id, alice);
      expect(settled.payment!.status).toBe("captured");
      // settling later enqueues the cart's completion (the job queue runs it); completing now gives the paid order
      expect(await h.db.job.count({ where: { uniqueKey: `cart.complete:${cart.id}` } })).toBe(1);
      const order = await kassa.orders.completeCart(cart.id, alice);
      expect(order.paymentStatus).toBe("paid");
    });

    it("20 concurrent authorize/capture requests on one session make one Authorization and one Charge", async () => {
      const cart = await cartWith(alice, [["CAP-NAVY", 1]]);
      const col = await kassa.payments.createCollectionForCart(cart.id, alice);
      const s = (await kassa.payments.createSession(col.id, alice, { providerId: "pp_system_default" })).sessions[0]!;
      const auths = await Promise.allSettled(Array.from({ length: 20 }, () => kassa.payments.authorizeSession(s.id, alice)));
      expect(auths.filter((r) => r.status === "rejected")).toEqual([]);
      const paymentId = (auths[0] as PromiseFulfilledResult<Awaited<ReturnType<Kassa["payments"]["authorizeSession"]>>>).value.payment!.id;
      const caps = await Promise.allSettled(Array.from({ length: 20 }, () => kassa.payments.capturePayment(paymentId, { type: "system" })));
      expect(caps.filter((r) => r.status === "rejected")).toEqual([]);
      expect(await txnsOf(paymentId)).toEqual(["Authorization:Success:5600", "Charge:Success:5600"]);
      const p = await kassa.payments.getPayment(paymentId, alice);
      expect(p).toMatchObject({ status: "captured", captured: { amount: 5600 } });
    });

    it("refuses capture beyond authorized, refund beyond captured, zero or negative amounts, stale versions", async () => {
      const cart = await cartWith(alice, [["TEE-BLACK-M", 1]]);
      const col = await kassa.payments.createCollectionForCart(cart.id, alice);
      const s = (await kassa.payments.createSession(col.id, alice, { providerId: "pp_system_default" })).sessions[0]!;
      const p = (await kassa.payments.authorizeSession(s.id, alice)).payment!;
      const sys = { type: "system" } as const;
      await expect(kassa.payments.refundPayment(p.id, sys, { amount: 100 })).rejects.toMatchObject({ code: "invalid_state" });
      await expect(kassa.payments.capturePayment(p.id, sys, { amount: 2801 })).rejects.toMatchObject({ code: "amount_exceeds_authorized" });
      await expect(kassa.payments.capturePayment(p.id, sys, { amount: 0 })).rejects.toMatchObject({ code: "validation" });
      await expect(kassa.payments.capturePayment(p.id, sys, { amount: -5 })).rejects.toMatchObject({ code: "validation" });
      await expect(kassa.payments.capturePayment(p.id, sys, { amount: 10.5 })).rejects.toMatchObject({ code: "validation" });
      const stale = await kassa.payments.capturePayment(p.id, sys, { amount: 1000, expectedVersion: p.version + 7 }).catch((e) => e);
      expect(stale).toMatchObject({ code: "version_conflict", details: { currentVersion: p.version } });
      const part = await kassa.payments.capturePayment(p.id, sys, { amount: 1000, operationKey: "cap-1", expectedVersion: p.version });
      expect(part).toMatchObject({ status: "partially_captured", captured: { amount: 1000 } });
      expect(part.version).toBeGreaterThan(p.version);
      const replay = await kassa.payments.capturePayment(p.id, sys, { amount: 1000, operationKey: "cap-1" });
      expect(replay.captured.amount).toBe(1000);
      expect(replay.version).toBe(part.version);
      await expect(kassa.payments.capturePayment(p.id, sys, { amount: 1801 })).rejects.toMatchObject({ code: "amount_exceeds_authorized" });
      const full = await kassa.payments.capturePayment(p.id, sys);
      expect(full).toMatchObject({ status: "captured", captured: { amount: 2800 } });
      await expect(kassa.payments.cancelPayment(p.id, sys)).rejects.toMatchObject({ code: "invalid_state" });
      await expect(kassa.payments.refundPayment(p.id, sys, { amount: 2801 })).rejects.toMatchObject({ code: "amount_exceeds_captured" });
      const r1 = await kassa.payments.refundPayment(p.id, sys, { amount: 800, operationKey: "ref-1" });
      expect(r1).toMatchObject({ status: "partially_refunded", refunded: { amount: 800 } });
      expect((await kassa.payments.refundPayment(p.id, sys, { amount: 800, operationKey: "ref-1" })).refunded.amount).toBe(800);
      await expect(kassa.payments.refundPayment(p.id, sys, { amount: 2001 })).rejects.toMatchObject({ code: "amount_exceeds_captured" });
      const r2 = await kassa.payments.refundPayment(p.id, sys);
      expect(r2).toMatchObject({ status: "refunded", refunded: { amount: 2800 } });
      const txns = await txnsOf(p.id);
      expect(txns.filter((t) => t.startsWith("Charge:Success")).map((t) => t.split(":")[2])).toEqual(["1000", "1800"]);
      expect(txns.filter((t) => t.startsWith("Refund:Success")).map((t) => t.split(":")[2])).toEqual(["800", "2000"]);
      const colView = await kassa.payments.getCollection(col.id, alice);
      expect([colView.captured.amount, colView.refunded.amount]).toEqual([2800, 2800]);
    });

    it("cancels an authorization once; a repeat is a no-op", async () => {
      const cart = await cartWith(alice, [["TEE-BLACK-M", 1]]);
      const col = await kassa.payments.createCollectionForCart(cart.id, alice);
      const s = (await kassa.payments.createSession(col.id, alice, { providerId: "pp_system_default" })).sessions[0]!;
      const p = (await kassa.payments.authorizeSession(s.id, alice)).payment!;
      const c1 = await kassa.payments.cancelPayment(p.id, { type: "system" });
      const c2 = await kassa.payments.cancelPayment(p.id, { type: "system" });
      expect(c1.status).toBe("canceled");
      expect(c2.version).toBe(c1.version);
      expect(await txnsOf(p.id)).toEqual(["Authorization:Success:2800", "CancelAuthorization:Success:2800"]);
      expect((await kassa.payments.getCollection(col.id, alice)).authorized.amount).toBe(0);
    });

    it("completing a cart concurrently yields one order", async () => {
      const cart = await cartWith(alice, [["TEE-BLACK-M", 1]]);
      const col = await kassa.payments.createCollectionForCart(cart.id, alice);
      const s = (await kassa.payments.createSession(col.id, alice, { providerId: "pp_system_default" })).sessions[0]!;
      await kassa.payments.authorizeSession(s.id, alice);
      const orders = await Promise.all(Array.from({ length: 8 }, () => kassa.orders.completeCart(cart.id, alice)));
      expect(new Set(orders.map((o) => o.id)).size).toBe(1);
      expect(orders[0]!.paymentStatus).toBe("authorized"); // held for the merchant's capture (pp_system_default is manual)
      await expect(kassa.carts.addLine(cart.id, alice, { sku: "MUG-WHITE", quantity: 1 })).rejects.toMatchObject({ code: "invalid_state" });
    });

    describe("provider events", () => {
      async function sessionWithRef() {
        const cart = await cartWith(alice, [["MUG-WHITE", 1]]);
        const col = await kassa.payments.createCollectionForCart(cart.id, alice);
        const s = (await kassa.payments.createSession(col.id, alice, { providerId: "pp_kassa_test" })).sessions[0]!;
        return { cart, session: s, ref: String(s.data.id) };
      }
      const snap = (ref: string, status: IntentSnapshot["status"], attempt: "pending" | "succeeded"): IntentSnapshot => ({
        ref, status, amount: 1250, currency: "USD", amountCapturable: 0, amountReceived: status === "succeeded" ? 1250 : 0, captureMethod: "automatic",
        attempts: [{ id: `${ref}_att_1`, state: attempt, amount: 1250 }], refunds: [],
        data: { ref, status, amount: 1250, currency: "USD", amountCapturable: 0, amountReceived: status === "succeeded" ? 1250 : 0, captureMethod: "automatic", attempts: [{ id: `${ref}_att_1`, state: attempt, amount: 1250 }], refunds: [] },
      });
      const event = (id: string, s: IntentSnapshot) => ({ id, type: `payment_intent.${s.status}`, snapshot: s, objectRef: s.ref, payload: { id } });

      it("the same event delivered three times concurrently has one effect", async () => {
        const { session, ref } = await sessionWithRef();
        await kassa.payments.authorizeSession(session.id, alice, { paymentData: card(TEST_CARDS.success) });
        const e = event(`evt_dup_${ref}`, snap(ref, "succeeded", "succeeded"));
        const results = await Promise.all([1, 2, 3].map(() => kassa.payments.applyProviderEvent("pp_kassa_test", e)));
        expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
        const view = await kassa.payments.getSession(session.id, alice);
        expect(await txnsOf(view.payment!.id)).toEqual(["Authorization:Success:1250", "Charge:Success:1250"]);
        expect(await h.db.providerEvent.count({ where: { provider: "pp_kassa_test", eventId: e.id } })).toBe(1);
      });

      it("an event is applied by what the provider holds, not by what it says: a forged or stale one changes nothing", async () => {
        // "succeeded" for an intent nobody paid: the provider still says requires_payment_method
        const a = await sessionWithRef();
        await kassa.payments.applyProviderEvent("pp_kassa_test", event(`evt_forged_${a.ref}`, snap(a.ref, "succeeded", "succeeded")));
        expect((await kassa.payments.getSession(a.session.id, alice)).payment).toBeNull();
        await expect(kassa.orders.completeCart(a.cart.id, alice)).rejects.toMatchObject({ code: "invalid_state" });
        // a decline, then a late "processing": the payment stays failed and the cart cannot complete
        const b = await sessionWithRef();
        const declined = await kassa.payments.authorizeSession(b.session.id, alice, { paymentData: card(TEST_CARDS.declined) });
        expect(declined.payment!.status).toBe("failed");
        await kassa.payments.applyProviderEvent("pp_kassa_test", event(`evt_late_${b.ref}`, snap(b.ref, "processing", "pending")));
        expect((await kassa.payments.getSession(b.session.id, alice)).payment!.status).toBe("failed");
        await expect(kassa.orders.completeCart(b.cart.id, alice)).rejects.toMatchObject({ code: "invalid_state" });
      });

      it("succeeded-before-confirmation and confirmation-before-succeeded converge", async () => {
        const a = await sessionWithRef();
        const b = await sessionWithRef();
        // a: the browser confirms first, then the provider's event arrives
        const ca = await kassa.payments.authorizeSession(a.session.id, alice, { paymentData: card(TEST_CARDS.success) });
        await kassa.payments.applyProviderEvent("pp_kassa_test", event(`evt_late_${a.ref}`, snap(a.ref, "succeeded", "succeeded")));
        // b: the event arrives first, then the browser's confirmation
        await kassa.payments.applyProviderEvent("pp_kassa_test", event(`evt_early_${b.ref}`, snap(b.ref, "succeeded", "succeeded")));
        const cb = await kassa.payments.authorizeSession(b.session.id, alice, { paymentData: card(TEST_CARDS.success) });
        const oa = await kassa.orders.completeCart(a.cart.id, alice);
        const ob = await kassa.orders.completeCart(b.cart.id, alice);
        expect([ca.status, cb.status]).toEqual(["authorized", "authorized"]);
        expect(await txnsOf(cb.payment!.id)).toEqual(await txnsOf(ca.payment!.id));
        expect([oa.paymentStatus, ob.paymentStatus]).toEqual(["paid", "paid"]);
      });
    });

    it("attaches an anonymous cart to the customer on sign-in", async () => {
      const anon = newAnonymous();
      const cart = await cartWith(anon, [["MUG-WHITE", 1]]);
      await expect(kassa.carts.get(cart.id, bob)).rejects.toMatchObject({ code: "not_found" });
      expect(await kassa.carts.attachToCustomer(anon.anonymousId, bob.customerId)).toBe(1);
      expect((await kassa.carts.get(cart.id, bob)).customerId).toBe(bob.customerId);
      await expect(kassa.carts.get(cart.id, anon)).rejects.toMatchObject({ code: "not_found" });
    });
  });
}
