// Small ledger reads the dialects need before they can call a verb: who owns a cart or a collection (so the dialect
// can pick which of the caller's identities acts), and which session a provider's own id names. Each is one query,
// the one the dialect used to send itself: moving it here changes where it lives, not what it costs.
import type { Owned } from "./actors";
import type { CoreDeps } from "./deps";

export type CartOwner = Owned & { completedAt: Date | null };

export function createLookupService(deps: Pick<CoreDeps, "db">) {
  const { db } = deps;

  /** The cart's owner and completion, or null when there is no such cart. Not scoped: the caller decides who acts. */
  async function cartOwner(cartId: string): Promise<CartOwner | null> {
    return db.cart.findUnique({ where: { id: cartId }, select: { customerId: true, anonymousId: true, completedAt: true } });
  }

  /** The owner of the cart a collection collects for, or null when the collection (or its cart) does not exist. */
  async function collectionOwner(collectionId: string): Promise<Owned | null> {
    const c = await db.paymentCollection.findUnique({ where: { id: collectionId }, select: { cart: { select: { customerId: true, anonymousId: true } } } });
    return c?.cart ?? null;
  }

  /** The id of a session by its provider's reference (e.g. a PaymentIntent id), or null. */
  async function sessionIdByProviderRef(providerId: string, providerRef: string): Promise<string | null> {
    const s = await db.paymentSession.findFirst({ where: { providerId, providerRef }, select: { id: true } });
    return s?.id ?? null;
  }

  return { cartOwner, collectionOwner, sessionIdByProviderRef };
}

export type LookupService = ReturnType<typeof createLookupService>;
