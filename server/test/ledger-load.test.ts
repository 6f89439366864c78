// Load correctness (short mode): many concurrent clients mixing sessions, authorizations, captures, refunds,
// completions and replayed provider events for a while; afterwards the ledger invariants must hold.
// Runs on PostgreSQL when DATABASE_URL is set (real concurrency), else on the embedded database.
// LEDGER_LOAD_SECONDS / LEDGER_LOAD_CLIENTS make it longer or wider (the full run is 60 s x 50 clients).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../db";
import { testDatabases } from "./db";
import { ledgerViolations } from "./ledger-check";
import { newCustomer, setupCore } from "./fixtures";
import type { Kassa } from "../core/kassa";
import type { Actor } from "../core/actors";
import { isPaymentError } from "../core/errors";
import { TEST_CARDS } from "../providers/test-card";

const SECONDS = Number(process.env.LEDGER_LOAD_SECONDS || 8);
const CLIENTS = Number(process.env.LEDGER_LOAD_CLIENTS || 50);
const EXPECTED = new Set(["invalid_state", "amount_exceeds_authorized", "amount_exceeds_captured", "requires_action", "validation", "not_found", "idempotency_conflict", "version_conflict"]);

for (const target of testDatabases()) {
  describe(`ledger under load on the ${target.name} database`, () => {
    let h: DbHandle;
    let kassa: Kassa;
    let region: string;
    let customers: Actor[];
    beforeAll(async () => {
      h = await target.open();
      const core = await setupCore(h);
      kassa = core.kassa;
      region = core.region("USD").id;
      customers = await Promise.all(Array.from({ length: 5 }, () => newCustomer(h)));
    });
    afterAll(() => h.close());

    it(`${CLIENTS} clients for ${SECONDS} s keep every invariant`, async () => {
      const clients = target.name === "embedded" ? Math.min(CLIENTS, 8) : CLIENTS;
      const until = Date.now() + SECONDS * 1000;
      const unexpected: unknown[] = [];
      let ops = 0;
      const pick = <T,>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)]!;
      const system = { type: "system" } as const;
      /** allSettled, but a rejection that is not an expected refusal is recorded as a failure */
      async function settle<T>(ps: Promise<T>[]) {
        const rs = await Promise.allSettled(ps);
        for (const r of rs) if (r.status === "rejected" && (!isPaymentError(r.reason) || !EXPECTED.has(r.reason.code))) unexpected.push(r.reason);
        return rs;
      }
      async function client(i: number) {
        const me = customers[i % customers.length]!;
        while (Date.now() < until) {
          try {
            const cart = await kassa.carts.create(me, { regionId: region });
            await kassa.carts.addLine(cart.id, me, { sku: pick(["TEE-BLACK-M", "MUG-WHITE", "CAP-NAVY"]), quantity: 1 + (i % 3) });
            const col = await kassa.payments.createCollectionForCart(cart.id, me);
            const provider = pick(["pp_system_default", "pp_kassa_test"]);
            // a few racing session creations, then racing authorizations
            await settle([1, 2, 3].map(() => kassa.payments.createSession(col.id, me, { providerId: provider })));
            const live = (await kassa.payments.getCollection(col.id, me)).sessions.find((s) => s.live)!;
            const card = { card: { number: pick([TEST_CARDS.success, TEST_CARDS.success, TEST_CARDS.declined, TEST_CARDS.async]) } };
            const auths = await settle([1, 2].map(() => kassa.payments.authorizeSession(live.id, me, { paymentData: card })));
            const s = auths.find((a) => a.status === "fulfilled")?.value;
            const p = s?.payment;
            if (p && p.status === "authorized") {
              await settle([kassa.payments.capturePayment(p.id, system, { amount: Math.max(1, Math.floor(p.authorized.amount / 2)) }), kassa.payments.capturePayment(p.id, system)]);
            }
            const after = p ? await kassa.payments.getPayment(p.id, me) : null;
            if (after && after.captured.amount > 0) {
              await settle([kassa.payments.refundPayment(after.id, system, { amount: 1, operationKey: `r-${after.id}` }), kassa.payments.refundPayment(after.id, system, { amount: 1, operationKey: `r-${after.id}` })]);
              if (after.providerRef) {
                // a replayed provider event for the same intent, delivered twice
                const snap = (await h.db.paymentSession.findUniqueOrThrow({ where: { id: after.sessionId! } })).data as never;
                const ev = { id: `evt_replay_${after.id}`, type: "payment_intent.succeeded", snapshot: { ...(snap as object), data: snap } as never, objectRef: after.providerRef, payload: {} };
                await Promise.all([kassa.payments.applyProviderEvent(after.providerId, ev), kassa.payments.applyProviderEvent(after.providerId, ev)]);
              }
            }
            await settle([kassa.orders.completeCart(cart.id, me), kassa.orders.completeCart(cart.id, me)]);
            ops++;
          } catch (e) {
            if (!isPaymentError(e) || !EXPECTED.has(e.code)) unexpected.push(e);
          }
        }
      }
      await Promise.all(Array.from({ length: clients }, (_, i) => client(i)));
      expect(unexpected.map(String)).toEqual([]);
      expect(ops).toBeGreaterThan(0);
      console.log(`[ledger-load] ${target.name}: ${clients} clients, ${ops} checkouts in ${SECONDS} s`);
      expect(await ledgerViolations(h)).toEqual([]);
      // the check itself can fail: break one row, see it reported, put it back
      const victim = await h.db.payment.findFirstOrThrow({ where: { sessionId: { not: null }, capturedMinor: { gt: 0 } } });
      await h.db.payment.update({ where: { id: victim.id }, data: { capturedMinor: victim.capturedMinor + 1n } });
      expect((await ledgerViolations(h)).some((v) => v.endsWith(victim.id))).toBe(true);
      await h.db.payment.update({ where: { id: victim.id }, data: { capturedMinor: victim.capturedMinor } });
    }, (SECONDS + 60) * 1000);
  });
}
