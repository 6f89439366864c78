// Medusa's store wire schemas. Like Medusa v2's zodValidator, every body object is strict (unknown keys refused).
import { z } from "zod";

const id = z.string().max(100);
const metadata = z.record(z.string(), z.unknown()).nullish();

export const MedusaAddress = z
  .object({
    first_name: z.string().max(200).nullish(),
    last_name: z.string().max(200).nullish(),
    company: z.string().max(200).nullish(),
    address_1: z.string().max(200).nullish(),
    address_2: z.string().max(200).nullish(),
    city: z.string().max(100).nullish(),
    country_code: z.string().max(2).nullish(),
    province: z.string().max(100).nullish(),
    postal_code: z.string().max(20).nullish(),
    phone: z.string().max(50).nullish(),
    metadata,
  })
  .strict();

export const MedusaCreateCart = z
  .object({
    region_id: id.optional(),
    email: z.string().email().max(254).nullish(),
    currency_code: z.string().length(3).optional(),
    items: z.array(z.object({ variant_id: id, quantity: z.number().int(), metadata }).strict()).max(100).optional(),
    sales_channel_id: id.nullish(),
    shipping_address: MedusaAddress.nullish(),
    billing_address: MedusaAddress.nullish(),
    metadata,
    promo_codes: z.array(z.string()).optional(),
    locale: z.string().max(20).nullish(),
  })
  .strict();

export const MedusaUpdateCart = MedusaCreateCart.omit({ currency_code: true, items: true }).strict();

export const MedusaAddLineItem = z.object({ variant_id: id, quantity: z.number().int(), metadata }).strict();
export const MedusaUpdateLineItem = z.object({ quantity: z.number().int(), metadata }).strict();

export const MedusaCreatePaymentCollection = z.object({ cart_id: id }).strict();
export const MedusaCreatePaymentSession = z.object({ provider_id: id, data: z.record(z.string(), z.unknown()).optional() }).strict();

export const MedusaEmailPass = z.object({ email: z.string().max(254), password: z.string().max(256) }).strict();

// v1 (class-validator style, whitelist + forbidNonWhitelisted)
// class-validator's words (IsEmail, IsNotEmpty), as Medusa v1's StorePostAuthReq answers them
export const MedusaV1Auth = z
  .object({
    email: z
      .custom<string>((v) => typeof v === "string" && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v), { message: "must be an email" })
      .meta({ override: { type: "string", format: "email" } }),
    password: z.custom<unknown>((v) => v !== undefined && v !== null && v !== "", { message: "should not be empty" }).meta({ override: { type: "string", minLength: 1 } }),
  })
  .strict()
  .meta({ id: "MedusaV1AuthRequest", example: { email: "alice@example.com", password: "alice-password" } });
export const MedusaV1CustomerResponse = z.object({
  customer: z.looseObject({ id: z.string(), email: z.string(), first_name: z.string().nullable(), last_name: z.string().nullable(), has_account: z.boolean() }).meta({ id: "MedusaV1Customer" }),
});
export const MedusaV1ManageSession = z.object({ provider_id: z.string() }).strict();
export const MedusaV1BatchSessions = z
  .object({ sessions: z.array(z.object({ provider_id: z.string(), amount: z.number().int(), session_id: z.string().optional() }).strict()).min(1).max(20) })
  .strict();
export const MedusaV1BatchAuthorize = z.object({ session_ids: z.array(z.string()) }).strict();

export type MedusaCreateCart = z.infer<typeof MedusaCreateCart>;
export type MedusaAddress = z.infer<typeof MedusaAddress>;

/** Routes that take no body: an empty body or `{}` only. */
export const MedusaEmpty = z.object({}).strict();

// ------------------------------------------------------------------ responses (default fields; `fields=` narrows or widens them)
// v2 amounts are decimal major units (28, 12.5) with a raw_* {value, precision} shadow; v1 amounts are integer minor
// units (2800): the same collection reads 28 in v2 and 2800 in v1, as each Medusa version does.

const iso = z.string().meta({ format: "date-time" });
const raw = z.object({ value: z.string(), precision: z.number().int() }).nullable();
const major = z.number().meta({ description: "Major units of currency_code (28.5 = 28.50)." });
const minor = z.number().int().meta({ description: "Minor units of currency_code (2850 = 28.50)." });
const list = { count: z.number().int(), offset: z.number().int(), limit: z.number().int() };

export const MedusaPayment = z
  .looseObject({ id: z.string(), amount: major, authorized_amount: major, currency_code: z.string(), provider_id: z.string(), captured_at: iso.nullable(), canceled_at: iso.nullable(), captured_amount: major, refunded_amount: major })
  .meta({ id: "MedusaPayment" });

export const MedusaPaymentSession = z
  .looseObject({
    id: z.string(),
    currency_code: z.string(),
    provider_id: z.string(),
    data: z.record(z.string(), z.unknown()),
    status: z.enum(["pending", "requires_more", "authorized", "error", "canceled"]),
    authorized_at: iso.nullable(),
    payment_collection_id: z.string(),
    payment: MedusaPayment.nullable(),
    raw_amount: raw,
    amount: major,
  })
  .meta({ id: "MedusaPaymentSession" });

