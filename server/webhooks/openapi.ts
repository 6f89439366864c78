// The Stripe webhook intake's reference: one route, verified on the raw body, answered with the refusals of stripe.ts.
import { z } from "zod";
import type { ZodOpenApiObject } from "zod-openapi";
import { apiDocument, type Endpoint } from "../reference/build";
import { WEBHOOK_ERRORS } from "./stripe";
import { StripeEventEnvelope, WebhookAck, WebhookErrorBody } from "./schemas";

type Refusal = keyof typeof WEBHOOK_ERRORS;
const refusal = (kind: Refusal) => ({ kind });
const render = (e: unknown) => WEBHOOK_ERRORS[(e as { kind: Refusal }).kind];

export const webhookEndpoints: Endpoint[] = [
  {
    method: "post",
    path: "/api/webhooks/stripe",
    operationId: "stripeWebhook",
    summary: "Receive a Stripe event",
    description:
      "Verifies `Stripe-Signature` on the raw body (STRIPE_WEBHOOK_SECRET; fails closed), stores the event once by id, and applies it through the ledger in the same transaction. Duplicates answer 200 with `duplicate: true`; events may arrive in any order.",
    tags: ["Stripe"],
    security: [{ stripeSignature: [] }],
    params: { header: z.object({ "Stripe-Signature": z.string().meta({ example: "t=1763892000,v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd" }) }) },
    body: {
      schema: StripeEventEnvelope,
      example: { id: "evt_1QkassaDemo000001", object: "event", type: "payment_intent.succeeded", created: 1763892000, data: { object: { id: "pi_3QkassaDemo0001", object: "payment_intent", amount: 2800, currency: "usd", status: "succeeded" } } },
    },
    ok: { status: 200, description: "Received (and applied, or already applied).", schema: WebhookAck, example: { received: true } },
    errors: [
      { description: "Stripe is not configured on this server", error: refusal("not_configured") },
      { description: "The signature does not verify", error: refusal("invalid_signature") },
      { description: "The signed body is not an event", error: refusal("invalid_event") },
      { description: "Larger than 1 MiB", error: refusal("payload_too_large") },
      { description: "Applying failed; Stripe retries and the retry applies once", error: refusal("processing_error") },
      { description: "The database is unreachable; Stripe retries", error: refusal("unavailable") },
    ],
  },
];

export function webhookDocument(): ZodOpenApiObject {
  return apiDocument({
    title: "Kassa — Stripe webhook intake",
    description: "Where Stripe delivers events. Point a Stripe webhook endpoint at /api/webhooks/stripe.",
    servers: [{ url: "/", description: "This server" }],
    tags: ["Stripe"],
    securitySchemes: { stripeSignature: { type: "apiKey", in: "header", name: "Stripe-Signature", description: "Stripe's HMAC-SHA256 signature of the raw body with the endpoint's signing secret." } },
    endpoints: webhookEndpoints,
    render,
    errorSchema: WebhookErrorBody,
  });
}
