// Calling a payment provider from the ledger, in atomic phases (brandur.org/idempotency-keys; docs/payments.md):
//   1. under the session lock, record the intended effect as a PaymentOperation row and commit;
//   2. call the provider with the row's id as the idempotency key, outside any database transaction;
//   3. under the locks again, mark the row finished and apply the answer, re-checking state.
// One call per session is in flight at a time (the row's `inFlightForSessionId` is unique): calls on one session reach
// the provider in the order they were recorded, and a later call never races an earlier one. A crash between 1 and 3
// leaves a pending row whose lease runs out; reconciliation finishes it from the row (`resumeOperation`).
import type { Tx } from "../db";
import type { PaymentOperationKind } from "../db/generated/enums";
import type { CoreDeps } from "./deps";
import { PaymentError, isPaymentError } from "./errors";
import { applySnapshot, lockSessionAndCollection, type ApplyResult } from "./ledger";
import type { IntentSnapshot } from "./provider-port";

/**
 * Longer than the worst provider call, so a live caller keeps its lease: our Stripe client times out after 20 s and
 * makes up to 2 network retries with backoff (~65 s per call), and the slowest verbs make two calls (refund, then read
 * the intent) — about 130 s. Three minutes leaves room.
 */
export const OPERATION_LEASE_MS = 180_000;
const WAIT_MS = 15_000;

export type OperationRow = {
  id: string;
  sessionId: string;
  paymentId: string | null;
  kind: PaymentOperationKind;
  status: "pending" | "succeeded" | "failed";
  amountMinor: bigint | null;
  currency: string;
  reason: string;
  leaseUntil: Date | null;
};

