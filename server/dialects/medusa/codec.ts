// Core views -> Medusa's wire shapes. v2 amounts are decimal major units (JSON numbers, e.g. 28 or 12.5, with a
// raw_* {value, precision} shadow); v1 amounts are integer minor units. Shapes follow recorded Medusa v2 responses.
import type { CartView } from "../../core/carts";
import type { RegionView } from "../../core/catalog";
import type { ProductView } from "../../core/catalog";
import type { CollectionView, PaymentView, SessionView } from "../../core/payments";
import type { OrderView } from "../../core/orders";
import { toMajorNumber, type Money } from "../../core/money";
import { COUNTRIES } from "./countries";

export const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
export const major = (m: Money) => toMajorNumber(m);
/** Medusa's raw_* shadow: the decimal without trailing zeros ("15", "12.5"). */
export const raw = (m: Money | null) => (m ? { value: String(toMajorNumber(m)), precision: 20 } : null);
const cur = (c: string) => c.toLowerCase();

export function region(r: RegionView) {
  const at = iso(r.createdAt);
  return {
    id: r.id,
    name: r.name,
    currency_code: cur(r.currency),
    created_at: at,
    updated_at: at,
    deleted_at: null,
    metadata: null,
    countries: r.countries.map((c) => ({
      iso_2: c,
      iso_3: COUNTRIES[c]?.iso_3 ?? null,
      num_code: COUNTRIES[c]?.num_code ?? null,
      name: COUNTRIES[c]?.name ?? c.toUpperCase(),
      display_name: COUNTRIES[c]?.display_name ?? c.toUpperCase(),
      region_id: r.id,
      metadata: null,
      created_at: at,
      updated_at: at,
      deleted_at: null,
    })),
  };
}

export function product(p: ProductView, regionCurrency: string | null) {
  return {
    id: p.id,
    title: p.title,
    subtitle: null,
    description: p.description || null,
    handle: p.handle,
    is_giftcard: false,
    discountable: true,
    thumbnail: null,
    collection_id: null,
    type_id: null,
    metadata: null,
    variants: p.variants.map((v) => ({
      id: v.id,
      title: v.title,
      sku: v.sku,
      barcode: null,
      manage_inventory: false,
      allow_backorder: false,
      product_id: p.id,
      ...(regionCurrency
        ? {
            calculated_price: v.price
              ? {
                  id: `price_${v.id}_${cur(v.price.currency)}`,
                  is_calculated_price_price_list: false,
                  is_calculated_price_tax_inclusive: false,
                  calculated_amount: major(v.price),
                  raw_calculated_amount: raw(v.price),
                  is_original_price_price_list: false,
                  is_original_price_tax_inclusive: false,
                  original_amount: major(v.price),
                  raw_original_amount: raw(v.price),
                  currency_code: cur(v.price.currency),
                  calculated_price: { price_list_type: null },
                  original_price: { price_list_type: null },
                }
              : null,
          }
        : {}),
    })),
  };
}

export function session(s: SessionView) {
  return {
    id: s.id,
    currency_code: cur(s.currency),
    provider_id: s.providerId,
    data: s.data,
    context: s.context,
    status: s.status,
    authorized_at: iso(s.authorizedAt),
    payment_collection_id: s.collectionId,
    payment: s.payment ? payment(s.payment) : null,
    metadata: {},
    raw_amount: raw(s.amount),
    created_at: iso(s.createdAt),
    updated_at: iso(s.updatedAt),
    deleted_at: null,
    amount: major(s.amount),
  };
}

export function payment(p: PaymentView) {
  return {
    id: p.id,
    amount: major(p.amountPlanned),
    authorized_amount: major(p.authorized),
    currency_code: cur(p.currency),
    provider_id: p.providerId,
    data: {},
    captured_at: iso(p.capturedAt),
    canceled_at: iso(p.canceledAt),
    captured_amount: major(p.captured),
    refunded_amount: major(p.refunded),
    created_at: iso(p.createdAt),
    updated_at: iso(p.updatedAt),
  };
}

const nullIfZero = (m: Money) => (m.amount === 0 ? null : m);

/**
 * A payment's captures and refunds as Medusa v2 shows them (its Charge and Refund transactions that succeeded); a
 * refund's note and reason come from `notes` (staff refunds), else null.
 */
export function capturesAndRefunds(p: PaymentView, notes: Record<string, { note: string | null; reason: string | null }> = {}) {
  const done = (type: string) => (p.transactions ?? []).filter((t) => t.type === type && t.state === "Success");
  return {
    captures: done("Charge").map((t) => ({ id: t.id, amount: major(t.amount), raw_amount: raw(t.amount), created_by: null, metadata: null, payment_id: p.id, created_at: iso(t.createdAt) })),
    refunds: done("Refund").map((t) => ({
      id: t.id, amount: major(t.amount), raw_amount: raw(t.amount), note: notes[t.id]?.note ?? null, refund_reason_id: notes[t.id]?.reason ?? null,
      created_by: null, metadata: null, payment_id: p.id, created_at: iso(t.createdAt),
    })),
  };
}

