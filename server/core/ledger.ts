// The ledger's one write path for provider outcomes. A provider answer (browser confirmation, capture, refund) and a
// webhook both arrive as an IntentSnapshot and go through `applySnapshot`, which is monotonic and idempotent:
// - each provider attempt is one Authorization transaction whose state only moves Initial/Pending -> Success/Failure;
// - charges and refunds are keyed by what they settle, so a replay inserts nothing;
// - payment, session, collection and order states are derived from those rows, never incremented blindly.
// So the same event applied twice, or events applied in any order, end in the same state.
// Money that arrives where it must not count (a retired session, a canceled collection, an amount other than the
// collection's) is flagged here, in the same transaction, and a job is enqueued to return it (docs/payments.md).
import type { Tx } from "../db";
import type { PaymentFlag, PaymentSessionStatus, PaymentStatus, TransactionState } from "../db/generated/enums";
import type { AttemptSnapshot, IntentSnapshot, IntentStatus } from "./provider-port";
import type { JobEnqueuer } from "./deps";
import type { IdGenerator } from "./ids";
import { emitEvent, orderPayload, paymentEvents, paymentPayload } from "./outbox";

const RANK: Record<IntentStatus, number> = {
  requires_payment_method: 0,
  requires_confirmation: 0,
  requires_action: 1,
  processing: 2,
  requires_capture: 3,
  succeeded: 4,
  canceled: 5,
};

const ATTEMPT_STATE: Record<AttemptSnapshot["state"], TransactionState> = {
  pending: "Pending",
  requires_action: "Pending",
  succeeded: "Success",
  failed: "Failure",
};

export type SessionRow = {
  id: string;
  collectionId: string;
  providerId: string;
  currency: string;
  amountMinor: bigint;
  status: PaymentSessionStatus;
  data: unknown;
};

// Locks are always taken in one order: cart -> collection -> session -> payment (docs/payments.md).

/** Lock a session row for the rest of the transaction (concurrent writers on one session queue here). */
export async function lockSession(tx: Tx, sessionId: string): Promise<void> {
  await tx.$queryRaw`SELECT id FROM "PaymentSession" WHERE id = ${sessionId} FOR UPDATE`;
}

export async function lockPayment(tx: Tx, paymentId: string): Promise<void> {
  await tx.$queryRaw`SELECT id FROM "Payment" WHERE id = ${paymentId} FOR UPDATE`;
}

/**
 * Lock a cart, then its open collection, in one statement (select-list subqueries run left to right, so the order is
 * cart -> collection). A cart change or completion holds both: a confirmation or webhook that holds the collection
 * while it changes the live session has finished before the cart's state is read.
 */
export async function lockCartAndCollection(tx: Tx, cartId: string): Promise<void> {
  await tx.$queryRaw`SELECT (SELECT count(*) FROM (SELECT id FROM "Cart" WHERE id = ${cartId} FOR UPDATE) c) AS carts,
    (SELECT count(*) FROM (SELECT id FROM "PaymentCollection" WHERE "openForCartId" = ${cartId} FOR UPDATE) p) AS collections`;
}

/** Lock a collection row for the rest of the transaction. (Session replacement locks it inside its own SQL function.) */
export async function lockCollection(tx: Tx, collectionId: string): Promise<void> {
  await tx.$queryRaw`SELECT id FROM "PaymentCollection" WHERE id = ${collectionId} FOR UPDATE`;
}

/** Merge a (possibly stale) snapshot into what is stored: settled states never regress. */
export function mergeSnapshot(stored: Record<string, unknown> | null, incoming: IntentSnapshot): IntentSnapshot {
  const prev = stored && typeof stored.status === "string" ? (stored as unknown as IntentSnapshot) : null;
  if (!prev) return incoming;
  const attempts = new Map<string, AttemptSnapshot>();
  const final = (s: AttemptSnapshot["state"]) => s === "succeeded" || s === "failed";
  for (const a of [...(prev.attempts ?? []), ...incoming.attempts]) {
    const have = attempts.get(a.id);
    if (!have || !final(have.state)) attempts.set(a.id, a);
  }
  const refunds = new Map<string, IntentSnapshot["refunds"][number]>();
  for (const r of [...(prev.refunds ?? []), ...incoming.refunds]) {
    const have = refunds.get(r.id);
    // Failed is final; a refund that succeeded can still fail later (Stripe: refund.failed, e.g. a closed card account).
    if (!have || have.state === "pending" || (have.state === "succeeded" && r.state === "failed")) refunds.set(r.id, r);
  }
  const regress = RANK[incoming.status] < RANK[prev.status] && RANK[prev.status] >= RANK.requires_capture;
  const base = regress ? prev : incoming;
  const merged = {
    amountReceived: Math.max(prev.amountReceived ?? 0, incoming.amountReceived),
    attempts: [...attempts.values()],
    refunds: [...refunds.values()],
  };
  // Providers keep the snapshot's own fields in `data`, so the stored data is the previous snapshot.
  return { ...base, ...merged, data: { ...(regress ? stored : incoming.data), ...merged } };
}

