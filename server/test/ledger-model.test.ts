// Model-based test of the payment ledger (docs/payments.md, "The money invariants") with fast-check: random sequences
// of what shoppers, Stripe, the network and the worker do to one cart — cart changes, session replacement,
// confirmations in the browser (Stripe.js) and through Kassa, 3-D Secure answers, async settlement, webhooks held,
// duplicated, reordered or lost, lost answers after Stripe applied a call, completion, reconciliation and, on
// PostgreSQL, a few of those at once — against the REAL ledger (createKassa, the Stripe SDK provider, the local
// Stripe-compatible server, the webhook handler over HTTP). After every step the invariants are checked against
// Stripe's own state (the local server's intents, refunds through the SDK), not only our rows; each run then drains
// (events delivered, processing intents settled, reconciliation until quiet) and the money must add up exactly.
//
// Knobs (environment):
//   LEDGER_MODEL_RUNS           runs on PostgreSQL (default 6)
//   LEDGER_MODEL_EMBEDDED_RUNS  runs on the embedded database (default 2; no concurrent steps there: one connection)
//   LEDGER_MODEL_SEED           fast-check seed (default fixed, printed)
//   LEDGER_MODEL_TIMEOUT_MS     the test's timeout (default from the number of runs)
//   LEDGER_MODEL_SHRINK_MS      time spent shrinking a failure (default 45 s; then the smallest found is reported)
//   LEDGER_MODEL_NO_SHRINK=1    stop at the first failure without shrinking it (faster, to look around)
//   LEDGER_MODEL_AVOID          known ledger bugs to steer around, comma-separated, so a long run can look for others
//                               (none by default: the default run fails on them). See AVOID below.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seed } from "../../prisma/seed";
import { createStripeLocal, type FaultSpec, type StripeLocal } from "../../scripts/stripe-local/server";
import type { DbHandle } from "../db";
import type { Actor } from "../core/actors";
import { isPaymentError } from "../core/errors";
import { createKassa, type Kassa } from "../core/kassa";
import { reconciliationJobs } from "../jobs/reconcile";
import { createRegistry, defaultProviders } from "../providers/registry";
import { createStripeProvider, stripeClient } from "../providers/stripe/provider";
import { createStripeWebhookHandler } from "../webhooks/stripe";
import { testDatabases } from "./db";
import { ledgerViolations } from "./ledger-check";
import { serveFetch } from "./serve";

const STRIPE = "pp_stripe_stripe";
const SECRET_KEY = "sk_test_ledger_model";
const WEBHOOK_SECRET = "whsec_ledger_model";
const SYSTEM: Actor = { type: "system" };

const envInt = (name: string, dflt: number) => {
  const v = process.env[name];
  return v && Number.isSafeInteger(Number(v)) ? Number(v) : dflt;
};
const RUNS = envInt("LEDGER_MODEL_RUNS", 6);
const EMBEDDED_RUNS = envInt("LEDGER_MODEL_EMBEDDED_RUNS", 2);
const SEED = envInt("LEDGER_MODEL_SEED", 20261203);
/**
 * Ledger bugs this model found, to steer around with LEDGER_MODEL_AVOID (so a run on an older commit can look past
 * them for others). All are fixed; each has its sequence in KNOWN below, which the default run replays:
 * - empty-cart: a cart emptied (or changed) while 3-D Secure was pending kept a live intent for the old amount,
 *   confirmable again after a failed 3-D Secure — a refused amount change now retires a session awaiting 3-D Secure too;
 * - retired-reopened: a retired intent whose cancel Stripe refused (it was processing) became confirmable again when
 *   its payment failed, and nothing canceled it — learning that a retired intent is open again now cancels it;
 * - planned-amount: a payment's planned amount stayed the first attempt's after the cart (and the intent) changed —
 *   it now follows the intent's amount;
 * - cart-race: a cart change racing an apply that counts the money read the collection without its lock — cart
 *   changes and completion now lock the cart, then its collection.
 * (Three earlier findings — a resumed initiate sent other parameters, a refused resumed initiate was never closed,
 * money held in full on a cart nobody completed — were fixed in eacc289.)
 */
const AVOID = new Set((process.env.LEDGER_MODEL_AVOID ?? "").split(",").map((x) => x.trim()).filter(Boolean));
const SHRINK_MS = envInt("LEDGER_MODEL_SHRINK_MS", 45_000);
const TIMEOUT_MS = envInt("LEDGER_MODEL_TIMEOUT_MS", Math.max(180_000, 2 * SHRINK_MS + (RUNS + EMBEDDED_RUNS) * 20_000));

// ------------------------------------------------------------------------------------------------------ the steps

/** Stripe's test cards, as the local server knows them: success, decline, 3-D Secure, and an asynchronous payment. */
const PAYMENT_METHODS = ["pm_card_visa", "pm_card_chargeDeclined", "pm_card_threeDSecure2Required", "pm_card_kassa_async"] as const;

/** Where a fault can be armed: Stripe's endpoints that Kassa calls (and Stripe.js, for confirm). */
const FAULT_TARGETS = {
  create: { method: "POST", path: "^/v1/payment_intents$" },
  update: { method: "POST", path: "^/v1/payment_intents/[^/]+$" },
  confirm: { method: "POST", path: "^/v1/payment_intents/[^/]+/confirm$" },
  cancel: { method: "POST", path: "^/v1/payment_intents/[^/]+/cancel$" },
  refund: { method: "POST", path: "^/v1/refunds$" },
  read: { method: "GET", path: "^/v1/payment_intents/[^/]+$" },
} as const satisfies Record<string, { method: "GET" | "POST"; path: string }>;
type FaultTarget = keyof typeof FAULT_TARGETS;