/** A collection's payments as Medusa v2 lists them (`*payments`), with their captures and refunds. */
export function collectionPayments(c: CollectionView) {
  return c.sessions.flatMap((s) => {
    const p = s.payment;
    if (!p) return [];
    return [{ ...payment(p), payment_collection_id: c.id, payment_session_id: s.id, metadata: null, ...capturesAndRefunds(p) }];
  });
}

/** The payment collection as POST /store/payment-collections and the payment-sessions route answer it (default fields). */
export function collectionShort(c: CollectionView) {
  return { id: c.id, currency_code: cur(c.currency), amount: major(c.amount), payment_sessions: c.sessions.map(session) };
}

/** The payment collection as embedded in a cart. */
export function collectionFull(c: CollectionView) {
  return {
    id: c.id,
    currency_code: cur(c.currency),
    completed_at: iso(c.completedAt),
    status: c.status,
    metadata: null,
    raw_amount: raw(c.amount),
    raw_authorized_amount: raw(nullIfZero(c.authorized)),
    raw_captured_amount: raw(nullIfZero(c.captured)),
    raw_refunded_amount: raw(nullIfZero(c.refunded)),
    created_at: iso(c.createdAt),
    updated_at: iso(c.updatedAt),
    deleted_at: null,
    payment_sessions: c.sessions.map(session),
    amount: major(c.amount),
    authorized_amount: c.authorized.amount ? major(c.authorized) : null,
    captured_amount: c.captured.amount ? major(c.captured) : null,
    refunded_amount: c.refunded.amount ? major(c.refunded) : null,
  };
}

export function lineItem(l: CartView["lines"][number]) {
  return {
    id: l.id,
    thumbnail: null,
    variant_id: l.variantId,
    product_id: l.productId,
    is_giftcard: false,
    product_type_id: null,
    product_title: l.productTitle,
    product_description: l.productDescription || null,
    product_subtitle: null,
    product_type: null,
    product_collection: null,
    product_handle: l.productHandle,
    variant_sku: l.sku,
    variant_barcode: null,
    variant_title: l.title,
    requires_shipping: true,
    metadata: {},
    created_at: iso(l.createdAt),
    updated_at: iso(l.createdAt),
    title: l.productTitle,
    quantity: l.quantity,
    unit_price: major(l.unitPrice),
    compare_at_unit_price: null,
    is_tax_inclusive: false,
    tax_lines: [],
    adjustments: [],
    product: { id: l.productId, collection_id: null, type_id: null, categories: [], tags: [] },
  };
}

function address(cartId: string, a: Record<string, unknown> | null, countryFallback: string | null) {
  const name = typeof a?.name === "string" ? a.name : null;
  const [first, ...rest] = name ? name.split(" ") : [null];
  return {
    id: `caaddr_${cartId.replace(/^cart_/, "")}`,
    first_name: (a?.first_name as string) ?? first ?? null,
    last_name: (a?.last_name as string) ?? (rest.length ? rest.join(" ") : null),
    company: (a?.company as string) ?? null,
    address_1: (a?.address_1 as string) ?? (a?.line1 as string) ?? null,
    address_2: (a?.address_2 as string) ?? null,
    city: (a?.city as string) ?? null,
    postal_code: (a?.postal_code as string) ?? (a?.postalCode as string) ?? null,
    country_code: ((a?.country_code as string) ?? (a?.country as string) ?? countryFallback)?.toLowerCase() ?? null,
    province: (a?.province as string) ?? null,
    phone: (a?.phone as string) ?? null,
  };
}

