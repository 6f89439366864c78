// Cart completion: exactly one order per cart (unique Order.cartId, plus the cart row lock), numbered ORD-YYYYMMDD-XXXX.
import type { Tx } from "../db";
import type { OrderPaymentStatus } from "../db/generated/enums";
import { owns, type Actor } from "./actors";
import { cartInclude, toCartView } from "./carts";
import { parseCurrencyCode, type CurrencyCode } from "./currencies";
import type { CoreDeps } from "./deps";
import { PaymentError, notFound } from "./errors";
import { lockCartAndCollection, refreshOrderPaymentStatus } from "./ledger";
import { fromMinor, type Money } from "./money";
import { formatOrderNumber } from "./order-number";
import { emitEvent, orderPayload } from "./outbox";

export type OrderView = {
  id: string;
  number: string;
  cartId: string;
  customerId: string | null;
  anonymousId: string | null;
  email: string | null;
  currency: CurrencyCode;
  total: Money;
  /** The cart's addresses when it became this order; billing null: the same as shipping. */
  shippingAddress: Record<string, unknown> | null;
  billingAddress: Record<string, unknown> | null;
  paymentStatus: OrderPaymentStatus;
  paidAt: Date | null;
  createdAt: Date;
  lines: { id: string; sku: string; name: string; quantity: number; unitPrice: Money; total: Money }[];
};

type OrderRow = {
  id: string; number: string; cartId: string; customerId: string | null; anonymousId: string | null; email: string | null; currency: string;
  totalMinor: bigint; shippingAddress?: unknown; billingAddress?: unknown; paymentStatus: OrderPaymentStatus; paidAt: Date | null; createdAt: Date;
  lines: { id: string; sku: string; name: string; quantity: number; unitPriceMinor: bigint }[];
};

export function toOrderView(o: OrderRow): OrderView {
  const currency = parseCurrencyCode(o.currency);
  return {
    id: o.id,
    number: o.number,
    cartId: o.cartId,
    customerId: o.customerId,
    anonymousId: o.anonymousId,
    email: o.email,
    currency,
    total: fromMinor(o.totalMinor, currency),
    shippingAddress: (o.shippingAddress as Record<string, unknown> | null | undefined) ?? null,
    billingAddress: (o.billingAddress as Record<string, unknown> | null | undefined) ?? null,
    paymentStatus: o.paymentStatus,
    paidAt: o.paidAt,
    createdAt: o.createdAt,
    lines: o.lines.map((l) => ({
      id: l.id, sku: l.sku, name: l.name, quantity: l.quantity,
      unitPrice: fromMinor(l.unitPriceMinor, currency), total: fromMinor(l.unitPriceMinor * BigInt(l.quantity), currency),
    })),
  };
}

const orderInclude = { lines: { orderBy: { sku: "asc" as const } } };

export function createOrderService(deps: CoreDeps) {
  const { db, ids, now } = deps;

  async function getOrder(orderId: string, actor: Actor): Promise<OrderView> {
    const o = await db.order.findUnique({ where: { id: orderId }, include: orderInclude });
    if (!o || !owns(actor, o)) throw notFound("order", orderId);
    return toOrderView(o);
  }

  async function getOrderForCart(cartId: string, actor: Actor): Promise<OrderView | null> {
    const o = await db.order.findUnique({ where: { cartId }, include: orderInclude });
    if (!o) return null;
    if (!owns(actor, o)) throw notFound("order", cartId);
    return toOrderView(o);
  }

  async function listOrders(actor: Actor, limit = 50): Promise<OrderView[]> {
    if (actor.type === "system") throw new PaymentError("forbidden", "Listing orders needs a customer.");
    const rows = await db.order.findMany({
      where: actor.type === "customer" ? { customerId: actor.customerId } : { anonymousId: actor.anonymousId, customerId: null },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: Math.min(Math.max(limit, 1), 100),
      include: orderInclude,
    });
    return rows.map(toOrderView);
  }

  async function insertOrder(tx: Tx, cartId: string, actor: Actor, opts: { requirePayment: boolean }): Promise<string> {
    await lockCartAndCollection(tx, cartId); // the busy check and amounts read below see settled state
    const existing = await tx.order.findUnique({ where: { cartId }, select: { id: true } });
    if (existing) return existing.id;
    const cart = await tx.cart.findUnique({ where: { id: cartId }, include: cartInclude });
    if (!cart || !owns(actor, cart)) throw notFound("cart", cartId);
    const view = toCartView(cart as Parameters<typeof toCartView>[0]);
    if (!view.lines.length) throw new PaymentError("validation", "The cart is empty.", { field: "items" });
    const collection = await tx.paymentCollection.findUnique({ where: { openForCartId: cartId } });
    if (opts.requirePayment) {
      // An order exists only when the money held for its cart equals its total: the collection's authorized total
      // counts only unflagged money (the live session's), and must be exactly the cart's total — not more, not less.
      // Money still settling (processing) is not money yet: the cart completes when it settles (job `cart.complete`).
      if (!collection) throw new PaymentError("invalid_state", "The cart has no payment collection.", { cartId });
      const total = BigInt(view.total.amount);
      const covered = total > 0n && collection.amountMinor === total && collection.authorizedMinor === total;
      if (!covered) {
        throw new PaymentError("invalid_state", "The cart's payment is not authorized for its total.", {
          cartId,
          status: collection.status,
          authorized: Number(collection.authorizedMinor),
          total: Number(total),
        });
      }
    }
    const order = await tx.order.create({
      data: {
        id: ids("ord"),
        number: formatOrderNumber(now()),
        cartId,
        customerId: cart.customerId,
        anonymousId: cart.anonymousId,
        email: cart.email,
        locale: cart.locale ?? "en",
        currency: cart.currency,
        totalMinor: BigInt(view.total.amount),
        ...(cart.shippingAddress !== null ? { shippingAddress: cart.shippingAddress } : {}),
        ...(cart.billingAddress !== null ? { billingAddress: cart.billingAddress } : {}),
        lines: {
          create: view.lines.map((l) => ({ id: ids("orli"), sku: l.sku, name: l.productTitle, quantity: l.quantity, unitPriceMinor: BigInt(l.unitPrice.amount) })),
        },
      },
    });
    await tx.cart.update({ where: { id: cartId }, data: { completedAt: now() } });
    if (collection) await tx.paymentCollection.update({ where: { id: collection.id }, data: { orderId: order.id } });
    await emitEvent(tx, deps, { type: "order.placed", subjectId: order.id, payload: { order: orderPayload(order) } });
    await refreshOrderPaymentStatus(tx, deps, now(), order.id);
    return order.id;
  }

  /**
   * Turn a cart into its order. The same call again (or concurrently) returns the same order.
   * `requirePayment`: the cart's collection must be authorized (or settling) first — the checkout and Medusa's complete.
   */
  async function completeCart(cartId: string, actor: Actor, opts: { requirePayment?: boolean } = {}): Promise<OrderView> {
    for (let attempt = 0; ; attempt++) {
      try {
        const orderId = await db.$transaction((tx) => insertOrder(tx, cartId, actor, { requirePayment: opts.requirePayment ?? true }), { timeout: 15_000, maxWait: 15_000 });
        return getOrder(orderId, actor);
      } catch (e) {
        // A number collision (or a concurrent completion on a database without row locks) is retried; the retry sees the order.
        if ((e as { code?: string }).code === "P2002" && attempt < 5) continue;
        throw e;
      }
    }
  }

  return { getOrder, getOrderForCart, listOrders, completeCart };
}

export type OrderService = ReturnType<typeof createOrderService>;
