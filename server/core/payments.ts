// Payment collections, sessions and payments: the verbs every dialect and the checkout call.
// Provider outcomes go through ledger.applySnapshot; every transition runs under a row lock in a transaction,
// and a repeated request returns the current state instead of a second effect.
import type { Tx } from "../db";
import type { PaymentCollectionStatus, PaymentSessionStatus, PaymentStatus, TransactionState, TransactionType } from "../db/generated/enums";
import type { IntentSnapshot, WebhookEvent } from "./provider-port";
import { actorOver, owns, type Actor, type ActorFor } from "./actors";
import { parseCurrencyCode, type CurrencyCode } from "./currencies";
import type { CoreDeps } from "./deps";
import { PaymentError, notFound, versionConflict } from "./errors";
import { applySnapshot, createPaymentForSession, lockCollection, lockPayment, lockSession, refreshCollection } from "./ledger";
import { fromMinor, type Money } from "./money";
import { toCartView, cartInclude } from "./carts";

// ------------------------------------------------------------------ views

export type TransactionView = { id: string; type: TransactionType; state: TransactionState; amount: Money; interactionId: string | null; timestamp: Date; createdAt: Date };
export type PaymentView = {
  id: string;
  collectionId: string | null;
  sessionId: string | null;
  customerId: string | null;
  anonymousId: string | null;
  providerId: string;
  providerRef: string | null;
  currency: CurrencyCode;
  amountPlanned: Money;
  authorized: Money;
  captured: Money;
  refunded: Money;
  status: PaymentStatus;
  version: number;
  methodInfo: Record<string, unknown>;
  custom: Record<string, unknown> | null;
  capturedAt: Date | null;
  canceledAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  transactions?: TransactionView[];
};
export type SessionView = {
  id: string;
  collectionId: string;
  providerId: string;
  amount: Money;
  currency: CurrencyCode;
  status: PaymentSessionStatus;
  live: boolean;
  /** What a client may see: the provider's intent id, client secret, status and next action (empty for the manual provider). */
  data: Record<string, unknown>;
  context: Record<string, unknown>;
  lastError: { code: string; declineCode?: string; message: string } | null;
  authorizedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  payment: PaymentView | null;
};
export type CollectionView = {
  id: string;
  cartId: string | null;
  orderId: string | null;
  regionId: string | null;
  currency: CurrencyCode;
  amount: Money;
  authorized: Money;
  captured: Money;
  refunded: Money;
  status: PaymentCollectionStatus;
  completedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  sessions: SessionView[];
};

/** What kassa_replace_live_session answers (see its migration). */
type ReplaceOutcome = { outcome: "created" | "not_found" | "invalid_state"; replaced_id: string | null; replaced_provider_id: string | null; replaced_data: unknown };
type ReplacedSession = { id: string; providerId: string; data: unknown };
type TxRow = { id: string; type: TransactionType; state: TransactionState; amountMinor: bigint; currency: string; interactionId: string | null; timestamp: Date; createdAt: Date };
type PaymentRow = {
  id: string; collectionId: string | null; sessionId: string | null; customerId: string | null; anonymousId: string | null; providerId: string; providerRef: string | null;
  currency: string; amountPlannedMinor: bigint; authorizedMinor: bigint; capturedMinor: bigint; refundedMinor: bigint; status: PaymentStatus; version: number;
  methodInfo: unknown; custom: unknown; capturedAt: Date | null; canceledAt: Date | null; createdAt: Date; updatedAt: Date; transactions?: TxRow[];
};
type SessionRow = {
  id: string; collectionId: string; liveForCollectionId: string | null; providerId: string; currency: string; amountMinor: bigint; status: PaymentSessionStatus;
  providerRef: string | null; data: unknown; context: unknown; authorizedAt: Date | null; createdAt: Date; updatedAt: Date; payment?: PaymentRow | null;
};

export function toTransactionView(t: TxRow): TransactionView {
  const currency = parseCurrencyCode(t.currency);
  return { id: t.id, type: t.type, state: t.state, amount: fromMinor(t.amountMinor, currency), interactionId: t.interactionId, timestamp: t.timestamp, createdAt: t.createdAt };
}