const MedusaCaptureOrRefund = z.looseObject({ id: z.string(), amount: major, payment_id: z.string(), created_at: iso });
export const MedusaPaymentCollection = z
  .looseObject({
    id: z.string(),
    currency_code: z.string(),
    amount: major,
    payment_sessions: z.array(MedusaPaymentSession),
    // selectable through `fields` (not in the default answer)
    status: z.enum(["not_paid", "awaiting", "authorized", "partially_authorized", "canceled"]).optional(),
    authorized_amount: major.nullable().optional(),
    captured_amount: major.nullable().optional(),
    refunded_amount: major.nullable().optional(),
    completed_at: iso.nullable().optional(),
    created_at: iso.optional(),
    updated_at: iso.optional(),
    metadata: z.record(z.string(), z.unknown()).nullable().optional(),
    payment_providers: z.array(z.object({ id: z.string(), is_enabled: z.boolean() })).optional().meta({ description: "The region's enabled providers." }),
    payments: z.array(MedusaPayment.extend({ captures: z.array(MedusaCaptureOrRefund), refunds: z.array(MedusaCaptureOrRefund) })).optional(),
  })
  .meta({
    id: "MedusaPaymentCollection",
    description: "Default fields: id, currency_code, amount, *payment_sessions. `fields` selects any of the others (`+status`, `*payments`, …).",
    example: { id: "paycol_01JDDZ2Q0R3S4T5V6W7X8Y9Z0A", currency_code: "usd", amount: 28, payment_sessions: [] },
  });

export const MedusaRegion = z
  .looseObject({ id: z.string(), name: z.string(), currency_code: z.string(), countries: z.array(z.looseObject({ iso_2: z.string(), name: z.string() })) })
  .meta({ id: "MedusaRegion" });

export const MedusaProduct = z
  .looseObject({
    id: z.string(),
    title: z.string(),
    handle: z.string(),
    variants: z.array(z.looseObject({ id: z.string(), title: z.string(), sku: z.string().nullable(), calculated_price: z.looseObject({ calculated_amount: major, currency_code: z.string() }).nullable().optional() })),
  })
  .meta({ id: "MedusaProduct" });

export const MedusaLineItem = z
  .looseObject({ id: z.string(), variant_id: z.string(), product_id: z.string(), title: z.string(), quantity: z.number().int(), unit_price: major })
  .meta({ id: "MedusaLineItem" });

export const MedusaCart = z
  .looseObject({
    id: z.string(),
    currency_code: z.string(),
    email: z.string().nullable(),
    region_id: z.string(),
    customer_id: z.string().nullable(),
    completed_at: iso.nullable(),
    total: major,
    subtotal: major,
    items: z.array(MedusaLineItem),
    region: MedusaRegion.optional(),
    payment_collection: z.looseObject({ id: z.string(), status: z.string(), amount: major, payment_sessions: z.array(MedusaPaymentSession) }).optional(),
  })
  .meta({ id: "MedusaCart" });

export const MedusaOrder = z
  .looseObject({ id: z.string(), display_id: z.string(), status: z.string(), email: z.string().nullable(), currency_code: z.string(), payment_status: z.string(), total: major, items: z.array(MedusaLineItem) })
  .meta({ id: "MedusaOrder" });

export const MedusaRegionList = z.object({ regions: z.array(MedusaRegion), ...list });
export const MedusaRegionResponse = z.object({ region: MedusaRegion });
export const MedusaProductList = z.object({ products: z.array(MedusaProduct), ...list });
export const MedusaProviderList = z.object({ payment_providers: z.array(z.object({ id: z.string(), is_enabled: z.boolean() })), ...list });
export const MedusaCartResponse = z.object({ cart: MedusaCart });
export const MedusaLineItemDeleted = z.object({ id: z.string(), object: z.literal("line-item"), deleted: z.literal(true), parent: MedusaCart });
export const MedusaCollectionResponse = z.object({ payment_collection: MedusaPaymentCollection });
export const MedusaCompleteResponse = z
  .union([
    z.object({ type: z.literal("order"), order: MedusaOrder }),
    z.object({ type: z.literal("cart"), cart: MedusaCart, error: z.looseObject({ message: z.string(), name: z.string(), type: z.string() }) }),
  ])
  .meta({ description: "An order, or the cart with the payment error when authorization did not succeed (still HTTP 200, as Medusa does)." });
export const MedusaToken = z.object({ token: z.string() });

export const MedusaV1Session = z
  .looseObject({ id: z.string(), provider_id: z.string(), is_selected: z.boolean(), status: z.string(), data: z.record(z.string(), z.unknown()), amount: minor, payment_authorized_at: iso.nullable() })
  .meta({ id: "MedusaV1PaymentSession" });
export const MedusaV1Collection = z
  .looseObject({
    id: z.string(),
    status: z.string(),
    amount: minor,
    authorized_amount: minor.nullable(),
    region_id: z.string(),
    currency_code: z.string(),
    payment_sessions: z.array(MedusaV1Session),
    payments: z.array(z.looseObject({ id: z.string(), amount: minor, amount_refunded: minor, currency_code: z.string(), provider_id: z.string() })),
  })
  .meta({ id: "MedusaV1PaymentCollection" });
export const MedusaV1CollectionResponse = z.object({ payment_collection: MedusaV1Collection });
export const MedusaV1SessionResponse = z.object({ payment_session: MedusaV1Session });

export const MedusaErrorBody = z
  .object({ code: z.string().optional(), type: z.string().meta({ description: "not_found, invalid_data, not_allowed, unauthorized, conflict, payment_authorization_error, …" }), message: z.string() })
  .meta({ id: "MedusaError" });
