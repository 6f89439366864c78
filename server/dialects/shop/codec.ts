// Core views -> the shop API's JSON. Totals are decimal strings with the currency's digits ("112.00", "4200"),
// line-item amounts integer minor units, currencies lower-case — as the seed's example bodies show.
import type { OrderView } from "../../core/orders";
import type { SessionView } from "../../core/payments";
import { toDecimalString } from "../../core/money";

export function lineItems(o: OrderView) {
  return o.lines.map((l) => ({ name: l.name, amount: l.unitPrice.amount, currency: o.currency.toLowerCase(), quantity: l.quantity, description: "" }));
}

export function order(o: OrderView) {
  return {
    id: o.id,
    number: o.number,
    status: o.paymentStatus === "canceled" ? "canceled" : "pending",
    // The shop API's five states: an authorization waiting for the merchant's capture is still `awaiting` payment.
    payment_status: o.paymentStatus === "authorized" ? "awaiting" : o.paymentStatus,
    paid_at: o.paidAt ? o.paidAt.toISOString() : null,
    currency: o.currency.toLowerCase(),
    items: o.lines.map((l) => ({ sku: l.sku, name: l.name, quantity: l.quantity, unit_amount: l.unitPrice.amount, amount: l.total.amount, currency: o.currency.toLowerCase() })),
    subtotal: toDecimalString(o.total),
    total: toDecimalString(o.total),
    created_at: o.createdAt.toISOString(),
  };
}

export function paymentIntent(o: OrderView, s: SessionView) {
  return {
    id: String(s.data.id ?? s.id),
    client_secret: (s.data.client_secret as string | null) ?? null,
    amount: toDecimalString(s.amount),
    currency: s.currency.toLowerCase(),
    status: String(s.data.status ?? "requires_payment_method"),
    line_items: lineItems(o),
  };
}

/** Stripe metadata values are limited to 500 characters: keep as many line items as fit, and say when some were left out. */
export function intentMetadata(o: OrderView): Record<string, string> {
  const items = lineItems(o);
  let kept = items.length;
  let json = JSON.stringify(items);
  while (json.length > 500 && kept > 0) json = JSON.stringify(items.slice(0, --kept));
  return { order_id: o.id, order_number: o.number, line_items: json, ...(kept < items.length ? { line_items_truncated: String(items.length - kept) } : {}) };
}
