import { z } from "zod";

export const ShopLogin = z.object({ email: z.string().max(254), password: z.string().max(256) }).strict();
export const ShopCreateOrder = z
  .object({
    items: z.array(z.object({ sku: z.string().min(1).max(64), quantity: z.number().int().min(1).max(10_000) }).strict()).min(1).max(100),
    currency: z.string().regex(/^[A-Za-z]{3}$/),
  })
  .strict();
export const ShopMarkPaid = z.object({ payment_intent_id: z.string().max(100).optional() }).strict();
export const ShopTestConfirm = z
  .object({ payment_method: z.string().max(100).optional(), card: z.object({ number: z.string().max(23), expMonth: z.number().int().optional(), expYear: z.number().int().optional(), cvc: z.string().max(4).optional() }).strict().optional() })
  .strict();

// ------------------------------------------------------------------ responses
// Totals are decimal strings with the currency's digits ("112.00", "4200"); line amounts integer minor units;
// currencies lower-case.

const decimal = z.string().regex(/^\d+(\.\d+)?$/).meta({ description: "A decimal string in the currency's digits (\"112.00\", JPY \"4200\")." });
const minor = z.number().int().meta({ description: "Minor units (2800 = 28.00 USD)." });
export const ShopOrder = z
  .object({
    id: z.string(),
    number: z.string(),
    status: z.enum(["pending", "canceled"]),
    payment_status: z.enum(["not_paid", "awaiting", "paid", "refunded", "canceled"]),
    paid_at: z.string().nullable(),
    currency: z.string(),
    items: z.array(z.object({ sku: z.string(), name: z.string(), quantity: z.number().int(), unit_amount: minor, amount: minor, currency: z.string() })),
    subtotal: decimal,
    total: decimal,
    created_at: z.string(),
  })
  .meta({ id: "ShopOrder" });
export const ShopPaymentIntent = z
  .object({
    id: z.string(),
    client_secret: z.string().nullable(),
    amount: decimal,
    currency: z.string(),
    status: z.string().meta({ description: "The provider's status: requires_payment_method, requires_action, processing, succeeded, …" }),
    line_items: z.array(z.object({ name: z.string(), amount: minor, currency: z.string(), quantity: z.number().int(), description: z.string() })),
  })
  .meta({ id: "ShopPaymentIntent" });

export const envelope = <T extends z.ZodType>(message: string, data: T) => z.object({ message: z.string().meta({ example: message }), data });
export const ShopLoginResponse = envelope("Login successful", z.object({ token: z.string(), expires_at: z.string() }));
export const ShopOrderResponse = envelope("Order retrieved successfully", ShopOrder);
export const ShopPaymentIntentResponse = envelope("Payment intent created successfully", ShopPaymentIntent);
export const ShopMarkPaidResponse = envelope(
  "Order marked as paid",
  ShopPaymentIntent.extend({
    order_id: z.string(),
    payment_status: ShopOrder.shape.payment_status,
  }).meta({ id: "ShopMarkedPaid", description: "The seed's body (the intent), with the order's id and payment status beside it." }),
);
export const ShopTestIntent = z.object({ id: z.string(), object: z.literal("payment_intent"), status: z.string(), amount: minor, currency: z.string() });
export const ShopErrorBody = z.object({ message: z.string(), errors: z.record(z.string(), z.array(z.string())).optional() }).meta({ id: "ShopError" });
