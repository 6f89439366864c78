// The events Kassa sends, as an OpenAPI 3.1 document with `webhooks` (no paths: Kassa calls the merchant, not the
// other way round). One zod schema per payload; docs/webhooks.md explains delivery, signatures and ordering.
import { z } from "zod";
import type { ZodOpenApiObject, ZodOpenApiPathItemObject } from "zod-openapi";
import { EVENT_API_VERSION, EVENT_TYPES, type EventType } from "../core/outbox";

const Payment = z
  .object({
    id: z.string(),
    status: z.enum(["initial", "pending", "requires_action", "authorized", "partially_captured", "captured", "partially_refunded", "refunded", "canceled", "failed"]),
    currency: z.string().meta({ example: "USD" }),
    amount: z.number().int().meta({ description: "Planned amount, minor units of `currency` (2800 = 28.00 USD; JPY has none)." }),
    authorized: z.number().int(),
    captured: z.number().int(),
    refunded: z.number().int(),
    provider: z.string().meta({ example: "pp_stripe_stripe" }),
    source: z.string().meta({ description: "The surface that started it: checkout, medusa_v2, medusa_v1, magento, shop, commercetools." }),
    flag: z.enum(["retired_session", "canceled_collection", "completed_cart", "amount_mismatch"]).nullable().meta({ description: "Set when the money must not count and is being returned." }),
    customer_id: z.string().nullable(),
    collection_id: z.string().nullable(),
  })
  .meta({ id: "EventPayment" });

const Order = z
  .object({
    id: z.string(),
    number: z.string().meta({ example: "ORD-20261204-5XZF" }),
    currency: z.string(),
    total: z.number().int().meta({ description: "Minor units of `currency`." }),
    payment_status: z.enum(["not_paid", "awaiting", "authorized", "paid", "refunded", "canceled"]),
    email: z.string().nullable(),
    customer_id: z.string().nullable(),
    locale: z.string(),
  })
  .meta({ id: "EventOrder" });

const envelope = <T extends z.ZodType>(type: EventType, data: T) =>
  z.object({
    id: z.string().meta({ description: "The event's id (also the Kassa-Event-Id header): de-duplicate on it." }),
    type: z.literal(type),
    created: z.number().int().meta({ description: "Unix seconds." }),
    api_version: z.literal(EVENT_API_VERSION),
    sequence: z.number().int().meta({ description: "Counts per subject (payment or order) from 1: order by it, not by arrival." }),
    subject: z.string().meta({ description: "The payment's or the order's id." }),
    data: data,
  });

const paymentData = z.object({ payment: Payment, amount: z.number().int().optional().meta({ description: "What this event added (captured, refunded, authorized), minor units." }) });
const SCHEMAS: Record<EventType, z.ZodType> = {
  "payment.authorized": envelope("payment.authorized", paymentData),
  "payment.captured": envelope("payment.captured", paymentData),
  "payment.refunded": envelope("payment.refunded", paymentData),
  "payment.refund_failed": envelope("payment.refund_failed", paymentData),
  "payment.canceled": envelope("payment.canceled", paymentData),
  "payment.failed": envelope("payment.failed", paymentData),
  "payment.flagged": envelope("payment.flagged", paymentData),
  "dispute.opened": envelope("dispute.opened", z.object({ payment: Payment, dispute: z.object({ id: z.string(), amount: z.number().int(), reason: z.string(), status: z.string() }) })),
  "order.placed": envelope("order.placed", z.object({ order: Order })),
  "order.paid": envelope("order.paid", z.object({ order: Order })),
};

const SUMMARY: Record<EventType, string> = {
  "payment.authorized": "Money was authorized (held) for a payment",
  "payment.captured": "Money was captured (charged); `amount` is this capture",
  "payment.refunded": "Money was refunded; `amount` is this refund",
  "payment.refund_failed": "A refund reported earlier bounced (the bank returned it); `amount` is what is no longer refunded",
  "payment.canceled": "An authorization was released",
  "payment.failed": "A payment attempt failed (declined, or an async payment did not settle)",
  "payment.flagged": "Money arrived where it must not count; Kassa returns it automatically",
  "dispute.opened": "The shopper's bank opened a dispute (chargeback)",
  "order.placed": "An order was placed (its money is held in full)",
  "order.paid": "An order is paid (captured)",
};

const PAYMENT_EXAMPLE = {
  id: "pay_01M8ZR49419374N9Q2RSNE2XB7", status: "captured", currency: "EUR", amount: 2600, authorized: 2600, captured: 2600, refunded: 0,
  provider: "pp_kassa_test", source: "checkout", flag: null, customer_id: "cus_01M8ZQ8V4D2K6T0A1B2C3D4E5F", collection_id: "paycol_01M8ZR3Z6D63BFD37GXEFM1XW2",
};
const ORDER_EXAMPLE = { id: "ord_01M8ZR5A2B3C4D5E6F7G8H9J0K", number: "ORD-20261204-5XZF", currency: "EUR", total: 2600, payment_status: "paid", email: "alice@example.com", customer_id: "cus_01M8ZQ8V4D2K6T0A1B2C3D4E5F", locale: "de-DE" };

function example(type: EventType) {
  const data = type.startsWith("order.")
    ? { order: { ...ORDER_EXAMPLE, payment_status: type === "order.placed" ? "authorized" : "paid" } }
    : type === "dispute.opened"
      ? { payment: PAYMENT_EXAMPLE, dispute: { id: "dp_1QxYz", amount: 2600, reason: "fraudulent", status: "needs_response" } }
      : { payment: PAYMENT_EXAMPLE, ...(["payment.authorized", "payment.captured", "payment.refunded", "payment.refund_failed"].includes(type) ? { amount: 2600 } : {}) };
  return { id: "ev_01M8ZS0A1B2C3D4E5F6G7H8J9K", type, created: 1796360000, api_version: EVENT_API_VERSION, sequence: 2, subject: type.startsWith("order.") ? ORDER_EXAMPLE.id : PAYMENT_EXAMPLE.id, data };
}

export function eventsDocument(): ZodOpenApiObject {
  const webhooks: Record<string, ZodOpenApiPathItemObject> = {};
  for (const type of EVENT_TYPES) {
    webhooks[type] = {
      post: {
        operationId: `event_${type.replace(".", "_")}`,
        summary: SUMMARY[type],
        parameters: [
          { in: "header", name: "Kassa-Signature", required: true, schema: { type: "string" }, description: "t=<unix seconds>,v1=<hex HMAC-SHA256 of `t.body` with the endpoint's secret> (one v1 per valid secret)" },
          { in: "header", name: "Kassa-Event-Id", required: true, schema: { type: "string" } },
        ],
        requestBody: { required: true, content: { "application/json": { schema: SCHEMAS[type], example: example(type) } } },
        responses: { "200": { description: "Any 2xx acknowledges the event; anything else (or no answer within 10 s, or a redirect) is retried." } },
      },
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Kassa — outbound events (webhooks)",
      version: EVENT_API_VERSION,
      description: "What Kassa POSTs to the merchant's webhook endpoints (managed in the console at /dashboard/webhooks or with `npm run -s kassa -- webhooks:create`). At least once, in no guaranteed order (use `sequence`), signed as Stripe signs. See docs/webhooks.md.",
    },
    paths: {},
    webhooks,
  };
}