export function cart(c: CartView, r: RegionView, collection: CollectionView | null, salesChannelId: string) {
  const zero = { amount: 0, currency: c.currency } as Money;
  const t = major(c.total);
  const s = major(c.subtotal);
  const z = major(zero);
  const addr = address(c.id, c.shippingAddress, r.countries[0] ?? null);
  return {
    id: c.id,
    currency_code: cur(c.currency),
    email: c.email,
    locale: null,
    region_id: c.regionId,
    created_at: iso(c.createdAt),
    updated_at: iso(c.updatedAt),
    completed_at: iso(c.completedAt),
    total: t,
    subtotal: s,
    tax_total: z,
    discount_total: z,
    discount_subtotal: z,
    discount_tax_total: z,
    original_total: t,
    original_tax_total: z,
    item_total: t,
    item_subtotal: s,
    item_tax_total: z,
    item_discount_total: z,
    original_item_total: t,
    original_item_subtotal: s,
    original_item_tax_total: z,
    shipping_total: z,
    shipping_subtotal: z,
    shipping_tax_total: z,
    shipping_discount_total: z,
    original_shipping_tax_total: z,
    original_shipping_subtotal: z,
    original_shipping_total: z,
    credit_line_subtotal: z,
    credit_line_tax_total: z,
    credit_line_total: z,
    metadata: null,
    sales_channel_id: salesChannelId,
    shipping_address_id: addr.id,
    customer_id: c.customerId,
    items: c.lines.map(lineItem),
    shipping_methods: [],
    shipping_address: addr,
    billing_address: null,
    credit_lines: [],
    region: (({ id, name, currency_code, countries }) => ({ id, name, currency_code, automatic_taxes: true, countries }))(region(r)),
    promotions: [],
    ...(collection ? { payment_collection: collectionFull(collection) } : {}),
  };
}

const ORDER_PAYMENT_STATUS: Record<string, string> = { not_paid: "not_paid", awaiting: "awaiting", authorized: "authorized", paid: "captured", refunded: "refunded", canceled: "canceled" };

export function order(o: OrderView, c: CartView) {
  const t = major(o.total);
  return {
    id: o.id,
    display_id: o.number,
    status: "pending",
    email: o.email,
    currency_code: cur(o.currency),
    region_id: c.regionId,
    customer_id: o.customerId,
    payment_status: ORDER_PAYMENT_STATUS[o.paymentStatus] ?? o.paymentStatus,
    fulfillment_status: "not_fulfilled",
    created_at: iso(o.createdAt),
    updated_at: iso(o.createdAt),
    total: t,
    subtotal: major(c.subtotal),
    tax_total: 0,
    discount_total: 0,
    shipping_total: 0,
    items: c.lines.map(lineItem),
    metadata: { kassa_order_number: o.number },
  };
}

// ------------------------------------------------------------------ v1 (integer minor units)

export function sessionV1(s: SessionView) {
  return {
    id: s.id,
    cart_id: null,
    provider_id: s.providerId,
    is_selected: s.live,
    is_initiated: true,
    status: s.status,
    data: s.data,
    idempotency_key: null,
    amount: s.amount.amount,
    payment_authorized_at: iso(s.authorizedAt),
    created_at: iso(s.createdAt),
    updated_at: iso(s.updatedAt),
  };
}

export function collectionV1(c: CollectionView) {
  return {
    id: c.id,
    type: "order_edit",
    status: c.status,
    description: null,
    amount: c.amount.amount,
    authorized_amount: c.authorized.amount || null,
    region_id: c.regionId,
    currency_code: cur(c.currency),
    metadata: null,
    created_by: "kassa",
    created_at: iso(c.createdAt),
    updated_at: iso(c.updatedAt),
    deleted_at: null,
    payment_sessions: c.sessions.map(sessionV1),
    // Medusa v1's Payment, field for field (seed 004)
    payments: c.sessions.filter((s) => s.payment).map((s) => ({
      id: s.payment!.id,
      swap_id: null,
      cart_id: c.cartId,
      order_id: c.orderId,
      amount: s.payment!.amountPlanned.amount,
      currency_code: cur(s.payment!.currency),
      amount_refunded: s.payment!.refunded.amount,
      provider_id: s.payment!.providerId,
      data: {},
      captured_at: iso(s.payment!.capturedAt),
      canceled_at: iso(s.payment!.canceledAt),
      idempotency_key: null,
      created_at: iso(s.payment!.createdAt),
      updated_at: iso(s.payment!.updatedAt),
      metadata: null,
    })),
  };
}

/** A region as Medusa v1 expands it, with its payment providers (`{id, is_installed}`). */
export function regionV1(r: { id: string; name: string; currency: string; createdAt: Date }, providerIds: string[]) {
  return {
    id: r.id, name: r.name, currency_code: cur(r.currency), tax_rate: 0, tax_code: null, gift_cards_taxable: true, automatic_taxes: true, tax_provider_id: null,
    metadata: null, created_at: iso(r.createdAt), updated_at: iso(r.createdAt), deleted_at: null,
    payment_providers: providerIds.map((id) => ({ id, is_installed: true })),
  };
}

/** A currency as Medusa v1 expands it. */
export function currencyV1(code: string) {
  const symbol = (display: "symbol" | "narrowSymbol") =>
    new Intl.NumberFormat("en-US", { style: "currency", currency: code, currencyDisplay: display }).formatToParts(0).find((p) => p.type === "currency")?.value ?? code;
  return { code: cur(code), symbol: symbol("symbol"), symbol_native: symbol("narrowSymbol"), name: new Intl.DisplayNames(["en"], { type: "currency" }).of(code) ?? code };
}