function sumBig(values: bigint[]): bigint {
  return values.reduce((a, b) => a + b, 0n);
}

/** The session's Payment row (money in motion), owned like the cart it pays for. */
export function createPaymentForSession(
  tx: Tx,
  ids: IdGenerator,
  session: { id: string; collectionId: string; providerId: string; currency: string; amountMinor: bigint; source: string; collection: { cart: { customerId: string | null; anonymousId: string | null } | null } },
  providerRef: string | null,
) {
  return tx.payment.create({
    data: {
      id: ids("pay"),
      collectionId: session.collectionId,
      sessionId: session.id,
      customerId: session.collection.cart?.customerId ?? null,
      anonymousId: session.collection.cart?.anonymousId ?? null,
      providerId: session.providerId,
      providerRef,
      currency: session.currency,
      amountPlannedMinor: session.amountMinor,
      methodInfo: { paymentInterface: session.providerId, method: "card" },
      source: session.source,
    },
  });
}

/** Intent states a shopper can still pay from. */
const OPEN_INTENT: string[] = ["requires_payment_method", "requires_confirmation", "requires_action"];

/**
 * Money a payment still holds: captured and not refunded, plus — while the authorization is open — what is authorized
 * and not yet captured. Once the intent is finished (canceled, or captured: a partial capture releases the rest) only
 * the captured money counts.
 */
export function heldMinor(p: { status: PaymentStatus; authorizedMinor: bigint; capturedMinor: bigint; refundedMinor: bigint }): bigint {
  const finished = p.status === "canceled" || p.status === "captured" || p.status === "partially_refunded" || p.status === "refunded";
  return (finished || p.capturedMinor > p.authorizedMinor ? p.capturedMinor : p.authorizedMinor) - p.refundedMinor;
}

export type ApplyResult = { paymentId: string | null; flagged: PaymentFlag | null; settled: boolean };
export type LedgerDeps = { ids: IdGenerator; jobs: JobEnqueuer };

/**
 * Lock the session's collection, then the session (the house lock order), for a write that applies provider state.
 * Returns the collection id.
 */
export async function lockSessionAndCollection(tx: Tx, sessionId: string): Promise<string> {
  const [row] = await tx.$queryRaw<{ collectionId: string }[]>`SELECT "collectionId" FROM "PaymentSession" WHERE id = ${sessionId}`;
  if (!row) return "";
  await lockCollection(tx, row.collectionId);
  await lockSession(tx, sessionId);
  return row.collectionId;
}

/** Why money held by this session must not count toward its cart, or null when it may. */
function flagFor(
  session: { liveForCollectionId: string | null },
  collection: { status: string; amountMinor: bigint; cart: { completedAt: Date | null } | null },
  held: bigint,
): PaymentFlag | null {
  if (held === 0n) return null;
  if (collection.status === "canceled") return collection.cart?.completedAt ? "completed_cart" : "canceled_collection";
  if (!session.liveForCollectionId) return collection.cart?.completedAt ? "completed_cart" : "retired_session";
  if (held !== collection.amountMinor) return "amount_mismatch";
  return null;
}

/**
 * Apply a provider snapshot to a session. The caller holds the collection and session locks inside `tx`
 * (`lockSessionAndCollection`). Creates the session's Payment on the first attempt, upserts transactions, re-derives
 * payment, session, collection and order state, and flags money that must not count (enqueueing its return).
 */