/** What happens to one cart: the shopper (through Kassa or Stripe.js), Stripe, the network and the worker. */
type Step =
  | { t: "add"; variant: number; qty: number }
  | { t: "qty"; line: number; qty: number }
  | { t: "remove"; line: number }
  | { t: "session" }
  /** Stripe.js confirms the live intent (or, `stale`, an intent of a replaced session still open at Stripe). */
  | { t: "confirm"; pm: string; stale: boolean }
  /** Kassa confirms the live session with a payment method (Medusa's authorize, the shop API). */
  | { t: "authorize"; pm: string }
  /** The shopper answers 3-D Secure; `kassa`: Kassa is then told (complete the session's action). */
  | { t: "authenticate"; approve: boolean; kassa: boolean }
  | { t: "settle"; succeed: boolean; pick: number }
  | { t: "webhooks"; mode: "flush" | "reverse" | "drop"; dup: 1 | 2 }
  | { t: "refresh"; pick: number | "live" }
  | { t: "complete" }
  | { t: "reconcile"; poll: boolean }
  | { t: "fault"; kind: FaultSpec["kind"]; target: FaultTarget }
  /** A few steps at once (PostgreSQL only: the embedded database has one connection). */
  | { t: "concurrent"; steps: Step[] };

type RunInput = { customer: boolean; currency: "USD" | "EUR" | "JPY"; first: { variant: number; qty: number }; drainSettle: boolean; steps: Step[] };

const pmArb = fc.constantFrom(...PAYMENT_METHODS);
const shopper: fc.Arbitrary<Step>[] = [
  fc.record({ t: fc.constant("add" as const), variant: fc.nat(2), qty: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ t: fc.constant("qty" as const), line: fc.nat(2), qty: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ t: fc.constant("remove" as const), line: fc.nat(2) }),
  fc.constant({ t: "session" as const }),
  fc.record({ t: fc.constant("confirm" as const), pm: pmArb, stale: fc.boolean() }),
  fc.record({ t: fc.constant("authorize" as const), pm: pmArb }),
  fc.record({ t: fc.constant("authenticate" as const), approve: fc.boolean(), kassa: fc.boolean() }),
  fc.record({ t: fc.constant("refresh" as const), pick: fc.oneof(fc.constant("live" as const), fc.nat(3)) }),
  fc.constant({ t: "complete" as const }),
];
const others: fc.Arbitrary<Step>[] = [
  fc.record({ t: fc.constant("settle" as const), succeed: fc.boolean(), pick: fc.nat(3) }),
  fc.record({ t: fc.constant("webhooks" as const), mode: fc.constantFrom("flush" as const, "reverse" as const, "drop" as const), dup: fc.constantFrom(1 as const, 2 as const) }),
  fc.record({ t: fc.constant("reconcile" as const), poll: fc.boolean() }),
];
const faultArb: fc.Arbitrary<Step> = fc.record({
  t: fc.constant("fault" as const),
  kind: fc.constantFrom("network" as const, "api_error" as const, "after_commit" as const, "in_use" as const),
  target: fc.constantFrom(...(Object.keys(FAULT_TARGETS) as FaultTarget[])),
});
// AVOID cart-race: no cart change among concurrent steps.
const inner: fc.Arbitrary<Step> = fc.oneof(...shopper, ...others).filter((x) => !(AVOID.has("cart-race") && ["add", "qty", "remove"].includes(x.t)));
const concurrentArb: fc.Arbitrary<Step> = fc.record({ t: fc.constant("concurrent" as const), steps: fc.array(inner, { minLength: 2, maxLength: 3 }) });

function runArb(pg: boolean): fc.Arbitrary<RunInput> {
  const step = fc.oneof(
    ...shopper.map((arbitrary) => ({ arbitrary, weight: 4 })),
    ...others.map((arbitrary) => ({ arbitrary, weight: 3 })),
    { arbitrary: faultArb, weight: 1 },
    ...(pg ? [{ arbitrary: concurrentArb, weight: 2 }] : []),
  );
  return fc.record({
    customer: fc.boolean(),
    currency: fc.constantFrom("USD" as const, "EUR" as const, "JPY" as const),
    first: fc.record({ variant: fc.nat(2), qty: fc.integer({ min: 1, max: 3 }) }),
    drainSettle: fc.boolean(),
    steps: fc.array(step, { minLength: 10, maxLength: 60 }),
  });
}

const KNOWN: { name: string; avoid?: string; input: RunInput }[] = [
  {
    name: "fixed (eacc289): a lost answer to the intent's creation is finished with the same request",
    input: { customer: false, currency: "USD", first: { variant: 0, qty: 1 }, drainSettle: false, steps: [{ t: "fault", kind: "after_commit", target: "create" }, { t: "session" }] },
  },
  {
    name: "fixed (eacc289): a resumed creation that Stripe refuses (a cart emptied to 0) is closed",
    input: { customer: false, currency: "USD", first: { variant: 0, qty: 1 }, drainSettle: false, steps: [{ t: "fault", kind: "after_commit", target: "create" }, { t: "remove", line: 0 }, { t: "session" }] },
  },
  {
    name: "fixed (eacc289): a resumed creation whose first answer was a 500 (kept for the key) is closed",
    input: { customer: true, currency: "JPY", first: { variant: 1, qty: 2 }, drainSettle: false, steps: [{ t: "fault", kind: "api_error", target: "create" }, { t: "session" }] },
  },
  {
    name: "fixed (eacc289): money authorized through Kassa on a cart nobody completes gets its order",
    input: { customer: false, currency: "USD", first: { variant: 0, qty: 1 }, drainSettle: false, steps: [{ t: "authorize", pm: "pm_card_visa" }] },
  },
  {
    name: "fixed (eacc289): money confirmed in Stripe.js, heard of by webhook only, on a cart nobody completes gets its order",
    input: { customer: false, currency: "EUR", first: { variant: 2, qty: 1 }, drainSettle: false, steps: [{ t: "confirm", pm: "pm_card_visa", stale: false }, { t: "webhooks", mode: "flush", dup: 1 }] },
  },
  {
    name: "fixed: a cart emptied while 3-D Secure is pending keeps a live intent for the old amount, confirmable again after a failed 3-D Secure",
    avoid: "empty-cart",
    input: { customer: false, currency: "USD", first: { variant: 0, qty: 1 }, drainSettle: false, steps: [{ t: "confirm", pm: "pm_card_threeDSecure2Required", stale: false }, { t: "remove", line: 0 }, { t: "authenticate", approve: false, kassa: false }] },
  },
  {
    name: "fixed: a retired intent whose cancel was refused while processing is confirmable again once the payment fails, and nothing cancels it",
    avoid: "retired-reopened",
    input: { customer: false, currency: "USD", first: { variant: 0, qty: 1 }, drainSettle: false, steps: [{ t: "confirm", pm: "pm_card_kassa_async", stale: false }, { t: "qty", line: 0, qty: 2 }, { t: "reconcile", poll: false }, { t: "settle", succeed: false, pick: 0 }] },
  },
  {
    name: "fixed: ... and a shopper who pays that reopened intent while its events are lost is charged twice, never refunded",
    avoid: "retired-reopened",
    input: {
      customer: false, currency: "USD", first: { variant: 0, qty: 1 }, drainSettle: false,
      steps: [{ t: "confirm", pm: "pm_card_kassa_async", stale: false }, { t: "qty", line: 0, qty: 2 }, { t: "reconcile", poll: false }, { t: "settle", succeed: false, pick: 0 }, { t: "session" }, { t: "confirm", pm: "pm_card_visa", stale: false }, { t: "refresh", pick: "live" }, { t: "complete" }, { t: "confirm", pm: "pm_card_visa", stale: true }, { t: "webhooks", mode: "drop", dup: 1 }],
    },
  },
  {
    name: "fixed: a payment's planned amount stays the first attempt's after the cart (and the intent) changed",
    avoid: "planned-amount",
    input: { customer: false, currency: "USD", first: { variant: 0, qty: 1 }, drainSettle: false, steps: [{ t: "confirm", pm: "pm_card_threeDSecure2Required", stale: false }, { t: "qty", line: 0, qty: 2 }, { t: "authenticate", approve: false, kassa: false }, { t: "confirm", pm: "pm_card_visa", stale: false }] },
  },
];