export type SessionForCall = {
  id: string;
  collectionId: string;
  providerId: string;
  currency: string;
  amountMinor: bigint;
  status: string;
  liveForCollectionId: string | null;
  providerRef: string | null;
  data: unknown;
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function createProviderCalls(deps: CoreDeps) {
  const { db, ids, now } = deps;

  /** Under the caller's session lock: the operation in flight on this session, if any. */
  function inFlight(tx: Tx, sessionId: string) {
    return tx.paymentOperation.findUnique({ where: { inFlightForSessionId: sessionId } }) as Promise<OperationRow | null>;
  }

  /** Under the caller's session lock, with the lane free: record the intended call. */
  async function record(tx: Tx, session: { id: string; currency: string }, kind: PaymentOperationKind, opts: { amountMinor?: bigint; paymentId?: string | null; reason?: string } = {}): Promise<OperationRow> {
    return (await tx.paymentOperation.create({
      data: {
        id: ids("pop"),
        sessionId: session.id,
        paymentId: opts.paymentId ?? null,
        kind,
        inFlightForSessionId: session.id,
        leaseUntil: new Date(now().getTime() + OPERATION_LEASE_MS),
        amountMinor: opts.amountMinor ?? null,
        currency: session.currency,
        reason: opts.reason ?? "",
        createdAt: now(),
      },
    })) as OperationRow;
  }

  /** Mark an operation finished (only if it is still pending) and free the session's lane. */
  async function finish(tx: Tx, opId: string, outcome: { ok: true } | { ok: false; error: unknown }): Promise<boolean> {
    const err = outcome.ok ? null : outcome.error;
    const r = await tx.paymentOperation.updateMany({
      where: { id: opId, status: "pending" },
      data: {
        status: outcome.ok ? "succeeded" : "failed",
        inFlightForSessionId: null,
        completedAt: now(),
        ...(err ? { error: { code: isPaymentError(err) ? err.code : "internal", message: String((err as Error).message ?? err).slice(0, 500), ...(isPaymentError(err) ? { details: err.details as object } : {}) } } : {}),
      },
    });
    return r.count === 1;
  }

  /**
   * Take over an operation whose lease has run out (its caller is gone), atomically: of several resumers (the claim
   * loop, the `operation.resume` job, the sweep), exactly one gets it; the others see it leased.
   */
  async function takeLease(opId: string): Promise<boolean> {
    const at = now();
    const r = await db.paymentOperation.updateMany({
      where: { id: opId, status: "pending", OR: [{ leaseUntil: null }, { leaseUntil: { lte: at } }] },
      data: { leaseUntil: new Date(at.getTime() + OPERATION_LEASE_MS) },
    });
    return r.count === 1;
  }

  /** Finishes an expired operation found in the lane (set by the sessions family: it knows how to repeat each kind). */
  let resumer: ((opId: string) => Promise<unknown>) | null = null;
  function setResumer(fn: (opId: string) => Promise<unknown>) {
    resumer = fn;
  }

  type Claimed<T> = { op: OperationRow; session: SessionForCall; extra: T };
  type Plan<T> = { kind: PaymentOperationKind; amountMinor?: bigint; paymentId?: string | null; reason?: string; extra?: T } | { skip: unknown };

  /**
   * Phase 1: lock collection -> session, let `plan` look at the locked session (and throw, or answer `{skip}` when there
   * is nothing to do), and record the operation. Waits (bounded) while another call on the session is in flight.
   */
  async function claim<T>(sessionId: string, plan: (tx: Tx, s: SessionForCall) => Promise<Plan<T>>): Promise<Claimed<T> | { skip: unknown }> {
    const deadline = Date.now() + WAIT_MS;
    for (let pause = 20; ; pause = Math.min(pause * 2, 250)) {
      const r = await db.$transaction(async (tx) => {
        await lockSessionAndCollection(tx, sessionId);
        const s = (await tx.paymentSession.findUniqueOrThrow({ where: { id: sessionId } })) as SessionForCall;
        const busy = await inFlight(tx, sessionId);
        if (busy) return { busy: true as const, op: busy };
        const p = await plan(tx, s);
        if ("skip" in p) return { skip: p.skip };
        const op = await record(tx, s, p.kind, p);
        return { op, session: s, extra: p.extra as T };
      });
      if (!("busy" in r)) return r;
      const held = r.op as OperationRow;
      if (held.leaseUntil && held.leaseUntil <= now() && resumer) {
        // an abandoned call: finish it first, with its own key; if that fails too, back off like any busy lane
        if (await resumer(held.id).then(() => true, () => false)) continue;
      }
      if (Date.now() > deadline) {
        // transient, not the provider failing: every dialect answers 503 with Retry-After
        throw new PaymentError("service_unavailable", "Another payment step on this session is still in progress. Try again shortly.", { sessionId });
      }
      await sleep(pause);
    }
  }

  /**
   * Phase 3: lock collection -> session, mark the operation finished and apply the provider's answer. `after` runs in
   * the same transaction (extra rows, follow-up operations). An answer for an operation that is no longer pending
   * (reconciliation finished it) is still applied: snapshots merge monotonically.
   */
  async function settle<R>(op: OperationRow, snap: IntentSnapshot | null, after?: (tx: Tx, applied: ApplyResult | null) => Promise<R>): Promise<R | undefined> {
    return db.$transaction(
      async (tx) => {
        await lockSessionAndCollection(tx, op.sessionId);
        await finish(tx, op.id, { ok: true });
        const applied = snap ? await applySnapshot(tx, deps, now(), op.sessionId, snap) : null;
        return after ? after(tx, applied) : undefined;
      },
      { timeout: 15_000, maxWait: 15_000 },
    );
  }

  /** Phase 3 on failure: mark it failed and free the lane. */
  async function fail(op: OperationRow, error: unknown, after?: (tx: Tx) => Promise<void>): Promise<void> {
    await db.$transaction(async (tx) => {
      await lockSessionAndCollection(tx, op.sessionId);
      await finish(tx, op.id, { ok: false, error });
      if (after) await after(tx);
    });
  }

  /**
   * The answer was lost (timeout, connection reset, provider 5xx): the call may or may not have happened. The operation
   * stays pending with its lease ended, so the next caller on the session or the `operation.resume` job repeats it
   * with the same key — never a new key, which could do it twice.
   */
  async function abandon(op: OperationRow): Promise<void> {
    await db.$transaction(async (tx) => {
      await tx.paymentOperation.updateMany({ where: { id: op.id, status: "pending" }, data: { leaseUntil: now() } });
      await deps.jobs.enqueue(tx, { name: "operation.resume", key: op.id, payload: { operationId: op.id }, runAt: new Date(now().getTime() + 5_000) });
    });
  }

  /**
   * All three phases: claim, call `call(op, session)` with `op.id` as the idempotency key, settle (or fail and rethrow).
   * `onFailure` may turn a provider error into a snapshot (e.g. read the intent after "unexpected state").
   */
  async function run<T, R>(
    sessionId: string,
    plan: (tx: Tx, s: SessionForCall) => Promise<Plan<T>>,
    call: (c: Claimed<T>) => Promise<IntentSnapshot>,
    after?: (tx: Tx, applied: ApplyResult | null, c: Claimed<T>, snap: IntentSnapshot) => Promise<R>,
  ): Promise<{ done: true; result: R | undefined; snap: IntentSnapshot } | { done: false; skip: unknown }> {
    const c = await claim(sessionId, plan);
    if ("skip" in c) return { done: false, skip: c.skip };
    let snap: IntentSnapshot;
    try {
      snap = await call(c);
    } catch (e) {
      if (isPaymentError(e) && e.code === "provider_unavailable") await abandon(c.op);
      else await fail(c.op, e);
      throw e;
    }
    let result: R | undefined;
    try {
      result = await settle(c.op, snap, after ? (tx, applied) => after(tx, applied, c, snap) : undefined);
    } catch (e) {
      // The provider did it, but recording it failed (deadlock, timeout, a lost connection): the outcome is unknown to
      // the caller, exactly as a lost answer. The operation stays pending and is resumed with its own key; the caller
      // hears provider_unavailable, so a retry with the same key waits for it instead of doing it again.
      if (isPaymentError(e) && e.code !== "provider_unavailable" && e.code !== "service_unavailable") throw e;
      await abandon(c.op).catch(() => undefined);
      throw new PaymentError("provider_unavailable", "The provider did this, but recording it did not finish; it is being finished. Retry with the same key.", { operationId: c.op.id }, { cause: e });
    }
    return { done: true, result, snap };
  }

  return { inFlight, record, finish, claim, settle, fail, abandon, run, setResumer, takeLease };
}

export type ProviderCalls = ReturnType<typeof createProviderCalls>;
