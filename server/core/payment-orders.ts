// Magento / Adobe Payment Services payment orders: a record of which method, source and location started a payment
// session for a customer's cart. One live order per cart: asking again for an unchanged cart returns it; a changed
// cart has already updated the session's amount in place, and the order follows.
import type { Actor } from "./actors";
import type { CoreDeps } from "./deps";
import { PaymentError, notFound } from "./errors";
import type { Money } from "./money";
import type { PaymentService, SessionView } from "./payments";

export type PaymentOrderView = {
  id: string;
  mpOrderId: string;
  status: string;
  amount: Money;
  methodCode: string;
  paymentSource: string;
  location: string;
  vaultIntent: boolean;
  cartId: string;
  sessionId: string;
  createdAt: Date;
};

/** Payment Services' order statuses (PayPal order vocabulary) from our session state. */
export function paymentOrderStatus(s: Pick<SessionView, "status">): string {
  switch (s.status) {
    case "authorized":
      return "COMPLETED";
    case "requires_more":
      return "PAYER_ACTION_REQUIRED";
    case "canceled":
      return "VOIDED";
    default:
      return "CREATED";
  }
}

export function createPaymentOrderService(deps: CoreDeps & { payments: PaymentService }) {
  const { db, ids } = deps;

  function view(row: { id: string; mpOrderId: string; methodCode: string; paymentSource: string; location: string; vaultIntent: boolean; cartId: string; sessionId: string; createdAt: Date }, s: SessionView): PaymentOrderView {
    return { ...row, status: paymentOrderStatus(s), amount: s.amount };
  }

  async function create(
    actor: Actor & { type: "customer" },
    cartId: string,
    input: { methodCode: string; paymentSource: string; location: string; vaultIntent: boolean; providerId: string },
  ): Promise<PaymentOrderView> {
    // the open collection and this customer's newest order for the method on its live session, in one read
    const { collection: col, paymentOrder: existing } = await deps.payments.collectionWithPaymentOrder(cartId, actor, {
      customerId: actor.customerId,
      methodCode: input.methodCode,
    });
    if (col.amount.amount <= 0) throw new PaymentError("validation", "The cart is empty.", { field: "cartId" });
    if (existing) {
      const s = col.sessions.find((x) => x.id === existing.sessionId); // the collection's live session: no second read
      if (s && s.live && s.status !== "canceled") {
        if (existing.amountMinor !== BigInt(s.amount.amount)) await db.paymentOrder.update({ where: { id: existing.id }, data: { amountMinor: BigInt(s.amount.amount) } });
        return view(existing, s);
      }
    }
    const next = await deps.payments.createSession(col.id, actor, { providerId: input.providerId, metadata: { magento_method_code: input.methodCode }, source: "magento" });
    const s = next.sessions.find((x) => x.live)!;
    await deps.payments.openPayment(s.id, actor); // the customer sees the payment from the moment it is started
    const row = await db.paymentOrder.create({
      data: {
        id: ids("payord"),
        mpOrderId: String(s.data.id ?? s.id),
        cartId,
        customerId: actor.customerId,
        sessionId: s.id,
        methodCode: input.methodCode,
        paymentSource: input.paymentSource,
        location: input.location,
        vaultIntent: input.vaultIntent,
        status: paymentOrderStatus(s),
        amountMinor: BigInt(s.amount.amount),
        currency: s.currency,
      },
    });
    return view(row, s);
  }

  async function get(actor: Actor & { type: "customer" }, id: string): Promise<PaymentOrderView> {
    const row = await db.paymentOrder.findUnique({ where: { id } });
    if (!row || row.customerId !== actor.customerId) throw notFound("payment order", id);
    const s = await deps.payments.getSession(row.sessionId, actor);
    return view(row, s);
  }

  return { create, get };
}

export type PaymentOrderService = ReturnType<typeof createPaymentOrderService>;