const show = (s: Step): string =>
  s.t === "concurrent" ? `concurrent[${s.steps.map(show).join(" | ")}]` : `${s.t}(${Object.entries(s).filter(([k]) => k !== "t").map(([k, v]) => `${k}=${String(v)}`).join(",")})`;

// ------------------------------------------------------------------------------------------------------ the test

type Run = {
  n: number;
  cartId: string;
  actor: Actor;
  log: string[];
  /** Faults were armed in this run: `provider_unavailable` is then an allowed answer. */
  faulted: boolean;
  unexpected: string[];
};

class InvariantError extends Error {}

for (const target of testDatabases()) {
  const pg = target.name === "postgres";
  const runs = pg ? RUNS : EMBEDDED_RUNS;
  describe(`ledger model (fast-check) on the ${target.name} database`, () => {
    let h: DbHandle;
    let local: StripeLocal;
    let kassa: Kassa;
    let stripeUrl: string;
    let hook: { url: string; close(): Promise<void> };
    let sink: { url: string; close(): Promise<void> };
    let sdk: ReturnType<typeof stripeClient>;
    let regions: Record<string, string>;
    let variants: string[];
    let customers: string[];
    let current: Run | null = null;
    const stats = { runs: 0, steps: 0, subSteps: 0, checks: 0, faults: 0 };
    /** What the runs reached (printed at the end): outcomes by step kind, and how runs ended. */
    const coverage = new Map<string, number>();
    const cover = (key: string) => coverage.set(key, (coverage.get(key) ?? 0) + 1);

    const hookConfig = (dup: 1 | 2 = 1) => ({ url: `${hook.url}/api/webhooks/stripe`, secret: WEBHOOK_SECRET, hold: true, duplicates: dup });

    beforeAll(async () => {
      h = await target.open();
      await seed(h.db);
      local = createStripeLocal({ asyncSettleMs: null }); // processing intents settle when a step (or the drain) says so
      stripeUrl = (await local.listen()).url;
      const stripe = createStripeProvider({ secretKey: SECRET_KEY, webhookSecret: WEBHOOK_SECRET, apiBase: stripeUrl });
      kassa = createKassa({ db: h.db, providers: createRegistry([...defaultProviders(), stripe]) });
      const handler = createStripeWebhookHandler(() => ({ kassa, stripe }));
      // The webhook endpoint over real HTTP; a 5xx (or a throw) is Kassa failing on an event: invariant 4, unless faults
      // were injected (then it is the event Stripe would retry, here lost).
      hook = await serveFetch(async (req) => {
        try {
          const res = await handler(req);
          if (res.status >= 500 && current && !current.faulted) current.unexpected.push(`webhook answered ${res.status}: ${await res.clone().text()}`);
          return res;
        } catch (e) {
          if (current && !(current.faulted && isPaymentError(e) && e.code === "provider_unavailable")) current.unexpected.push(`webhook threw: ${errText(e)}`);
          throw e;
        }
      });
      sink = await serveFetch(async () => Response.json({ received: true })); // where lost events go
      local.setWebhook(hookConfig());
      sdk = stripeClient({ secretKey: SECRET_KEY, apiBase: stripeUrl });
      regions = Object.fromEntries((await h.db.region.findMany()).map((r) => [r.currency, r.id]));
      variants = (await h.db.variant.findMany({ where: { sku: { in: ["TEE-BLACK-M", "MUG-WHITE", "CAP-NAVY"] } }, orderBy: { sku: "asc" } })).map((v) => v.id);
      customers = (await h.db.customer.findMany({ where: { email: { in: ["alice@example.com", "bob@example.com"] } } })).map((c) => c.id);
    });

    afterAll(async () => {
      console.log(`[ledger-model] ${target.name} coverage: ${[...coverage.entries()].sort().map(([k, v]) => `${k} ${v}`).join(", ")}`);
      await hook?.close();
      await sink?.close();
      await local?.close();
      await h?.close();
    });

    function errText(e: unknown): string {
      if (isPaymentError(e)) return `PaymentError ${e.code}: ${e.message}`;
      const x = e as { name?: string; code?: string; message?: string };
      return `${x?.name ?? typeof e}${x?.code ? ` ${x.code}` : ""}: ${String(x?.message ?? e).slice(0, 400)}`;
    }

    /** Invariant 4: a step may fail only with a PaymentError of an expected, 4xx-type code. Returns the outcome. */
    async function attempt(r: Run, label: string, fn: () => Promise<unknown>): Promise<string> {
      try {
        await fn();
        return "ok";
      } catch (e) {
        if (isPaymentError(e)) {
          if (["invalid_state", "requires_action", "validation", "provider_declined", "not_found"].includes(e.code)) return e.code;
          // a fault may leave a lane busy past the wait: service_unavailable ("try again shortly")
          if ((e.code === "provider_unavailable" || e.code === "service_unavailable") && r.faulted) return e.code;
        }
        const head = `${label}: ${errText(e)}`;
        if (!r.unexpected.some((u) => u.startsWith(head))) r.unexpected.push(`${head}${(e as Error)?.stack ? `\n${String((e as Error).stack).split("\n").slice(1, 6).join("\n")}` : ""}`);
        return `UNEXPECTED ${errText(e)}`;
      }
    }

    // ----------------------------------------------------------------------------------------------- reading state

    async function collections(r: Run) {
      return h.db.paymentCollection.findMany({ where: { cartId: r.cartId }, orderBy: { createdAt: "asc" } });
    }
    async function openCollection(r: Run) {
      return h.db.paymentCollection.findUnique({ where: { openForCartId: r.cartId } });
    }
    async function sessionsOf(colIds: string[]) {
      return h.db.paymentSession.findMany({ where: { collectionId: { in: colIds } }, include: { payment: true }, orderBy: { createdAt: "asc" } });
    }
    async function liveSession(r: Run) {
      const col = await openCollection(r);
      return col ? h.db.paymentSession.findUnique({ where: { liveForCollectionId: col.id } }) : null;
    }
    /** The cart's intents as Stripe holds them (by the metadata Kassa puts on every intent it creates). */
    function intentsOf(colIds: string[]) {
      return [...local.intents.values()].filter((pi) => colIds.includes(String(pi.metadata.kassa_collection_id)));
    }
    /** Money Stripe holds on an intent: captured (succeeded) or capturable, minus succeeded refunds (read through the SDK). */
    async function heldAtStripe(pi: { id: string; status: string; amount_received: number; amount_capturable: number }): Promise<number> {
      const gross = pi.status === "succeeded" ? pi.amount_received : pi.status === "requires_capture" ? pi.amount_capturable : 0;
      if (gross === 0 && pi.amount_received === 0) return 0;
      const refunds = await sdk.refunds.list({ payment_intent: pi.id, limit: 100 });
      return gross - refunds.data.filter((x) => x.status === "succeeded").reduce((a, x) => a + x.amount, 0);
    }
    async function cartState(r: Run) {
      const cart = await kassa.carts.get(r.cartId, r.actor);
      const col = await openCollection(r);
      return JSON.stringify({ lines: cart.lines.map((l) => [l.variantId, l.quantity]), total: cart.total.amount, col: col?.amountMinor.toString() ?? null, completed: cart.completedAt !== null });
    }

    type World = Awaited<ReturnType<typeof world>>;
    async function world(r: Run) {
      const cols = await collections(r);
      const colIds = cols.map((c) => c.id);
      const open = cols.find((c) => c.openForCartId === r.cartId) ?? null;
      const sessions = await sessionsOf(colIds);
      const order = await h.db.order.findUnique({ where: { cartId: r.cartId } });
      const cart = await kassa.carts.get(r.cartId, r.actor);
      const inFlight = await h.db.paymentOperation.findMany({ where: { sessionId: { in: sessions.map((s) => s.id) }, inFlightForSessionId: { not: null } } });
      const intents = [];
      for (const pi of intentsOf(colIds)) {
        const session = sessions.find((s) => s.id === pi.metadata.kassa_session_id) ?? null;
        intents.push({ pi, session, payment: session?.payment ?? null, held: await heldAtStripe(pi) });
      }
      return { cols, open, sessions, order, cart, total: cart.total.amount, inFlight, intents };
    }

    /** How Kassa counts an intent's money: toward the cart (its live, unflagged payment), flagged (being returned), or not yet heard of. */
    function kassaView(i: World["intents"][number]): "counted" | "flagged" | "unknown" {
      const p = i.payment;
      if (p?.flag) return "flagged";
      if (p && p.status !== "canceled" && p.authorizedMinor > 0n) return "counted";
      return "unknown";
    }
    const kassaHeld = (p: NonNullable<World["intents"][number]["payment"]>) =>
      Number((p.status === "canceled" ? p.capturedMinor : p.authorizedMinor > p.capturedMinor ? p.authorizedMinor : p.capturedMinor) - p.refundedMinor);

    function fail(r: Run, where: string, what: string): never {
      throw new InvariantError(`run ${r.n}, after ${where}: ${what}\n--- steps of this run ---\n${r.log.slice(-60).join("\n")}`);
    }

    // ------------------------------------------------------------------------------------------- the invariants

    /** The invariants after every step (docs/payments.md), against Stripe's state. Money Kassa has not heard of yet
     * (no webhook delivered, no read) is allowed here; the drain requires that it is heard of and adds up. */
    async function checkStep(r: Run, where: string) {
      // 4. nothing but expected PaymentErrors
      stats.checks++;
      if (r.unexpected.length) fail(r, where, `invariant 4 (unexpected error):\n${r.unexpected.join("\n")}`);
      const w = await world(r);
      // 1. money Stripe holds, as Kassa counts it
      stats.checks++;
      const counted = w.intents.filter((i) => kassaView(i) === "counted");
      for (const i of counted) {
        if (i.held !== kassaHeld(i.payment!)) fail(r, where, `invariant 1: Kassa counts ${kassaHeld(i.payment!)} on ${i.pi.id} (payment ${i.payment!.id}, ${i.payment!.status}) but Stripe holds ${i.held} (${i.pi.status})`);
      }
      const countedHeld = counted.reduce((a, i) => a + i.held, 0);
      if (w.order) {
        if (countedHeld !== Number(w.order.totalMinor)) fail(r, where, `invariant 1: the order's total is ${w.order.totalMinor} but Stripe holds ${countedHeld} on the payments Kassa counts (${counted.map((i) => i.pi.id).join(", ") || "none"})`);
      } else {
        const live = w.sessions.find((s) => s.liveForCollectionId !== null);
        for (const i of counted) {
          if (!live || i.session?.id !== live.id) fail(r, where, `invariant 1: no order, and Kassa counts ${i.held} held on ${i.pi.id}, which is not the live session's intent, without a flag`);
          if (i.held !== Number(w.open?.amountMinor ?? -1) || i.held !== w.total) fail(r, where, `invariant 1: no order, and Kassa counts ${i.held} on the live intent ${i.pi.id} while the collection asks ${w.open?.amountMinor} and the cart totals ${w.total}`);
        }
      }
      // 2. an order only when the collection's authorized amount equals its total
      stats.checks++;
      if (w.order) {
        const col = w.cols.find((c) => c.orderId === w.order!.id);
        if (!col) fail(r, where, `invariant 2: order ${w.order.id} has no collection`);
        if (col.authorizedMinor !== w.order.totalMinor) fail(r, where, `invariant 2: order total ${w.order.totalMinor}, collection ${col.id} authorized ${col.authorizedMinor}`);
        if (Number(w.order.totalMinor) !== w.total) fail(r, where, `invariant 2: order total ${w.order.totalMinor}, cart total ${w.total}`);
      }
      // 3. one live session; a confirmable live intent with no call in flight asks for the collection's amount = the cart's total
      stats.checks++;
      for (const c of w.cols) {
        const lives = w.sessions.filter((s) => s.liveForCollectionId === c.id);
        if (lives.length > 1) fail(r, where, `invariant 3: ${lives.length} live sessions on ${c.id}`);
      }
      const live = w.open ? w.sessions.find((s) => s.liveForCollectionId === w.open!.id) : undefined;
      if (live && live.providerId === STRIPE && live.providerRef) {
        const pi = local.intents.get(live.providerRef);
        const busy = w.inFlight.some((o) => o.sessionId === live.id);
        if (!pi) fail(r, where, `invariant 3: the live session's intent ${live.providerRef} does not exist at Stripe`);
        if (["requires_payment_method", "requires_confirmation"].includes(pi.status) && !busy) {
          if (pi.amount !== Number(w.open!.amountMinor) || pi.amount !== w.total) {
            fail(r, where, `invariant 3: the live intent ${pi.id} (${pi.status}) asks ${pi.amount}, the collection ${w.open!.amountMinor}, the cart ${w.total}`);
          }
        }
      }
    }

    /** After the drain: everything heard of, flagged money returned, and the cart holds exactly its order's total (or 0). */
    async function checkDrained(r: Run) {
      const where = "the drain";
      stats.checks++;
      if (r.unexpected.length) fail(r, where, `invariant 4 (unexpected error):\n${r.unexpected.join("\n")}`);
      const w = await world(r);
      cover(w.order ? "end:order" : "end:no order");
      for (const i of w.intents) if (i.payment?.flag) cover(`end:flagged ${i.payment.flag}`);
      stats.checks++;
      const unknown = w.intents.filter((i) => i.held > 0 && kassaView(i) === "unknown");
      if (unknown.length) fail(r, where, `money Kassa never heard of: ${unknown.map((i) => `${i.pi.id} (${i.pi.status}, held ${i.held}, session ${i.session?.id ?? "-"} ${i.session?.status ?? ""}, live ${i.session?.liveForCollectionId ? "yes" : "no"}, payment ${i.payment?.status ?? "none"})`).join("; ")}`);
      stats.checks++;
      for (const i of w.intents.filter((x) => kassaView(x) === "flagged")) {
        if (i.held !== 0 || !i.payment!.returnedAt) fail(r, where, `flagged payment ${i.payment!.id} (${i.payment!.flag}) not returned: Stripe holds ${i.held} on ${i.pi.id} (${i.pi.status}), returnedAt ${i.payment!.returnedAt?.toISOString() ?? "null"}`);
      }
      stats.checks++;
      const held = w.intents.reduce((a, i) => a + i.held, 0);
      const describeHeld = () => w.intents.filter((i) => i.held).map((i) => `${i.pi.id}: ${i.held} (${i.pi.status}; payment ${i.payment?.id ?? "-"} ${i.payment?.status ?? ""} flag ${i.payment?.flag ?? "-"}; session ${i.session?.status ?? "-"} live ${i.session?.liveForCollectionId ? "yes" : "no"})`).join("; ");
      if (w.order && held !== Number(w.order.totalMinor)) fail(r, where, `invariant 1 (strict): order total ${w.order.totalMinor}, Stripe holds ${held} for the cart: ${describeHeld()}`);
      if (!w.order && held !== 0) fail(r, where, `invariant 1 (strict): no order, yet Stripe holds ${held} for the cart: ${describeHeld()}`);
      stats.checks++;
      // Every intent a shopper could still confirm is the live session's, for the cart's total (docs/payments.md, 1).
      const live = w.open ? w.sessions.find((s) => s.liveForCollectionId === w.open!.id) : undefined;
      const cancelRefused = new Set(
        (await h.db.paymentOperation.findMany({ where: { sessionId: { in: w.sessions.map((s) => s.id) }, kind: "cancel", status: "failed" }, select: { sessionId: true } })).map((o) => o.sessionId),
      );
      for (const i of w.intents) {
        if (!["requires_payment_method", "requires_confirmation", "requires_action"].includes(i.pi.status)) continue;
        // An intent whose creation answer never reached Kassa was never shown to a client (no client secret): not confirmable.
        if (!i.session || i.session.providerRef !== i.pi.id) continue;
        // AVOID retired-reopened: a retired intent whose cancel Stripe refused while it was processing is open again
        // once the payment fails, and nothing cancels it.
        if (AVOID.has("retired-reopened") && i.session && !i.session.liveForCollectionId && cancelRefused.has(i.session.id)) continue;
        if (!live || live.providerRef !== i.pi.id) fail(r, where, `intent ${i.pi.id} (${i.pi.status}, ${i.pi.amount}) can still be confirmed but is not the live session's (session ${i.session?.id ?? "-"} ${i.session?.status ?? ""})`);
        if (i.pi.amount !== w.total && i.pi.status !== "requires_action") fail(r, where, `the live intent ${i.pi.id} asks ${i.pi.amount}, the cart totals ${w.total}`);
      }
      stats.checks++;
      const pending = await h.db.paymentOperation.findMany({ where: { sessionId: { in: w.sessions.map((s) => s.id) }, status: "pending" } });
      if (pending.length) fail(r, where, `operations still pending after reconciliation: ${pending.map((o) => `${o.id} ${o.kind}`).join(", ")}`);
      stats.checks++;
      // The ledger's own row checks (server/test/ledger-check.ts), for this cart's rows.
      const mine = new Set([r.cartId, ...w.cols.map((c) => c.id), ...w.sessions.flatMap((s) => (s.payment ? [s.payment.id] : []))]);
      const rows = (await ledgerViolations(h)).filter((x) => mine.has(x.slice(x.lastIndexOf(": ") + 2)))
        // AVOID planned-amount: a payment's amountPlanned is not updated when its intent's amount changes.
        .filter((x) => !(AVOID.has("planned-amount") && x.startsWith("a charge for more than the intent's amount")));
      if (rows.length) fail(r, where, `ledger check: ${rows.join("; ")}`);
    }

    // ---------------------------------------------------------------------------------------------- reconciliation

    /** Queued jobs of this run's cart (its sessions, payments, operations), run like the worker would, ignoring runAt. */
    async function runJobs(r: Run): Promise<number> {
      const { handlers } = reconciliationJobs(kassa);
      const cols = await collections(r);
      const sessions = await sessionsOf(cols.map((c) => c.id));
      const sessionIds = new Set(sessions.map((s) => s.id));
      const paymentIds = new Set(sessions.flatMap((s) => (s.payment ? [s.payment.id] : [])));
      const opIds = new Set((await h.db.paymentOperation.findMany({ where: { sessionId: { in: [...sessionIds] } }, select: { id: true } })).map((o) => o.id));
      const mine = (p: Record<string, unknown>) =>
        sessionIds.has(String(p.sessionId)) || paymentIds.has(String(p.paymentId)) || opIds.has(String(p.operationId)) || p.cartId === r.cartId;
      const queued = await h.db.job.findMany({ where: { status: "queued", name: { in: Object.keys(handlers) } }, orderBy: { createdAt: "asc" } });
      let ran = 0;
      for (const j of queued) {
        const payload = (j.payload ?? {}) as Record<string, unknown>;
        if (!mine(payload)) continue;
        const claimed = await h.db.job.updateMany({ where: { id: j.id, status: "queued" }, data: { status: "running", attempts: { increment: 1 } } });
        if (claimed.count !== 1) continue;
        ran++;
        let retry = false;
        let error: unknown = null;
        try {
          const out = await handlers[j.name]!(payload, { attempt: j.attempts + 1, now: new Date(), jobId: j.id });
          retry = !!out && "retryInMs" in out;
        } catch (e) {
          error = e;
        }
        if (error) {
          await attempt(r, `job ${j.name} ${JSON.stringify(payload)}`, () => Promise.reject(error));
          const dead = j.attempts + 1 >= j.maxAttempts;
          await h.db.job.update({ where: { id: j.id }, data: { status: dead ? "failed" : "queued", lastError: errText(error), ...(dead ? { uniqueKey: null, finishedAt: new Date() } : {}) } });
        } else if (retry) {
          await h.db.job.update({ where: { id: j.id }, data: { status: "queued" } });
        } else {
          await h.db.job.update({ where: { id: j.id }, data: { status: "done", uniqueKey: null, finishedAt: new Date() } });
        }
      }
      return ran;
    }

    async function reconcile(r: Run, poll: boolean): Promise<string> {
      const out: string[] = [];
      out.push(`ops=${await attempt(r, "sweepOperations", () => kassa.reconcile.sweepOperations())}`);
      out.push(`events=${await attempt(r, "replayUnprocessedEvents", () => kassa.payments.replayUnprocessedEvents({ olderThanMs: 0 }))}`);
      out.push(`flagged=${await attempt(r, "returnFlagged", () => kassa.reconcile.returnFlagged())}`);
      if (poll) out.push(`poll=${await attempt(r, "pollStuckSessions", () => kassa.reconcile.pollStuckSessions(0))}`);
      let jobs = 0;
      out.push(`jobs=${await attempt(r, "jobs", async () => void (jobs = await runJobs(r)))}:${jobs}`);
      return out.join(" ");
    }

    // ---------------------------------------------------------------------------------------------- one step

    async function deliverWebhooks(r: Run, mode: "flush" | "reverse" | "drop", dup: 1 | 2): Promise<string> {
      if (mode === "drop") {
        local.setWebhook({ url: `${sink.url}/lost`, secret: WEBHOOK_SECRET, hold: true });
        const n = await local.flush();
        local.setWebhook(hookConfig());
        return `lost ${n}`;
      }
      local.setWebhook(hookConfig(dup));
      const n = await local.flush(mode === "reverse");
      local.setWebhook(hookConfig());
      return `delivered ${n}${dup > 1 ? " twice" : ""}${mode === "reverse" ? " reversed" : ""}`;
    }

    async function step(r: Run, s: Step, concurrent: boolean): Promise<string> {
      switch (s.t) {
        case "add":
        case "qty":
        case "remove": {
          const before = concurrent ? null : await cartState(r);
          const cart = await kassa.carts.get(r.cartId, r.actor);
          let out: string;
          if (s.t === "add") {
            out = await attempt(r, show(s), () => kassa.carts.addLine(r.cartId, r.actor, { variantId: variants[s.variant % variants.length]!, quantity: s.qty }));
          } else {
            const line = cart.lines[s.line % Math.max(1, cart.lines.length)];
            if (!line) return "no line";
            // AVOID empty-cart: a live intent awaiting 3-D Secure keeps its amount when Stripe refuses 0.
            if (AVOID.has("empty-cart") && (s.t === "remove" || s.qty === 0) && cart.lines.length === 1) return "skipped (would empty the cart)";
            out = await attempt(r, show(s), () => (s.t === "remove" ? kassa.carts.removeLine(r.cartId, r.actor, line.id) : kassa.carts.updateLine(r.cartId, r.actor, line.id, s.qty)));
          }
          if (out === "invalid_state" && before !== null) {
            const after = await cartState(r);
            if (after !== before) r.unexpected.push(`${show(s)} was refused (invalid_state) but the cart changed: ${before} -> ${after}`);
          }
          return out;
        }
        case "session": {
          const col = await openCollection(r);
          if (!col) return "no collection";
          return attempt(r, show(s), () => kassa.payments.createSession(col.id, r.actor, { providerId: STRIPE }));
        }
        case "confirm": {
          const cols = await collections(r);
          const sessions = await sessionsOf(cols.map((c) => c.id));
          const live = sessions.find((x) => x.liveForCollectionId !== null && x.providerRef);
          const stale = sessions.filter((x) => x.liveForCollectionId === null && x.providerRef && ["requires_payment_method", "requires_confirmation"].includes(local.intents.get(x.providerRef)?.status ?? ""));
          if (AVOID.has("retired-reopened") && stale.length) {
            // AVOID retired-reopened: not the reopened intents (a double charge nothing returns when events are lost).
            const refused = new Set((await h.db.paymentOperation.findMany({ where: { sessionId: { in: stale.map((x) => x.id) }, kind: "cancel", status: "failed" } })).map((o) => o.sessionId));
            stale.splice(0, stale.length, ...stale.filter((x) => !refused.has(x.id)));
          }
          const ref = s.stale ? stale.at(-1)?.providerRef : live?.providerRef;
          if (!ref) return s.stale ? "no open stale intent" : "no live intent";
          // As Stripe.js would: the browser's answer is Stripe's, not Kassa's (declines and refusals are outcomes).
          const res = await sdk.paymentIntents.confirm(ref, { payment_method: s.pm }).then(
            (pi) => pi.status,
            (e: { code?: string; message?: string }) => `stripe refused: ${e.code ?? e.message}`,
          );
          return `${ref} ${res}`;
        }
        case "authorize": {
          const live = await liveSession(r);
          if (!live) return "no live session";
          return attempt(r, show(s), () => kassa.payments.authorizeSession(live.id, r.actor, { paymentData: { payment_method: s.pm } }));
        }
        case "authenticate": {
          const cols = await collections(r);
          const live = await liveSession(r);
          const waiting = intentsOf(cols.map((c) => c.id)).filter((pi) => pi.status === "requires_action");
          const pi = waiting.find((x) => x.id === live?.providerRef) ?? waiting.at(-1);
          if (!pi) return "nothing to authenticate";
          const res = await fetch(`${stripeUrl}/_kassa/payment_intents/${pi.id}/authenticate`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ outcome: s.approve ? "approve" : "reject" }),
          });
          let out = `${pi.id} ${res.status} ${pi.status}`;
          const session = await h.db.paymentSession.findFirst({ where: { providerRef: pi.id } });
          if (s.kassa && session) out += ` kassa=${await attempt(r, show(s), () => kassa.payments.completeSessionAction(session.id, r.actor, s.approve))}`;
          return out;
        }
        case "settle": {
          const cols = await collections(r);
          const processing = intentsOf(cols.map((c) => c.id)).filter((pi) => pi.status === "processing");
          const pi = processing[s.pick % Math.max(1, processing.length)];
          if (!pi) return "nothing processing";
          try {
            local.settle(pi.id, s.succeed ? "succeed" : "fail");
          } catch (e) {
            return `${pi.id} refused: ${(e as Error).message}`;
          }
          return `${pi.id} ${pi.status}`;
        }
        case "webhooks":
          return deliverWebhooks(r, s.mode, s.dup);
        case "refresh": {
          const cols = await collections(r);
          const sessions = (await sessionsOf(cols.map((c) => c.id))).filter((x) => x.providerRef);
          const target = s.pick === "live" ? sessions.find((x) => x.liveForCollectionId !== null) : sessions[s.pick % Math.max(1, sessions.length)];
          if (!target) return "no session";
          return attempt(r, show(s), () => kassa.payments.refreshSession(target.id, SYSTEM));
        }
        case "complete":
          return attempt(r, show(s), () => kassa.orders.completeCart(r.cartId, r.actor));
        case "reconcile":
          return reconcile(r, s.poll);
        case "fault": {
          const spec = FAULT_TARGETS[s.target];
          // stripe-node retries a closed connection once with the same key: two matching requests make the call fail.
          // (a 409 "key in use" is not retried by the SDK either)
          local.fail({ method: spec.method, path: spec.path, kind: s.kind, count: s.kind === "api_error" || s.kind === "in_use" ? 1 : 2 });
          r.faulted = true;
          stats.faults++;
          return "armed";
        }
        case "concurrent": {
          stats.subSteps += s.steps.length;
          const outs = await Promise.all(s.steps.map((x) => step(r, x, true)));
          return outs.join(" | ");
        }
      }
    }

    // ---------------------------------------------------------------------------------------------- one run

    /** The cart's rows and Stripe's intents, for a failure report. */
    async function dump(r: Run): Promise<string> {
      const cols = await collections(r);
      const sessions = await sessionsOf(cols.map((c) => c.id));
      const ops = await h.db.paymentOperation.findMany({ where: { sessionId: { in: sessions.map((s) => s.id) } }, orderBy: { createdAt: "asc" } });
      const out = cols.map((c) => `collection ${c.id} ${c.status} amount ${c.amountMinor} authorized ${c.authorizedMinor} order ${c.orderId ?? "-"}`);
      for (const s of sessions) {
        const p = s.payment;
        out.push(`session ${s.id} ${s.status} live ${s.liveForCollectionId ? "yes" : "no"} amount ${s.amountMinor} ref ${s.providerRef ?? "-"} data.status ${(s.data as { status?: string })?.status ?? "-"}` +
          (p ? ` | payment ${p.id} ${p.status} auth ${p.authorizedMinor} capt ${p.capturedMinor} ref ${p.refundedMinor} flag ${p.flag ?? "-"} returned ${p.returnedAt ? "yes" : "no"}` : ""));
        for (const o of ops.filter((x) => x.sessionId === s.id)) out.push(`  op ${o.id} ${o.kind} ${o.status} amount ${o.amountMinor ?? "-"} reason ${o.reason}${o.error ? ` error ${JSON.stringify(o.error).slice(0, 200)}` : ""}`);
      }
      for (const pi of intentsOf(cols.map((c) => c.id))) out.push(`stripe ${pi.id} ${pi.status} amount ${pi.amount} received ${pi.amount_received} capturable ${pi.amount_capturable} session ${String(pi.metadata.kassa_session_id)}`);
      const ids = new Set([...sessions.map((s) => s.id), ...sessions.flatMap((s) => (s.payment ? [s.payment.id] : [])), ...ops.map((o) => o.id), r.cartId]);
      const jobs = (await h.db.job.findMany({ orderBy: { createdAt: "asc" } })).filter((j) => Object.values((j.payload ?? {}) as object).some((v) => ids.has(String(v))));
      for (const j of jobs) out.push(`job ${j.name} ${JSON.stringify(j.payload)} ${j.status} attempts ${j.attempts}${j.lastError ? ` error ${j.lastError.slice(0, 160)}` : ""}`);
      return out.join("\n");
    }

    async function drain(r: Run, settleOutcome: "succeed" | "fail") {
      local.clearFaults();
      for (let round = 0; round < 8; round++) {
        const cols = await collections(r);
        for (const pi of intentsOf(cols.map((c) => c.id))) if (pi.status === "processing") local.settle(pi.id, settleOutcome);
        const delivered = await deliverWebhooks(r, "flush", 1);
        const rec = await reconcile(r, true);
        r.log.push(`  drain ${round}: ${delivered}; ${rec}`);
        const sessions = await sessionsOf(cols.map((c) => c.id));
        const sessionIds = sessions.map((s) => s.id);
        const quiet =
          local.held().length === 0 &&
          !intentsOf(cols.map((c) => c.id)).some((pi) => pi.status === "processing") &&
          (await h.db.paymentOperation.count({ where: { sessionId: { in: sessionIds }, status: "pending" } })) === 0 &&
          (await h.db.payment.count({ where: { sessionId: { in: sessionIds }, flag: { not: null }, returnedAt: null } })) === 0 &&
          /jobs=ok:0$/.test(rec);
        if (quiet) break;
      }
    }

    async function runOnce(input: RunInput) {
      stats.runs++;
      local.clearFaults();
      local.setWebhook(hookConfig());
      const actor: Actor = input.customer
        ? { type: "customer", customerId: customers[stats.runs % customers.length]! }
        : { type: "anonymous", anonymousId: `anon_model_${target.name}_${Date.now().toString(36)}_${stats.runs}` };
      const cart = await kassa.carts.create(actor, { regionId: regions[input.currency]!, email: "model@example.com" });
      const r: Run = { n: stats.runs, cartId: cart.id, actor, log: [], faulted: false, unexpected: [] };
      current = r;
      try {
        r.log.push(`setup: ${input.customer ? "customer" : "guest"} cart ${cart.id} in ${input.currency}, ${input.first.qty} x variant ${input.first.variant}`);
        await kassa.carts.addLine(cart.id, actor, { variantId: variants[input.first.variant % variants.length]!, quantity: input.first.qty });
        const col = await kassa.payments.createCollectionForCart(cart.id, actor);
        await kassa.payments.createSession(col.id, actor, { providerId: STRIPE });
        await checkStep(r, "setup");
        let i = 0;
        for (const s of input.steps) {
          if (!s) continue;
          i++;
          stats.steps++;
          const out = await step(r, s, false);
          r.log.push(`${String(i).padStart(2)}. ${show(s)} -> ${out}`);
          for (const [j, o] of out.split(" | ").entries()) {
            const kind = s.t === "concurrent" ? s.steps[j]!.t : s.t;
            if (["add", "qty", "remove", "session", "authorize", "complete", "refresh"].includes(kind)) cover(`${kind}:${o.split(" ")[0]}`);
          }
          await checkStep(r, `step ${i} ${show(s)}`);
        }
        await drain(r, input.drainSettle ? "succeed" : "fail");
        await checkDrained(r);
      } catch (e) {
        if (e instanceof InvariantError) e.message += `\n--- the cart's rows ---\n${await dump(r).catch((x) => `(dump failed: ${String(x)})`)}`;
        throw e;
      } finally {
        current = null;
      }
    }

    for (const k of KNOWN) {
      it.skipIf(k.avoid !== undefined && AVOID.has(k.avoid))(`sequence found by the model — ${k.name}`, async () => {
        await runOnce(k.input);
      }, 60_000);
    }

    it(
      `random shopper, Stripe, network and worker steps keep the money invariants (${runs} runs${pg ? "" : ", no concurrent steps"})`,
      async () => {
        console.log(`[ledger-model] ${target.name}: seed ${SEED}, ${runs} runs${AVOID.size ? `, avoiding known bugs: ${[...AVOID].join(", ")}` : ""}`);
        const before = { ...stats, started: Date.now() };
        let shrinkUntil: number | null = null;
        try {
          await fc.assert(
            fc.asyncProperty(runArb(pg), async (input) => {
              // Shrinking replays whole runs against the real ledger: past its budget, the remaining candidates pass
              // unrun, so fast-check reports the smallest failing sequence found so far.
              if (shrinkUntil !== null && Date.now() > shrinkUntil) return;
              try {
                await runOnce(input);
              } catch (e) {
                shrinkUntil ??= Date.now() + SHRINK_MS;
                throw e;
              }
            }),
            { numRuns: runs, seed: SEED, verbose: 1, endOnFailure: process.env.LEDGER_MODEL_NO_SHRINK === "1" },
          );
        } finally {
          const d = (k: keyof typeof stats) => stats[k] - before[k];
          console.log(
            `[ledger-model] ${target.name}: ${d("runs")} runs, ${d("steps")} steps, ${d("checks")} invariant checks in ${((Date.now() - before.started) / 1000).toFixed(1)} s` +
              ` (${d("subSteps")} sub-steps in concurrent steps, ${d("faults")} faults armed; seed ${SEED}${AVOID.size ? `; avoiding ${[...AVOID].join(", ")}` : ""})`,
          );
        }
        expect(stats.runs - before.runs).toBeGreaterThanOrEqual(runs);
      },
      TIMEOUT_MS,
    );
  });
}