export async function applySnapshot(tx: Tx, deps: LedgerDeps, now: Date, sessionId: string, incoming: IntentSnapshot): Promise<ApplyResult> {
  const { ids } = deps;
  const session = await tx.paymentSession.findUniqueOrThrow({
    where: { id: sessionId },
    include: {
      payment: true,
      collection: { select: { id: true, cartId: true, status: true, amountMinor: true, cart: { select: { customerId: true, anonymousId: true, completedAt: true } } } },
    },
  });
  const snap = mergeSnapshot((session.data as Record<string, unknown>) ?? null, incoming);
  const needsPayment = snap.attempts.length > 0 || RANK[snap.status] >= RANK.requires_action;

  let payment = session.payment;
  if (!payment && needsPayment) payment = await createPaymentForSession(tx, ids, session, snap.ref);
  let flagged: PaymentFlag | null = payment?.flag ?? null;
  let settled = false;
  let live = session.liveForCollectionId;

  if (payment) {
    const existing = await tx.transaction.findMany({ where: { paymentId: payment.id } });
    const byKey = new Map(existing.map((t) => [t.operationKey, t]));
    const writes: Promise<unknown>[] = [];
    const put = (key: string, type: "Authorization" | "Charge" | "Refund" | "CancelAuthorization", state: TransactionState, amount: number, interactionId: string | null) => {
      const have = byKey.get(key);
      if (!have) {
        const row = { id: ids("txn"), paymentId: payment!.id, type, state, amountMinor: BigInt(amount), currency: session.currency, interactionId, operationKey: key, timestamp: now };
        byKey.set(key, { ...row, custom: null, createdAt: now } as (typeof existing)[number]);
        writes.push(tx.transaction.create({ data: row }));
      } else if (((have.state === "Initial" || have.state === "Pending") && have.state !== state) || (type === "Refund" && have.state === "Success" && state === "Failure")) {
        have.state = state;
        writes.push(tx.transaction.update({ where: { id: have.id }, data: { state } }));
      }
    };
    for (const a of snap.attempts) put(`auth:${a.id}`, "Authorization", ATTEMPT_STATE[a.state], a.amount, a.id);
    const charged = sumBig([...byKey.values()].filter((t) => t.type === "Charge" && t.state === "Success").map((t) => t.amountMinor));
    if (BigInt(snap.amountReceived) > charged) {
      put(`charge:sync:${snap.amountReceived}`, "Charge", "Success", Number(BigInt(snap.amountReceived) - charged), snap.ref);
    }
    for (const r of snap.refunds) put(`refund:${r.id}`, "Refund", r.state === "succeeded" ? "Success" : r.state === "failed" ? "Failure" : "Pending", r.amount, r.id);
    // A refund whose operation was closed as failed after its answer was lost, and which landed after all: the
    // operation did succeed (so a retry with the caller's key is a repeat, never a second refund).
    const landed = snap.refunds.filter((r) => r.operationId && r.state !== "failed").map((r) => r.operationId!);
    if (landed.length) writes.push(tx.paymentOperation.updateMany({ where: { id: { in: landed }, status: "failed" }, data: { status: "succeeded" } })); // its error stays on record
    const authorizedOk = [...byKey.values()].some((t) => t.type === "Authorization" && t.state === "Success");
    if (snap.status === "canceled" && authorizedOk) put("cancel", "CancelAuthorization", "Success", Number(sumBig([...byKey.values()].filter((t) => t.type === "Authorization" && t.state === "Success").map((t) => t.amountMinor))), snap.ref);
    await Promise.all(writes);

    const all = [...byKey.values()];
    const sum = (type: string) => sumBig(all.filter((t) => t.type === type && t.state === "Success").map((t) => t.amountMinor));
    const authorized = sum("Authorization");
    const captured = sum("Charge");
    const refunded = sum("Refund");
    const latestAttempt = snap.attempts.at(-1);
    let status: PaymentStatus;
    if (snap.status === "canceled") status = "canceled";
    else if (captured > 0n && refunded >= captured) status = "refunded";
    else if (refunded > 0n) status = "partially_refunded";
    else if (captured > 0n) status = snap.status === "succeeded" || captured >= authorized ? "captured" : "partially_captured";
    else if (authorized > 0n) status = "authorized";
    else if (latestAttempt?.state === "requires_action") status = "requires_action";
    else if (latestAttempt?.state === "pending" || snap.status === "processing") status = "pending";
    else if (latestAttempt?.state === "failed") status = "failed";
    else status = "initial";

    const changed =
      writes.length > 0 ||
      payment.status !== status ||
      payment.authorizedMinor !== authorized ||
      payment.capturedMinor !== captured ||
      payment.refundedMinor !== refunded ||
      payment.amountPlannedMinor !== BigInt(snap.amount) ||
      payment.providerRef !== snap.ref;
    const held = heldMinor({ status, authorizedMinor: authorized, capturedMinor: captured, refundedMinor: refunded });
    const newFlag = flagged ? null : flagFor(session, session.collection, held > 0n ? (authorized > captured ? authorized : captured) : 0n);
    if (flagged && !newFlag && payment.returnedAt && held > 0n) {
      await deps.jobs.enqueue(tx, { name: "payment.return", key: payment.id, payload: { paymentId: payment.id } });
    }
    if (newFlag) {
      flagged = newFlag;
      live = null; // money that must not count takes the session out of play: the cart can be paid afresh
      await deps.jobs.enqueue(tx, { name: "payment.return", key: payment.id, payload: { paymentId: payment.id } });
    }
    // The cart's money is now held in full (flags aside): its order follows by job if nobody completes the cart first
    // (Medusa's webhook handler does the same), so authorized money never waits for a cart that is never completed.
    settled = !flagged && (status === "authorized" || status === "captured") && !["authorized", "partially_captured", "captured", "partially_refunded", "refunded"].includes(payment.status);
    if (changed || newFlag) {
      await tx.payment.update({
        where: { id: payment.id },
        data: {
          status,
          authorizedMinor: authorized,
          capturedMinor: captured,
          refundedMinor: refunded,
          amountPlannedMinor: BigInt(snap.amount), // the intent's amount now (a cart change moved it before any money)
          providerRef: snap.ref,
          version: { increment: 1 },
          capturedAt: captured > 0n && !payment.capturedAt ? now : undefined,
          canceledAt: status === "canceled" && !payment.canceledAt ? now : undefined,
          ...(newFlag ? { flag: newFlag, flaggedAt: now } : {}),
          ...(flagged && !payment.returnedAt && held === 0n && (refunded > 0n || status === "canceled") ? { returnedAt: now } : {}),
          ...(flagged && payment.returnedAt && held > 0n ? { returnedAt: null } : {}), // a return refund failed: return it again
        },
      });
      // what changed, told to the merchant's systems (in this transaction: the events exist iff the change commits)
      const after = { ...payment, status, authorizedMinor: authorized, capturedMinor: captured, refundedMinor: refunded, amountPlannedMinor: BigInt(snap.amount), flag: flagged ?? payment.flag };
      for (const e of paymentEvents(payment, after)) {
        await emitEvent(tx, { ...deps, now: () => now }, { type: e.type, subjectId: payment.id, payload: { payment: paymentPayload(after), ...(e.amount !== undefined ? { amount: e.amount } : {}) } });
      }
    }
  }

  const sessionStatus: PaymentSessionStatus =
    snap.status === "canceled"
      ? "canceled"
      : RANK[snap.status] >= RANK.requires_capture
        ? "authorized"
        : snap.status === "requires_action"
          ? "requires_more"
          : snap.attempts.at(-1)?.state === "failed"
            ? "error"
            : "pending";
  await tx.paymentSession.update({
    where: { id: session.id },
    data: {
      status: sessionStatus,
      providerRef: snap.ref,
      data: snap.data as object,
      amountMinor: BigInt(snap.amount),
      authorizedAt: sessionStatus === "authorized" && !session.authorizedAt ? now : undefined,
      liveForCollectionId: sessionStatus === "canceled" || live === null ? null : undefined,
    },
  });

  // A retired session's intent that can be confirmed again (its async payment failed, its 3-D Secure was refused, or it
  // was never canceled): cancel it at the provider, so no shopper holding its client secret can pay it any more.
  if (live === null && snap.ref && OPEN_INTENT.includes(snap.status)) {
    await deps.jobs.enqueue(tx, { name: "session.cancel", key: session.id, payload: { sessionId: session.id } });
  }

  await refreshCollection(tx, deps, now, session.collectionId);
  if (settled && session.collection.cartId && !session.collection.cart?.completedAt) {
    await deps.jobs.enqueue(tx, { name: "cart.complete", key: session.collection.cartId, payload: { cartId: session.collection.cartId } });
  }
  return { paymentId: payment?.id ?? null, flagged, settled };
}

