// The browser checkout's verbs, composed from carts, payments and orders: pay a cart with the default provider,
// answer the provider's extra step, and read the outcome. Each is safe to repeat.
import type { Actor } from "./actors";
import type { CartService } from "./carts";
import { PaymentError } from "./errors";
import type { OrderService } from "./orders";
import type { PaymentService, SessionView } from "./payments";

export type CheckoutResult =
  | { status: "complete"; orderId: string; orderNumber: string; paymentStatus: string }
  | { status: "requires_action"; sessionId: string }
  /** The payment is settling (an async method): no order yet; ask again with `finish` until it settles. */
  | { status: "processing"; sessionId: string }
  | { status: "declined"; code: string; declineCode: string | null };

export function createCheckoutService(k: { carts: CartService; payments: PaymentService; orders: OrderService }) {
  async function outcome(cartId: string, actor: Actor, s: SessionView): Promise<CheckoutResult> {
    if (s.status === "authorized" && s.live) {
      const order = await k.orders.completeCart(cartId, actor);
      return { status: "complete", orderId: order.id, orderNumber: order.number, paymentStatus: order.paymentStatus };
    }
    if (s.payment?.flag) return { status: "declined", code: "payment_returned", declineCode: s.payment.flag };
    if (s.payment?.status === "pending") return { status: "processing", sessionId: s.id };
    if (s.status === "requires_more") return { status: "requires_action", sessionId: s.id };
    return { status: "declined", code: s.lastError?.code ?? "card_declined", declineCode: s.lastError?.declineCode ?? null };
  }

  async function liveSession(cartId: string, actor: Actor, providerId: string): Promise<SessionView> {
    const col = await k.payments.createCollectionForCart(cartId, actor);
    const live = col.sessions.find((s) => s.live);
    if (live && live.providerId === providerId && live.status !== "canceled") return live;
    const next = await k.payments.createSession(col.id, actor, { providerId, source: "checkout" });
    return next.sessions.find((s) => s.live)!;
  }

  /** Pay the cart. Declines are an outcome (the cart stays payable); a paid cart answers with its order again. */
  async function pay(
    cartId: string,
    actor: Actor,
    input: { paymentData: Record<string, unknown>; providerId?: string; /** the total the shopper saw on the Pay button */ expectedTotal?: { amount: number; currency: string } },
  ): Promise<CheckoutResult> {
    const cart = await k.carts.get(cartId, actor);
    if (cart.completedAt) {
      const order = await k.orders.getOrderForCart(cartId, actor);
      if (order) return { status: "complete", orderId: order.id, orderNumber: order.number, paymentStatus: order.paymentStatus };
    }
    // another tab changed the cart after this page showed its total: never charge an amount the shopper did not see
    const seen = input.expectedTotal;
    if (seen && (seen.amount !== cart.total.amount || seen.currency !== cart.total.currency)) {
      throw new PaymentError("invalid_state", "The cart's total changed since it was shown.", { reason: "total_changed", total: cart.total });
    }
    if (!cart.lines.length) throw new PaymentError("validation", "Your cart is empty.", { field: "cart" });
    if (!cart.email) throw new PaymentError("validation", "Enter your email address.", { field: "email" });
    const session = await liveSession(cartId, actor, input.providerId ?? "pp_kassa_test");
    if (session.status === "requires_more") return { status: "requires_action", sessionId: session.id };
    // and again where the authorize step is recorded: a change landing between this read and that step is refused too
    const expectedAmountMinor = seen ? BigInt(seen.amount) : undefined;
    const after = await k.payments.authorizeSession(session.id, actor, { paymentData: input.paymentData, expectedAmountMinor });
    return outcome(cartId, actor, after);
  }

  /** The shopper approved or rejected the confirmation step. */
  async function confirmAction(cartId: string, actor: Actor, sessionId: string, approve: boolean): Promise<CheckoutResult> {
    const s = await k.payments.getSession(sessionId, actor);
    const col = await k.payments.getCollectionForCart(cartId, actor);
    if (!col || s.collectionId !== col.id) throw new PaymentError("not_found", "No such payment for this cart.", { sessionId });
    const after = await k.payments.completeSessionAction(sessionId, actor, approve);
    return outcome(cartId, actor, after);
  }

  /** The cart's live session with `providerId`, started if needed (for client-side confirmation, e.g. Stripe.js). */
  async function startSession(cartId: string, actor: Actor, providerId: string): Promise<SessionView> {
    const cart = await k.carts.get(cartId, actor);
    if (!cart.lines.length) throw new PaymentError("validation", "Your cart is empty.", { field: "cart" });
    return liveSession(cartId, actor, providerId);
  }

  /**
   * After a client-side confirmation (Stripe.js redirect), or while a payment settles: re-read the provider's state,
   * then complete or report. `providerId` narrows it to that provider's live session.
   */
  async function finish(cartId: string, actor: Actor, providerId?: string): Promise<CheckoutResult> {
    const done = await k.orders.getOrderForCart(cartId, actor);
    if (done) return { status: "complete", orderId: done.id, orderNumber: done.number, paymentStatus: done.paymentStatus };
    const col = await k.payments.getCollectionForCart(cartId, actor);
    const live = col?.sessions.find((s) => s.live && (!providerId || s.providerId === providerId));
    if (!live) throw new PaymentError("invalid_state", "This cart has no payment to finish.", { cartId });
    return outcome(cartId, actor, await k.payments.refreshSession(live.id, actor));
  }

  return { pay, confirmAction, startSession, finish };
}

export type CheckoutService = ReturnType<typeof createCheckoutService>;
