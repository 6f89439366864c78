// Payment collections: what a cart must collect. Created with the cart's total under the cart's lock, read as the
// caller may see them, canceled with their money returned (never left capturable).
import type { Tx } from "../db";
import { actorOver, type Actor, type ActorFor } from "./actors";
import { cartInclude, toCartView } from "./carts";
import { parseCurrencyCode } from "./currencies";
import type { CoreDeps } from "./deps";
import { PaymentError, notFound } from "./errors";
import { lockCollection, refreshCollection } from "./ledger";
import { fromMinor } from "./money";
import { sessionInclude, toSessionView, type CollectionView, type SessionRow } from "./views";

export function createCollections(deps: CoreDeps) {
  const { db, ids, now, providers, jobs } = deps;

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
      include: { cart: { select: { id: true, customerId: true, anonymousId: true, email: true, region: { select: { id: true, providerIds: true, captureMode: true } } } } },
    });
    const system = typeof actor !== "function" && actor.type === "system";
    if (!c || (!system && (!c.cart || !actorOver(actor, c.cart)))) throw notFound("payment collection", collectionId);
    return c;
  }

  /**
   * The cart's open collection, created on first call with the cart's total. The total is read under the cart's lock,
   * so a concurrent cart change cannot slip between the read and the insert. Concurrent calls get the same one.
   */
  async function createCollectionForCart(cartId: string, actor: ActorFor): Promise<CollectionView> {
    const open = await readCollection(db, { openForCartId: cartId }); // the steady path: one read
    if (open) return ownedCollection(open, actor, cartId);
    try {
      const id = await db.$transaction(async (tx) => {
        await tx.$queryRaw`SELECT id FROM "Cart" WHERE id = ${cartId} FOR UPDATE`;
        const cart = await tx.cart.findUnique({ where: { id: cartId }, include: cartInclude });
        if (!cart || !actorOver(actor, cart)) throw notFound("cart", cartId);
        const existing = await tx.paymentCollection.findUnique({ where: { openForCartId: cartId }, select: { id: true } });
        if (existing) return existing.id;
        const total = toCartView(cart as Parameters<typeof toCartView>[0]).total;
        const c = await tx.paymentCollection.create({
          data: { id: ids("paycol"), cartId, openForCartId: cartId, currency: cart.currency, amountMinor: BigInt(total.amount) },
        });
        return c.id;
      });
      return collectionView(db, id);
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
   * Close the collection (under its lock) and take its sessions out of play, in the same transaction as the jobs that
   * finish the job at the provider: money held by its payments is flagged and returned (voided or refunded), and
   * intents at remote providers are canceled. Nothing stays capturable. Refused once an order took the money.
   */
  async function retireCollection(tx: Tx, collectionId: string): Promise<void> {
    await lockCollection(tx, collectionId);
    const c = await tx.paymentCollection.findUniqueOrThrow({
      where: { id: collectionId },
      include: { payments: { where: { flag: null } }, sessions: { where: { status: { not: "canceled" } }, select: { id: true, providerId: true, providerRef: true } } },
    });
    if (c.status === "canceled") return;
    if (c.orderId) throw new PaymentError("invalid_state", "The collection's order took its money; refund the order's payments instead.", { collectionId });
    await tx.paymentSession.updateMany({ where: { collectionId, liveForCollectionId: { not: null } }, data: { liveForCollectionId: null } });
    await tx.paymentSession.updateMany({ where: { collectionId, payment: null, status: { not: "canceled" } }, data: { status: "canceled" } });
    for (const p of c.payments) {
      if (p.authorizedMinor > 0n || p.capturedMinor > 0n) {
        await tx.payment.update({ where: { id: p.id }, data: { flag: "canceled_collection", flaggedAt: now(), version: { increment: 1 } } });
        await jobs.enqueue(tx, { name: "payment.return", key: p.id, payload: { paymentId: p.id } });
      }
    }
    for (const s of c.sessions) {
      if (providers.has(s.providerId) && providers.get(s.providerId).remote) await jobs.enqueue(tx, { name: "session.cancel", key: s.id, payload: { sessionId: s.id } });
    }
    await tx.paymentCollection.update({ where: { id: collectionId }, data: { status: "canceled", openForCartId: null } });
    await refreshCollection(tx, deps, now(), collectionId);
  }

  async function cancelCollection(collectionId: string, actor: Actor): Promise<CollectionView> {
    await loadCollection(collectionId, actor);
    await db.$transaction((tx) => retireCollection(tx, collectionId));
    return collectionView(db, collectionId, { allSessions: true });
  }

  return {
    collectionInclude,
    readCollection,
    collectionView,
    loadCollection,
    createCollectionForCart,
    collectionWithPaymentOrder,
    getCollection,
    getCollectionForCart,
    enabledProviders,
    retireCollection,
    cancelCollection,
  };
}

export type Collections = ReturnType<typeof createCollections>;