export function toPaymentView(p: PaymentRow): PaymentView {
  const currency = parseCurrencyCode(p.currency);
  return {
    id: p.id,
    collectionId: p.collectionId,
    sessionId: p.sessionId,
    customerId: p.customerId,
    anonymousId: p.anonymousId,
    providerId: p.providerId,
    providerRef: p.providerRef,
    currency,
    amountPlanned: fromMinor(p.amountPlannedMinor, currency),
    authorized: fromMinor(p.authorizedMinor, currency),
    captured: fromMinor(p.capturedMinor, currency),
    refunded: fromMinor(p.refundedMinor, currency),
    status: p.status,
    version: p.version,
    methodInfo: (p.methodInfo as Record<string, unknown>) ?? {},
    custom: (p.custom as Record<string, unknown> | null) ?? null,
    capturedAt: p.capturedAt,
    canceledAt: p.canceledAt,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
    ...(p.transactions ? { transactions: p.transactions.map(toTransactionView) } : {}),
  };
}

function publicData(s: SessionRow): Record<string, unknown> {
  if (s.providerId === "pp_system_default") return {};
  const d = (s.data ?? {}) as Partial<IntentSnapshot>;
  if (!d.ref) return {};
  return { id: d.ref, client_secret: d.clientSecret ?? null, status: d.status, next_action: d.nextAction ?? null };
}

export function toSessionView(s: SessionRow): SessionView {
  const currency = parseCurrencyCode(s.currency);
  const d = (s.data ?? {}) as Partial<IntentSnapshot>;
  return {
    id: s.id,
    collectionId: s.collectionId,
    providerId: s.providerId,
    amount: fromMinor(s.amountMinor, currency),
    currency,
    status: s.status,
    live: s.liveForCollectionId !== null,
    data: publicData(s),
    context: (s.context as Record<string, unknown>) ?? {},
    lastError: d.lastError ?? null,
    authorizedAt: s.authorizedAt,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
    payment: s.payment ? toPaymentView(s.payment) : null,
  };
}

const sessionInclude = { payment: { include: { transactions: { orderBy: { createdAt: "asc" as const } } } } };

// ------------------------------------------------------------------ service

