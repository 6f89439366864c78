// Payment sessions: one provider's attempt inside a collection. Every provider call goes through provider-calls.ts
// (record, call with the operation's id as idempotency key, apply under the locks). The live session's intent asks
// for exactly the collection's amount: cart changes reach it through `syncSessionAmount`, in recorded order.
import type { Tx } from "../db";
import { owns, type Actor, type ActorFor } from "./actors";
import type { Collections } from "./collections";
import { parseCurrencyCode } from "./currencies";
import type { CoreDeps } from "./deps";
import { PaymentError, isPaymentError, notFound } from "./errors";
import { applySnapshot, createPaymentForSession, lockSessionAndCollection } from "./ledger";
import { fromMinor } from "./money";
import type { IntentSnapshot } from "./provider-port";
import type { OperationRow, ProviderCalls } from "./provider-calls";
import { OPERATION_LEASE_MS } from "./provider-calls";
import { sessionInclude, toSessionView, type CollectionView, type SessionRow, type SessionView } from "./views";

/** What kassa_replace_live_session answers (see its migration). */
type ReplaceOutcome = {
  outcome: "created" | "existing" | "busy" | "not_found" | "invalid_state";
  session_id: string | null;
  amount_minor: bigint | null;
  currency: string | null;
  replaced_id: string | null;
  replaced_provider_id: string | null;
};

export type SessionInput = {
  providerId: string;
  context?: Record<string, unknown>;
  captureMethod?: "automatic" | "manual";
  description?: string;
  metadata?: Record<string, string>;
  /** Answer the live session instead of replacing it when it is of this provider and asks for the collection's amount. */
  reuse?: boolean;
  /** The surface starting it (checkout, medusa_v2, medusa_v1, magento, shop): kept on the session and its payment. */
  source?: PaymentSource;
};

export type PaymentSource = "checkout" | "medusa_v2" | "medusa_v1" | "magento" | "shop" | "commercetools";

type InitiateRequest = { captureMethod: "automatic" | "manual"; description?: string; metadata: Record<string, string>; customerEmail: string | null; source?: string };

/** Whether the provider's intent shows what this operation asked for (read after its answer was lost). */
export function effectVisible(op: Pick<OperationRow, "id" | "kind" | "amountMinor">, read: IntentSnapshot): boolean {
  switch (op.kind) {
    case "update_amount":
      return op.amountMinor !== null && BigInt(read.amount) === op.amountMinor;
    case "capture":
      return read.status === "succeeded"; // an intent is captured once; a partial capture releases the rest
    case "cancel":
      return read.status === "canceled";
    case "refund":
      return read.refunds.some((r) => r.operationId === op.id && r.state !== "failed");
    default:
      return false;
  }
}

/** An outcome the provider may or may not have carried out (a lost answer): resumed with the same key, never failed. */
export function isAmbiguous(e: unknown): boolean {
  return isPaymentError(e) && e.code === "provider_unavailable";
}