/** Re-derive a collection's totals and status (and its order's payment status) from its payments and sessions. */
export async function refreshCollection(tx: Tx, deps: LedgerDeps, now: Date, collectionId: string): Promise<void> {
  const c = await tx.paymentCollection.findUniqueOrThrow({
    where: { id: collectionId },
    include: { payments: { where: { flag: null } }, sessions: { where: { liveForCollectionId: { not: null } }, select: { status: true } } },
  });
  // Flagged money is not the collection's: it is counted nowhere and returned (see applySnapshot).
  const live = c.payments.filter((p) => p.status !== "canceled");
  const authorized = sumBig(live.map((p) => p.authorizedMinor));
  const captured = sumBig(c.payments.map((p) => p.capturedMinor));
  const refunded = sumBig(c.payments.map((p) => p.refundedMinor));
  let status = c.status;
  if (c.status !== "canceled") {
    if (authorized > 0n && authorized >= c.amountMinor) status = "authorized";
    else if (authorized > 0n) status = "partially_authorized";
    // Medusa's rule: `awaiting` once an authorization was attempted on a collection that still has a session (v2
    // derives it only after an authorize, capture or refund; creating a session leaves `not_paid`, as its wire shows).
    else if (c.sessions.length > 0 && (c.status !== "not_paid" || c.payments.some((p) => p.status !== "initial"))) status = "awaiting";
    else status = "not_paid";
  }
  if (status !== c.status || authorized !== c.authorizedMinor || captured !== c.capturedMinor || refunded !== c.refundedMinor) {
    await tx.paymentCollection.update({
      where: { id: c.id },
      data: { status, authorizedMinor: authorized, capturedMinor: captured, refundedMinor: refunded, completedAt: status === "authorized" && !c.completedAt ? now : undefined },
    });
  }
  const orderId = c.orderId ?? (c.cartId ? (await tx.order.findUnique({ where: { cartId: c.cartId }, select: { id: true } }))?.id : undefined);
  if (orderId) await refreshOrderPaymentStatus(tx, deps, now, orderId);
}