export function createPaymentService(deps: CoreDeps) {
  const { db, ids, now, providers } = deps;

  const collectionInclude = (opts: { allSessions?: boolean } = {}) => ({
    cart: { select: { regionId: true, customerId: true, anonymousId: true } },
    sessions: { where: opts.allSessions ? {} : { liveForCollectionId: { not: null } }, orderBy: { createdAt: "asc" as const }, include: sessionInclude },
  });

  type CollectionRow = NonNullable<Awaited<ReturnType<typeof readCollection>>>;
  function readCollection(tx: Tx | CoreDeps["db"], where: { id: string } | { openForCartId: string }, opts: { allSessions?: boolean } = {}) {
    return tx.paymentCollection.findUnique({ where, include: collectionInclude(opts) });
  }

  function toCollectionView(c: CollectionRow): CollectionView {
    const currency = parseCurrencyCode(c.currency);
    return {
      id: c.id,
      cartId: c.cartId,
      orderId: c.orderId,
      regionId: c.cart?.regionId ?? null,
      currency,
      amount: fromMinor(c.amountMinor, currency),
      authorized: fromMinor(c.authorizedMinor, currency),
      captured: fromMinor(c.capturedMinor, currency),
      refunded: fromMinor(c.refundedMinor, currency),
      status: c.status,
      completedAt: c.completedAt,
      createdAt: c.createdAt,
      updatedAt: c.updatedAt,
      sessions: c.sessions.map((s) => toSessionView(s as SessionRow)),
    };
  }

  async function collectionView(tx: Tx | CoreDeps["db"], id: string, opts: { allSessions?: boolean } = {}): Promise<CollectionView> {
    const c = await readCollection(tx, { id }, opts);
    if (!c) throw notFound("payment collection", id);
    return toCollectionView(c);
  }

  /** An open collection read with its cart's owner, as the actor may see it; otherwise the cart is not_found. */
  function ownedCollection(c: CollectionRow, actor: ActorFor, cartId: string): CollectionView {
    if (!c.cart || !actorOver(actor, c.cart)) throw notFound("cart", cartId);
    return toCollectionView(c);
  }

  /** The collection if the actor may see it (through its cart's owner); otherwise not_found. */
  async function loadCollection(collectionId: string, actor: ActorFor) {
    const c = await db.paymentCollection.findUnique({
      where: { id: collectionId },
      include: { cart: { select: { id: true, customerId: true, anonymousId: true, email: true, region: { select: { id: true, providerIds: true } } } } },
    });
    const system = typeof actor !== "function" && actor.type === "system";
    if (!c || (!system && (!c.cart || !actorOver(actor, c.cart)))) throw notFound("payment collection", collectionId);
    return c;
  }

  /** The cart's open collection, created on first call (amount = cart total). Concurrent calls get the same one. */
  async function createCollectionForCart(cartId: string, actor: ActorFor): Promise<CollectionView> {
    const open = await readCollection(db, { openForCartId: cartId }); // the steady path: one read
    if (open) return ownedCollection(open, actor, cartId);
    const cart = await db.cart.findUnique({ where: { id: cartId }, include: cartInclude });
    if (!cart || !actorOver(actor, cart)) throw notFound("cart", cartId);
    const total = toCartView(cart as Parameters<typeof toCartView>[0]).total;
    try {
      const c = await db.paymentCollection.create({
        data: { id: ids("paycol"), cartId, openForCartId: cartId, currency: cart.currency, amountMinor: BigInt(total.amount) },
      });
      return collectionView(db, c.id);
    } catch (e) {
      if ((e as { code?: string }).code !== "P2002") throw e;
      const winner = await db.paymentCollection.findUniqueOrThrow({ where: { openForCartId: cartId }, select: { id: true } });
      return collectionView(db, winner.id);
    }
  }

  /**
   * The cart's open collection (created on first call) with, from its live session, the newest payment order of this
   * customer and method: Magento's payment-order route, in one read on the steady path.
   */
  async function collectionWithPaymentOrder(cartId: string, actor: ActorFor, order: { customerId: string; methodCode: string }) {
    const base = collectionInclude();
    const open = await db.paymentCollection.findUnique({
      where: { openForCartId: cartId },
      include: {
        ...base,
        sessions: {
          ...base.sessions,
          include: { ...base.sessions.include, paymentOrders: { where: { cartId, ...order }, orderBy: { createdAt: "desc" as const }, take: 1 } },
        },
      },
    });
    if (!open) return { collection: await createCollectionForCart(cartId, actor), paymentOrder: null };
    return { collection: ownedCollection(open, actor, cartId), paymentOrder: open.sessions[0]?.paymentOrders[0] ?? null };
  }

  async function getCollection(collectionId: string, actor: Actor, opts: { allSessions?: boolean } = {}): Promise<CollectionView> {
    await loadCollection(collectionId, actor);
    return collectionView(db, collectionId, opts);
  }

  /** The cart's open collection, or null; one read when it exists (the collection with its cart's owner). */
  async function getCollectionForCart(cartId: string, actor: ActorFor): Promise<CollectionView | null> {
    const c = await readCollection(db, { openForCartId: cartId });
    if (c) return ownedCollection(c, actor, cartId);
    const cart = await db.cart.findUnique({ where: { id: cartId }, select: { customerId: true, anonymousId: true } });
    if (!cart || !actorOver(actor, cart)) throw notFound("cart", cartId);
    return null;
  }

  /** The providers a region enables that this installation has configured. */
  function enabledProviders(regionProviderIds: string[]): string[] {
    return regionProviderIds.filter((id) => providers.has(id));
  }

  /**
   * Start a payment with a provider: the new session replaces the collection's live one (as Medusa v2 does).
   * Concurrent calls queue on the collection lock; exactly one session stays live.
   * `actor` may be a function of the cart's owner (see ActorFor): it is asked once the collection is read.
   * Round trips: one read, one call of `kassa_replace_live_session` (lock, retire, insert, status; see its migration),
   * one read of the answer.
   */
  async function createSession(
    collectionId: string,
    actor: ActorFor,
    input: { providerId: string; context?: Record<string, unknown>; captureMethod?: "automatic" | "manual"; description?: string; metadata?: Record<string, string> },
  ): Promise<CollectionView> {
    const c = await loadCollection(collectionId, actor);
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
    const currency = parseCurrencyCode(c.currency);
    const snap = await provider.initiate({
      sessionId,
      idempotencyKey: `${sessionId}:initiate`,
      now: now(),
      amount: fromMinor(c.amountMinor, currency),
      captureMethod: input.captureMethod ?? provider.defaultCaptureMethod,
      description: input.description,
      metadata: { kassa_session_id: sessionId, kassa_collection_id: collectionId, ...(input.metadata ?? {}) },
      customerEmail: c.cart?.email ?? null,
    });
    let replaced: ReplacedSession | null = null;
    try {
      const at = now();
      const [r] = await db.$queryRaw<ReplaceOutcome[]>`
        SELECT outcome, replaced_id, replaced_provider_id, replaced_data
        FROM kassa_replace_live_session(${collectionId}::text, ${sessionId}::text, ${provider.id}::text, ${c.currency}::varchar,
          ${BigInt(snap.amount)}::bigint, ${snap.ref}::text, ${JSON.stringify(snap.data)}::jsonb,
          ${JSON.stringify(input.context ?? {})}::jsonb, ${at}::timestamptz)`;
      if (!r || r.outcome === "not_found") throw notFound("payment collection", collectionId);
      if (r.outcome === "invalid_state") throw new PaymentError("invalid_state", "The payment collection can no longer take a new session.", { collectionId });
      if (r.replaced_id) replaced = { id: r.replaced_id, providerId: r.replaced_provider_id!, data: r.replaced_data };
    } catch (e) {
      await provider.cancel(snap.data, { sessionId, idempotencyKey: `${sessionId}:cancel`, now: now() }).catch(() => undefined);
      throw e;
    }
    if (replaced && providers.has(replaced.providerId)) {
      await providers
        .get(replaced.providerId)
        .cancel(replaced.data as Record<string, unknown>, { sessionId: replaced.id, idempotencyKey: `${replaced.id}:cancel`, now: now() })
        .catch(() => undefined); // best effort: the session is already out of play in our ledger
    }
    return collectionView(db, collectionId);
  }

  async function loadSession(sessionId: string, actor: Actor) {
    const s = await db.paymentSession.findUnique({
      where: { id: sessionId },
      include: { collection: { include: { cart: { select: { customerId: true, anonymousId: true } } } } },
    });
    if (!s || (actor.type !== "system" && (!s.collection.cart || !owns(actor, s.collection.cart)))) throw notFound("payment session", sessionId);
    return s;
  }

  async function sessionView(tx: Tx | CoreDeps["db"], sessionId: string): Promise<SessionView> {
    return toSessionView((await tx.paymentSession.findUniqueOrThrow({ where: { id: sessionId }, include: sessionInclude })) as SessionRow);
  }

  /** Run a provider step on a session under its lock, then apply the provider's answer to the ledger. */
  async function onSession(sessionId: string, actor: Actor, step: (s: SessionRow) => Promise<IntentSnapshot | null>): Promise<SessionView> {
    await loadSession(sessionId, actor);
    return db.$transaction(
      async (tx) => {
        await lockSession(tx, sessionId);
        const s = (await tx.paymentSession.findUniqueOrThrow({ where: { id: sessionId } })) as SessionRow;
        const snap = await step(s);
        if (snap) await applySnapshot(tx, ids, now(), sessionId, snap);
        return sessionView(tx, sessionId);
      },
      { timeout: 30_000, maxWait: 30_000 },
    );
  }

  /** Record the session's payment before any attempt (a payment order started by the client): status `initial`. */
  async function openPayment(sessionId: string, actor: Actor): Promise<void> {
    await loadSession(sessionId, actor);
    await db.$transaction(async (tx) => {
      await lockSession(tx, sessionId);
      const s = await tx.paymentSession.findUniqueOrThrow({
        where: { id: sessionId },
        include: { payment: { select: { id: true } }, collection: { select: { cart: { select: { customerId: true, anonymousId: true } } } } },
      });
      if (!s.payment) await createPaymentForSession(tx, ids, s, s.providerRef);
    });
  }

  /** Confirm the session with payment details. A repeat on an authorized session returns it unchanged. */
  function authorizeSession(sessionId: string, actor: Actor, input: { paymentData?: Record<string, unknown> } = {}): Promise<SessionView> {
    return onSession(sessionId, actor, async (s) => {
      if (s.status === "authorized") return null;
      if (s.status === "canceled" || !s.liveForCollectionId) throw new PaymentError("invalid_state", "This payment session was replaced or canceled.", { sessionId });
      if (s.status === "requires_more") throw new PaymentError("requires_action", "The payment needs the customer's confirmation first.", { sessionId });
      const d = s.data as Partial<IntentSnapshot>;
      if (d.status === "processing") return null; // settles by itself
      const attempt = (d.attempts?.length ?? 0) + 1;
      return providers.get(s.providerId).authorize(s.data as Record<string, unknown>, {
        sessionId,
        idempotencyKey: `${sessionId}:authorize:${attempt}`,
        now: now(),
        paymentData: input.paymentData ?? {},
      });
    });
  }

  /** The customer approved or rejected the provider's extra step (3-D Secure-like). */
  function completeSessionAction(sessionId: string, actor: Actor, approve: boolean): Promise<SessionView> {
    return onSession(sessionId, actor, async (s) => {
      if (s.status !== "requires_more") return null;
      return providers.get(s.providerId).completeAction(s.data as Record<string, unknown>, {
        sessionId,
        idempotencyKey: `${sessionId}:action:${approve ? "approve" : "reject"}`,
        now: now(),
        approve,
      });
    });
  }

  /** Re-read the provider's state (async settlement, missed webhooks) and apply it. */
  function refreshSession(sessionId: string, actor: Actor): Promise<SessionView> {
    return onSession(sessionId, actor, async (s) => {
      if (s.status === "canceled" && !s.providerRef) return null;
      return providers.get(s.providerId).retrieve(s.data as Record<string, unknown>, { now: now() });
    });
  }

  function getSession(sessionId: string, actor: Actor): Promise<SessionView> {
    return loadSession(sessionId, actor).then(() => sessionView(db, sessionId));
  }

  // ---------------------------------------------------------------- payments

  async function loadPayment(paymentId: string, actor: Actor) {
    const p = await db.payment.findUnique({ where: { id: paymentId } });
    if (!p || !owns(actor, p)) throw notFound("payment", paymentId);
    return p;
  }

  async function paymentView(tx: Tx | CoreDeps["db"], paymentId: string): Promise<PaymentView> {
    return toPaymentView((await tx.payment.findUniqueOrThrow({ where: { id: paymentId }, include: { transactions: { orderBy: { createdAt: "asc" } } } })) as PaymentRow);
  }

  async function getPayment(paymentId: string, actor: Actor): Promise<PaymentView> {
    await loadPayment(paymentId, actor);
    return paymentView(db, paymentId);
  }

  type MoneyOp = { amount?: number; operationKey?: string; expectedVersion?: number };

  async function onPayment(paymentId: string, actor: Actor, op: MoneyOp, step: (tx: Tx, p: PaymentRow & { session: SessionRow | null }) => Promise<void>): Promise<PaymentView> {
    await loadPayment(paymentId, actor);
    if (op.amount !== undefined && (!Number.isSafeInteger(op.amount) || op.amount <= 0)) {
      throw new PaymentError("validation", "The amount must be a positive whole number of minor units.", { field: "amount" });
    }
    return db.$transaction(
      async (tx) => {
        await lockPayment(tx, paymentId);
        const p = await tx.payment.findUniqueOrThrow({ where: { id: paymentId }, include: { session: true } });
        if (op.expectedVersion !== undefined && op.expectedVersion !== p.version) throw versionConflict(p.version, op.expectedVersion);
        if (p.session) await lockSession(tx, p.session.id);
        await step(tx, p as PaymentRow & { session: SessionRow | null });
        return paymentView(tx, paymentId);
      },
      { timeout: 30_000, maxWait: 30_000 },
    );
  }

  async function hasOperation(tx: Tx, paymentId: string, key: string | undefined): Promise<boolean> {
    if (!key) return false;
    return (await tx.transaction.count({ where: { paymentId, operationKey: key } })) > 0;
  }

  /** Capture all that remains authorized, or `amount` of it. A repeat (same operation key, or nothing left) is a no-op. */
  function capturePayment(paymentId: string, actor: Actor, op: MoneyOp = {}): Promise<PaymentView> {
    return onPayment(paymentId, actor, op, async (tx, p) => {
      const opKey = op.operationKey ? `capture:${op.operationKey}` : undefined;
      if (await hasOperation(tx, p.id, opKey)) return;
      const remaining = p.authorizedMinor - p.capturedMinor;
      if (op.amount === undefined && remaining === 0n && p.capturedMinor > 0n) return; // already fully captured
      if (!["authorized", "partially_captured"].includes(p.status)) throw new PaymentError("invalid_state", `A ${p.status} payment cannot be captured.`, { status: p.status });
      const amount = op.amount !== undefined ? BigInt(op.amount) : remaining;
      if (amount > remaining) throw new PaymentError("amount_exceeds_authorized", "The amount exceeds what remains authorized.", { remaining: Number(remaining) });
      if (!p.session) throw new PaymentError("invalid_state", "This payment has no provider session to capture.");
      const key = opKey ?? `capture:${p.id}:${p.capturedMinor + amount}`;
      const snap = await providers.get(p.providerId).capture(p.session.data as Record<string, unknown>, {
        sessionId: p.session.id,
        idempotencyKey: key,
        now: now(),
        amount: Number(amount),
      });
      await tx.transaction.create({
        data: { id: ids("txn"), paymentId: p.id, type: "Charge", state: "Success", amountMinor: amount, currency: p.currency, interactionId: snap.ref, operationKey: key, timestamp: now() },
      });
      await applySnapshot(tx, ids, now(), p.session.id, snap);
    });
  }

  /** Refund `amount` (default: all that is captured and not yet refunded). A repeated operation key is a no-op. */
  function refundPayment(paymentId: string, actor: Actor, op: MoneyOp = {}): Promise<PaymentView> {
    return onPayment(paymentId, actor, op, async (tx, p) => {
      if (op.operationKey) {
        const seen = await tx.transaction.count({ where: { paymentId: p.id, type: "Refund", custom: { path: ["operationKey"], equals: op.operationKey } } });
        if (seen > 0) return;
      }
      const remaining = p.capturedMinor - p.refundedMinor;
      const amount = op.amount !== undefined ? BigInt(op.amount) : remaining;
      if (p.capturedMinor === 0n) throw new PaymentError("invalid_state", "Nothing is captured, so nothing can be refunded.", { status: p.status });
      if (amount === 0n) return; // already fully refunded
      if (amount > remaining) throw new PaymentError("amount_exceeds_captured", "The amount exceeds what is captured and not yet refunded.", { remaining: Number(remaining) });
      if (!p.session) throw new PaymentError("invalid_state", "This payment has no provider session to refund.");
      const before = new Set(((p.session.data as Partial<IntentSnapshot>).refunds ?? []).map((r) => r.id));
      const snap = await providers.get(p.providerId).refund(p.session.data as Record<string, unknown>, {
        sessionId: p.session.id,
        idempotencyKey: `refund:${p.id}:${op.operationKey ?? p.refundedMinor + amount}`,
        now: now(),
        amount: Number(amount),
      });
      const created = snap.refunds.find((r) => !before.has(r.id));
      if (created) {
        await tx.transaction.create({
          data: {
            id: ids("txn"), paymentId: p.id, type: "Refund", state: created.state === "succeeded" ? "Success" : created.state === "failed" ? "Failure" : "Pending",
            amountMinor: BigInt(created.amount), currency: p.currency, interactionId: created.id, operationKey: `refund:${created.id}`, timestamp: now(),
            custom: op.operationKey ? { operationKey: op.operationKey } : undefined,
          },
        });
      }
      await applySnapshot(tx, ids, now(), p.session.id, snap);
    });
  }

  /** Release an authorization. Refused once anything is captured; a repeat on a canceled payment is a no-op. */
  function cancelPayment(paymentId: string, actor: Actor, op: Pick<MoneyOp, "expectedVersion"> = {}): Promise<PaymentView> {
    return onPayment(paymentId, actor, op, async (tx, p) => {
      if (p.status === "canceled") return;
      if (p.capturedMinor > 0n) throw new PaymentError("invalid_state", "A captured payment cannot be canceled; refund it instead.", { status: p.status });
      if (!p.session) throw new PaymentError("invalid_state", "This payment has no provider session to cancel.");
      const snap = await providers.get(p.providerId).cancel(p.session.data as Record<string, unknown>, { sessionId: p.session.id, idempotencyKey: `${p.id}:cancel`, now: now() });
      await applySnapshot(tx, ids, now(), p.session.id, snap);
    });
  }

  /** The actor's payments, newest first (keyset pagination on (createdAt, id)). */
  async function listPayments(actor: Actor, opts: { limit?: number; status?: PaymentStatus; before?: { createdAt: Date; id: string } } = {}) {
    if (actor.type === "system") throw new PaymentError("forbidden", "Listing payments needs a customer or anonymous session.");
    const limit = Math.min(Math.max(opts.limit ?? 20, 1), 100);
    const rows = await db.payment.findMany({
      where: {
        ...(actor.type === "customer" ? { customerId: actor.customerId } : { anonymousId: actor.anonymousId, customerId: null }),
        ...(opts.status ? { status: opts.status } : {}),
        ...(opts.before ? { OR: [{ createdAt: { lt: opts.before.createdAt } }, { createdAt: opts.before.createdAt, id: { lt: opts.before.id } }] } : {}),
      },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: limit,
    });
    return rows.map((r) => toPaymentView(r as PaymentRow));
  }

  // ---------------------------------------------------------------- provider events

  /**
   * A verified provider event: stored once per (provider, event id) and applied in the same transaction, so a duplicate
   * delivery (even concurrent) has no second effect and a crash leaves nothing half-applied.
   */
  async function applyProviderEvent(providerId: string, event: WebhookEvent): Promise<{ duplicate: boolean; applied: boolean }> {
    try {
      return await db.$transaction(
        async (tx) => {
          await tx.providerEvent.create({
            data: { id: ids("evt"), provider: providerId, eventId: event.id, type: event.type, objectRef: event.objectRef, payload: event.payload as object },
          });
          if (!event.snapshot || !event.objectRef) return { duplicate: false, applied: false };
          const session = await tx.paymentSession.findFirst({ where: { providerId, providerRef: event.objectRef }, select: { id: true } });
          if (!session) return { duplicate: false, applied: false }; // kept unprocessed; `refreshSession` picks the state up later
          await lockSession(tx, session.id);
          await applySnapshot(tx, ids, now(), session.id, event.snapshot);
          await tx.providerEvent.update({ where: { provider_eventId: { provider: providerId, eventId: event.id } }, data: { processedAt: now() } });
          return { duplicate: false, applied: true };
        },
        { timeout: 30_000, maxWait: 30_000 },
      );
    } catch (e) {
      if ((e as { code?: string }).code === "P2002") return { duplicate: true, applied: false };
      throw e;
    }
  }

  async function cancelCollection(collectionId: string, actor: Actor): Promise<CollectionView> {
    await loadCollection(collectionId, actor);
    await db.$transaction(async (tx) => {
      await lockCollection(tx, collectionId);
      const c = await tx.paymentCollection.findUniqueOrThrow({ where: { id: collectionId } });
      if (c.status === "canceled") return;
      if (c.capturedMinor > 0n) throw new PaymentError("invalid_state", "A collection with captured payments cannot be canceled.");
      await tx.paymentSession.updateMany({ where: { collectionId, liveForCollectionId: { not: null } }, data: { liveForCollectionId: null, status: "canceled" } });
      await tx.paymentCollection.update({ where: { id: collectionId }, data: { status: "canceled", openForCartId: null } });
      await refreshCollection(tx, now(), collectionId);
    });
    return collectionView(db, collectionId, { allSessions: true });
  }

  return {
    createCollectionForCart,
    collectionWithPaymentOrder,
    getCollection,
    getCollectionForCart,
    cancelCollection,
    enabledProviders,
    createSession,
    getSession,
    openPayment,
    authorizeSession,
    completeSessionAction,
    refreshSession,
    getPayment,
    listPayments,
    capturePayment,
    refundPayment,
    cancelPayment,
    applyProviderEvent,
  };
}

export type PaymentService = ReturnType<typeof createPaymentService>;