const errorJson = (e: unknown) => JSON.stringify({ code: isPaymentError(e) ? e.code : "internal", message: String((e as Error)?.message ?? e).slice(0, 500) });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function createSessions(deps: CoreDeps, collections: Collections, calls: ProviderCalls) {
  const { db, ids, now, providers, jobs } = deps;

  async function loadSession(sessionId: string, actor: Actor) {
    const s = await db.paymentSession.findUnique({
      where: { id: sessionId },
      include: { collection: { include: { cart: { select: { customerId: true, anonymousId: true } } } } },
    });
    if (!s || (actor.type !== "system" && (!s.collection.cart || !owns(actor, s.collection.cart)))) throw notFound("payment session", sessionId);
    return s;
  }

  async function sessionView(sessionId: string): Promise<SessionView> {
    return toSessionView((await db.paymentSession.findUniqueOrThrow({ where: { id: sessionId }, include: sessionInclude })) as SessionRow);
  }

  function remoteProviderIds(): string[] {
    return providers.ids().filter((id) => providers.get(id).remote);
  }

  /** Store an initiate call's answer (or its failure) in one round trip; see kassa_finish_initiate. */
  async function finishInitiate(opId: string, sessionId: string, outcome: { snap: IntentSnapshot } | { error: unknown }): Promise<void> {
    const at = now();
    if ("snap" in outcome) {
      const s = outcome.snap;
      await db.$queryRaw`SELECT 1 AS ok FROM kassa_finish_initiate(${opId}::text, ${sessionId}::text, true, ${s.ref}::text, ${JSON.stringify(s.data)}::jsonb,
        ${BigInt(s.amount)}::bigint, NULL::jsonb, ${at}::timestamptz)`;
    } else {
      await db.$queryRaw`SELECT 1 AS ok FROM kassa_finish_initiate(${opId}::text, ${sessionId}::text, false, NULL::text, NULL::jsonb,
        NULL::bigint, ${errorJson(outcome.error)}::jsonb, ${at}::timestamptz)`;
    }
  }

  /**
   * Start a payment with a provider: the new session replaces the collection's live one (as Medusa v2 does), unless
   * the live one's payment is under way (answered `invalid_state`: its money may still arrive). With `reuse`, a live
   * session of the same provider for the collection's amount is answered as it is (the shop API's payment intent:
   * concurrent calls get one intent). Concurrent calls queue on the collection lock; exactly one session stays live.
   * Round trips: one read, one call of kassa_replace_live_session, the provider, one call of kassa_finish_initiate,
   * one read of the answer.
   */
  async function createSession(collectionId: string, actor: ActorFor, input: SessionInput): Promise<CollectionView> {
    const c = await collections.loadCollection(collectionId, actor);
    const regionId = c.cart?.region.id ?? "";
    if (!providers.has(input.providerId) || (c.cart && !c.cart.region.providerIds.includes(input.providerId))) {
      throw new PaymentError("validation", `Payment provider ${input.providerId} is not enabled in the cart's region ${regionId}.`, {
        field: "provider_id",
        providerId: input.providerId,
        regionId,
      });
    }
    if (c.status === "canceled") throw new PaymentError("invalid_state", "The payment collection is canceled.", { collectionId });
    if (c.authorizedMinor > 0n) throw new PaymentError("invalid_state", "The payment collection is already authorized.", { collectionId });
    const provider = providers.get(input.providerId);
    const sessionId = ids("payses");
    const opId = ids("pop");
    const at = now();
    // Everything the initiate call sends besides the amount, kept on its operation: a resumed call must send the same.
    const request: InitiateRequest = {
      // A region in manual capture mode only authorizes; staff capture later.
      captureMethod: input.captureMethod ?? (c.cart?.region.captureMode === "manual" ? "manual" : provider.defaultCaptureMethod),
      ...(input.description ? { description: input.description } : {}),
      metadata: { kassa_session_id: sessionId, kassa_collection_id: collectionId, kassa_operation_id: opId, ...(input.metadata ?? {}) },
      customerEmail: c.cart?.email ?? null,
      ...(input.source ? { source: input.source } : {}),
    };
    const [r] = await db.$queryRaw<ReplaceOutcome[]>`
      SELECT outcome, session_id, amount_minor, currency, replaced_id, replaced_provider_id
      FROM kassa_replace_live_session(${collectionId}::text, ${sessionId}::text, ${provider.id}::text, ${JSON.stringify(input.context ?? {})}::jsonb,
        ${opId}::text, ${ids("job")}::text, ${new Date(at.getTime() + OPERATION_LEASE_MS)}::timestamptz, ${remoteProviderIds()}::text[],
        ${input.reuse === true}, ${JSON.stringify(request)}::jsonb, ${at}::timestamptz)`;
    if (!r || r.outcome === "not_found") throw notFound("payment collection", collectionId);
    if (r.outcome === "invalid_state") throw new PaymentError("invalid_state", "The payment collection can no longer take a new session.", { collectionId });
    if (r.outcome === "busy") {
      throw new PaymentError("invalid_state", "The current payment is still in progress; wait for its outcome before starting another.", { collectionId, sessionId: r.session_id });
    }
    if (r.outcome === "existing") {
      await waitForInitiate(r.session_id!);
      return collections.collectionView(db, collectionId);
    }
    const currency = parseCurrencyCode(r.currency!);
    let snap: IntentSnapshot;
    try {
      snap = await provider.initiate({ sessionId, idempotencyKey: opId, now: now(), amount: fromMinor(r.amount_minor!, currency), ...request });
    } catch (e) {
      // The session leaves play either way; an answer that was lost keeps its operation for reconciliation, which
      // repeats the call with the same key and cancels the intent it finds (an orphan at the provider otherwise).
      if (isAmbiguous(e)) await retireUnstarted(opId, sessionId);
      else await finishInitiate(opId, sessionId, { error: e });
      throw e;
    }
    await finishInitiate(opId, sessionId, { snap });
    if (r.replaced_id && providers.has(r.replaced_provider_id ?? "") && providers.get(r.replaced_provider_id!).remote) {
      await cancelRetiredSession(r.replaced_id).catch(() => undefined); // its session.cancel job retries
    }
    return collections.collectionView(db, collectionId);
  }

  /** A new session whose initiate answer was lost: out of play now; its operation stays for `resumeOperation`. */
  async function retireUnstarted(opId: string, sessionId: string) {
    await db.$transaction(async (tx) => {
      await lockSessionAndCollection(tx, sessionId);
      await tx.paymentOperation.updateMany({ where: { id: opId, status: "pending" }, data: { leaseUntil: now() } });
      await tx.paymentSession.updateMany({ where: { id: sessionId, providerRef: null }, data: { liveForCollectionId: null, status: "canceled" } });
      await jobs.enqueue(tx, { name: "operation.resume", key: opId, payload: { operationId: opId }, runAt: new Date(now().getTime() + 5_000) });
    });
  }

  /** Another caller is starting this session at the provider: wait (bounded) for its answer. */
  async function waitForInitiate(sessionId: string) {
    const deadline = Date.now() + 15_000;
    for (let pause = 20; ; pause = Math.min(pause * 2, 250)) {
      const s = await db.paymentSession.findUniqueOrThrow({ where: { id: sessionId }, select: { providerRef: true, liveForCollectionId: true } });
      if (s.providerRef || !s.liveForCollectionId) return;
      if (Date.now() > deadline) throw new PaymentError("provider_unavailable", "The payment is still being started with the provider. Try again shortly.", { sessionId });
      await sleep(pause);
    }
  }

  /** Cancel a retired session's intent at its provider. Refused there (already paid or settling): its money, if any
   * arrives, is flagged and returned; the answer is read and applied. */
  async function cancelRetiredSession(sessionId: string): Promise<void> {
    const s = await db.paymentSession.findUnique({ where: { id: sessionId } });
    if (!s || s.liveForCollectionId || !providers.has(s.providerId)) return;
    const provider = providers.get(s.providerId);
    const r = await calls
      .run(
        sessionId,
        async (_tx, cur) => {
          if (cur.liveForCollectionId || !cur.providerRef) return { skip: "nothing to cancel" };
          const d = cur.data as Partial<IntentSnapshot>;
          if (d.status === "canceled") return { skip: "canceled" };
          return { kind: "cancel" as const, reason: "retired" };
        },
        (c) => provider.cancel(c.session.data as Record<string, unknown>, { sessionId, idempotencyKey: c.op.id, now: now() }),
      )
      .catch(async (e) => {
        if (isPaymentError(e) && e.code === "invalid_state") return refreshSession(sessionId, { type: "system" }).then(() => null);
        throw e;
      });
    void r;
  }

  /**
   * Bring the live session's intent to the collection's amount (after a cart change). Waits its turn behind calls in
   * flight, then compares under the lock, so the last change always reaches the provider last. Refused by the
   * provider (the shopper already confirmed): the intent is read back and applied — money for a wrong amount is
   * flagged and returned — and the session leaves play. Provider unreachable: retried by a job.
   */
  async function syncSessionAmount(sessionId: string): Promise<void> {
    let provider;
    try {
      const r = await calls.run(
        sessionId,
        async (tx, s) => {
          if (!s.liveForCollectionId || !s.providerRef || !["pending", "error"].includes(s.status)) return { skip: "not confirmable" };
          const col = await tx.paymentCollection.findUniqueOrThrow({ where: { id: s.collectionId }, select: { amountMinor: true } });
          if (col.amountMinor === s.amountMinor) return { skip: "in step" };
          return { kind: "update_amount" as const, amountMinor: col.amountMinor, reason: "cart_changed" };
        },
        (c) => {
          provider = providers.get(c.session.providerId);
          return provider.update(c.session.data as Record<string, unknown>, {
            sessionId,
            idempotencyKey: c.op.id,
            now: now(),
            amount: fromMinor(c.op.amountMinor!, parseCurrencyCode(c.op.currency)),
          });
        },
      );
      void r;
    } catch (e) {
      // Only the provider's refusal retires the session. A lost answer, a busy lane or our own failure (a deadlock, a
      // transaction timeout) is retried by a job; until then authorization syncs first and refuses a mismatch.
      const refused = isPaymentError(e) && ["invalid_state", "validation", "not_found", "idempotency_conflict"].includes(e.code);
      if (!refused) {
        await jobs.enqueue(db, { name: "session.sync_amount", key: sessionId, payload: { sessionId }, runAt: new Date(now().getTime() + 5_000) });
        return;
      }
      // The provider refused the new amount (the intent is confirmed, settling or gone): read what it holds.
      await refreshSession(sessionId, { type: "system" }).catch(() => undefined);
      await db.$transaction(async (tx) => {
        await lockSessionAndCollection(tx, sessionId);
        const s = await tx.paymentSession.findUniqueOrThrow({ where: { id: sessionId } });
        const col = await tx.paymentCollection.findUniqueOrThrow({ where: { id: s.collectionId }, select: { amountMinor: true } });
        // not (yet) holding money — waiting for a method, failed, or waiting for 3-D Secure — yet asking for another amount
        if (s.liveForCollectionId && s.amountMinor !== col.amountMinor && ["pending", "error", "requires_more"].includes(s.status)) {
          await tx.paymentSession.update({ where: { id: sessionId }, data: { liveForCollectionId: null, status: "canceled" } });
          if (providers.get(s.providerId).remote) await jobs.enqueue(tx, { name: "session.cancel", key: sessionId, payload: { sessionId } });
        }
      });
    }
  }

  /** Record the session's payment before any attempt (a payment order started by the client): status `initial`. */
  async function openPayment(sessionId: string, actor: Actor): Promise<void> {
    await loadSession(sessionId, actor);
    await db.$transaction(async (tx) => {
      await lockSessionAndCollection(tx, sessionId); // the one lock order: collection -> session
      const s = await tx.paymentSession.findUniqueOrThrow({
        where: { id: sessionId },
        include: { payment: { select: { id: true } }, collection: { select: { cart: { select: { customerId: true, anonymousId: true } } } } },
      });
      if (!s.payment) await createPaymentForSession(tx, ids, s, s.providerRef);
    });
  }

  /**
   * Confirm the live session with payment details. A repeat on an authorized session returns it unchanged. The intent
   * must ask for the collection's amount (a pending cart change is synced first; a change racing the payment is refused).
   */
  async function authorizeSession(
    sessionId: string,
    actor: Actor,
    input: { paymentData?: Record<string, unknown>; /** the total the shopper saw; checked where the authorize step is recorded */ expectedAmountMinor?: bigint } = {},
  ): Promise<SessionView> {
    const loaded = await loadSession(sessionId, actor);
    if (loaded.liveForCollectionId && loaded.amountMinor !== loaded.collection.amountMinor) await syncSessionAmount(sessionId);
    await calls.run(
      sessionId,
      async (tx, s) => {
        if (s.status === "authorized") return { skip: "authorized" };
        if (s.status === "canceled" || !s.liveForCollectionId) throw new PaymentError("invalid_state", "This payment session was replaced or canceled.", { sessionId });
        if (s.status === "requires_more") throw new PaymentError("requires_action", "The payment needs the customer's confirmation first.", { sessionId });
        if ((s.data as Partial<IntentSnapshot>).status === "processing") return { skip: "processing" }; // settles by itself
        const col = await tx.paymentCollection.findUniqueOrThrow({ where: { id: s.collectionId }, select: { amountMinor: true } });
        if (col.amountMinor !== s.amountMinor || (input.expectedAmountMinor !== undefined && col.amountMinor !== input.expectedAmountMinor)) {
          throw new PaymentError("invalid_state", "The cart changed while paying; review the total and pay again.", { sessionId, amount: Number(col.amountMinor) });
        }
        return { kind: "authorize" as const, amountMinor: s.amountMinor, reason: "confirm" };
      },
      (c) =>
        providers.get(c.session.providerId).authorize(c.session.data as Record<string, unknown>, {
          sessionId,
          idempotencyKey: c.op.id,
          now: now(),
          paymentData: input.paymentData ?? {},
        }),
    );
    return sessionView(sessionId);
  }

  /** The customer approved or rejected the provider's extra step (3-D Secure-like). */
  async function completeSessionAction(sessionId: string, actor: Actor, approve: boolean): Promise<SessionView> {
    await loadSession(sessionId, actor);
    await calls.run(
      sessionId,
      async (_tx, s) => {
        if (s.status !== "requires_more") return { skip: s.status };
        // a replaced session's money could only be flagged and returned: it takes no further step
        if (!s.liveForCollectionId) throw new PaymentError("invalid_state", "This payment session was replaced or canceled.", { sessionId });
        return { kind: "complete_action" as const, reason: approve ? "approve" : "reject" };
      },
      (c) =>
        providers.get(c.session.providerId).completeAction(c.session.data as Record<string, unknown>, { sessionId, idempotencyKey: c.op.id, now: now(), approve }),
    );
    return sessionView(sessionId);
  }

  /** Re-read the provider's state (async settlement, missed webhooks) and apply it. No effect at the provider. */
  async function refreshSession(sessionId: string, actor: Actor): Promise<SessionView> {
    const s = await loadSession(sessionId, actor);
    if (!s.providerRef || !providers.has(s.providerId)) return sessionView(sessionId);
    const readAt = now();
    const snap = await providers.get(s.providerId).retrieve(s.data as Record<string, unknown>, { now: readAt });
    await applyRead(sessionId, snap, undefined, { readAt }); // a stale read is dropped; the next refresh reads again
    return sessionView(sessionId);
  }

  /**
   * Apply a read of the intent under the locks. With `readAt` (a read made outside the session's lane: a webhook's re-read, a refresh),
   * the read is dropped when a call on the session was in flight or finished after it was taken — it may predate that
   * call (an amount update, a capture) and would move the session back. The caller reads again later. Answers whether
   * it was applied.
   */
  async function applyRead(sessionId: string, snap: IntentSnapshot, alsoInTx?: (tx: Tx) => Promise<void>, opts: { readAt?: Date } = {}): Promise<boolean> {
    return db.$transaction(
      async (tx) => {
        await lockSessionAndCollection(tx, sessionId);
        if (opts.readAt) {
          const newer = await tx.paymentOperation.findFirst({ where: { sessionId, OR: [{ status: "pending" }, { completedAt: { gt: opts.readAt } }] }, select: { id: true } });
          if (newer) return false;
        }
        await applySnapshot(tx, deps, now(), sessionId, snap);
        if (alsoInTx) await alsoInTx(tx);
        return true;
      },
      { timeout: 15_000, maxWait: 15_000 },
    );
  }

  function getSession(sessionId: string, actor: Actor): Promise<SessionView> {
    return loadSession(sessionId, actor).then(() => sessionView(sessionId));
  }

  /**
   * Finish an operation whose caller is gone (crash, lost answer, expired lease): repeat the call with the same key —
   * the provider answers what it did the first time, or does it now — or, for confirmations (whose card details are
   * never stored), read the intent. Safe to run from several processes: the apply phase re-checks under the locks.
   */
  async function resumeOperation(opId: string): Promise<"finished" | "not_pending" | "leased"> {
    if (!(await calls.takeLease(opId))) {
      const seen = await db.paymentOperation.findUnique({ where: { id: opId }, select: { status: true } });
      return !seen || seen.status !== "pending" ? "not_pending" : "leased";
    }
    const op = (await db.paymentOperation.findUniqueOrThrow({ where: { id: opId } })) as OperationRow;
    try {
      return await resumeTaken(op);
    } catch (e) {
      // Still unreachable: give the lease back so the next caller or the job's retry can try again at once.
      await db.paymentOperation.updateMany({ where: { id: op.id, status: "pending" }, data: { leaseUntil: now() } });
      throw e;
    }
  }

  async function resumeTaken(op: OperationRow): Promise<"finished"> {
    const session = await db.paymentSession.findUniqueOrThrow({ where: { id: op.sessionId } });
    const provider = providers.get(session.providerId);
    const ctx = { sessionId: session.id, idempotencyKey: op.id, now: now() };
    const currency = parseCurrencyCode(op.currency);
    if (op.kind === "initiate") {
      const request = ((op as OperationRow & { request?: unknown }).request ?? {}) as Partial<InitiateRequest>;
      let snap: IntentSnapshot;
      try {
        snap = await provider.initiate({ ...ctx, amount: fromMinor(op.amountMinor ?? session.amountMinor, currency), ...request });
      } catch (e) {
        // Refused: nothing was created. Still no answer (Stripe replays a first 500 for the key's whole life): close it
        // all the same. An intent created meanwhile holds no money and can never be confirmed — its session is out of
        // play and no client ever saw its client secret.
        await finishInitiate(op.id, session.id, { error: e });
        return "finished";
      }
      await finishInitiate(op.id, session.id, { snap });
      const after = await db.paymentSession.findUniqueOrThrow({ where: { id: session.id }, select: { liveForCollectionId: true } });
      if (!after.liveForCollectionId && provider.remote) await jobs.enqueue(db, { name: "session.cancel", key: session.id, payload: { sessionId: session.id } });
      return "finished";
    }
    const data = session.data as Record<string, unknown>;
    let snap: IntentSnapshot;
    try {
      snap =
        op.kind === "update_amount" ? await provider.update(data, { ...ctx, amount: fromMinor(op.amountMinor!, currency) })
        : op.kind === "capture" ? await provider.capture(data, { ...ctx, amount: Number(op.amountMinor) })
        : op.kind === "refund" ? await provider.refund(data, { ...ctx, amount: Number(op.amountMinor) })
        : op.kind === "cancel" ? await provider.cancel(data, ctx)
        : await provider.retrieve(data, { now: now() });
    } catch (e) {
      if (!isAmbiguous(e)) {
        await calls.fail(op, e);
        return "finished";
      }
      // The first request with this key is still running at the provider (Stripe's 409 idempotency_key_in_use): its
      // effect may land after any read we make now, so the operation stays pending (the lease is given back) and is
      // resumed again later — never closed as failed, which would let a retry with a new key do it twice.
      if (isPaymentError(e) && e.details.providerCode === "idempotency_key_in_use") throw e;
      // Still no answer. Stripe keeps a key's first answer — a 500 included — so repeating may never tell; the intent
      // does: read it and apply what it holds. If it shows this operation's effect, the operation succeeded (a
      // merchant's retry with the same operation key must not do it again); if not, close it as failed — a new
      // operation, with a new key, can try again.
      const read = await provider.retrieve(data, { now: now() }); // unreachable: thrown, and the job retries later
      if (effectVisible(op, read)) {
        await calls.settle(op, read);
        return "finished";
      }
      await calls.fail(op, e);
      await applyRead(session.id, read);
      if (op.kind === "update_amount") await jobs.enqueue(db, { name: "session.sync_amount", key: session.id, payload: { sessionId: session.id } });
      return "finished";
    }
    await calls.settle(op, snap);
    return "finished";
  }

  calls.setResumer(resumeOperation);

  return {
    loadSession,
    sessionView,
    createSession,
    cancelRetiredSession,
    syncSessionAmount,
    openPayment,
    authorizeSession,
    completeSessionAction,
    refreshSession,
    applyRead,
    getSession,
    resumeOperation,
  };
}

export type Sessions = ReturnType<typeof createSessions>;