export async function refreshOrderPaymentStatus(tx: Tx, deps: LedgerDeps, now: Date, orderId: string): Promise<void> {
  const order = await tx.order.findUniqueOrThrow({ where: { id: orderId } });
  const payments = await tx.payment.findMany({
    where: { flag: null, OR: [{ collection: { orderId } }, ...(order.cartId ? [{ collection: { cartId: order.cartId } }] : [])] },
    select: { status: true, authorizedMinor: true, capturedMinor: true, refundedMinor: true },
  });
  const captured = sumBig(payments.map((p) => p.capturedMinor));
  const refunded = sumBig(payments.map((p) => p.refundedMinor));
  const authorized = sumBig(payments.filter((p) => p.status !== "canceled").map((p) => p.authorizedMinor));
  // An authorization still open (or money still settling): the merchant may capture more.
  const open = payments.some((p) => ["pending", "requires_action", "authorized", "partially_captured"].includes(p.status));
  let status = order.paymentStatus;
  if (captured > 0n && refunded >= captured) status = "refunded";
  else if ((captured >= order.totalMinor && order.totalMinor > 0n) || (captured > 0n && !open)) status = "paid"; // a partial capture closes it too
  else if (payments.some((p) => p.status === "pending" || p.status === "requires_action")) status = "awaiting";
  else if (authorized > 0n) status = "authorized"; // held, waiting for the merchant's capture (manual capture mode)
  else if (payments.length > 0 && payments.every((p) => p.status === "canceled")) status = "canceled";
  else if (status !== "canceled") status = "not_paid";
  if (status !== order.paymentStatus) {
    const updated = await tx.order.update({ where: { id: orderId }, data: { paymentStatus: status, paidAt: status === "paid" && !order.paidAt ? now : undefined } });
    if (status === "paid" && !order.paidAt) await emitEvent(tx, { ...deps, now: () => now }, { type: "order.paid", subjectId: orderId, payload: { order: orderPayload(updated) } });
  }
}
