// POST /api/webhooks/stripe: raw body -> verify (fail closed) -> store once and apply through core -> 2xx quickly.
import type { Kassa } from "../core/kassa";
import { isPaymentError } from "../core/errors";
import type { PaymentProvider } from "../core/provider-port";
import type { WebhookErrorBody } from "./schemas";
import { isDatabaseUnavailable } from "../db/unavailable";
import { BodyTooLarge, readBody } from "../dialects/http/kit";
import { log } from "../ops/log";
import { metrics } from "../ops/metrics";

const MAX_BODY = 1024 * 1024;

const json = (status: number, body: unknown) => Response.json(body, { status, headers: { "cache-control": "no-store" } });

/** The intake's refusals, by kind (also the examples in the API reference). */
export const WEBHOOK_ERRORS = {
  not_configured: { status: 400, body: { error: { type: "not_configured", message: "Stripe webhooks are not configured on this server." } } },
  invalid_signature: { status: 400, body: { error: { type: "invalid_signature", message: "The Stripe-Signature header does not verify." } } },
  invalid_event: { status: 400, body: { error: { type: "invalid_event", message: "The signed body is not a Stripe event." } } },
  payload_too_large: { status: 413, body: { error: { type: "payload_too_large", message: "The event is too large." } } },
  unavailable: { status: 503, body: { error: { type: "unavailable", message: "The database is unavailable; Stripe will retry." } } },
  processing_error: { status: 500, body: { error: { type: "processing_error", message: "The event could not be processed; Stripe will retry." } } },
} as const satisfies Record<string, { status: number; body: WebhookErrorBody }>;
const refuse = (kind: keyof typeof WEBHOOK_ERRORS) => json(WEBHOOK_ERRORS[kind].status, WEBHOOK_ERRORS[kind].body);

export function createStripeWebhookHandler(getCore: () => { kassa: Kassa; stripe: PaymentProvider | null }) {
  return async function POST(req: Request): Promise<Response> {
    const { kassa, stripe } = getCore();
    if (!stripe?.parseWebhook) return refuse("not_configured");
    let raw: string;
    try {
      raw = await readBody(req, MAX_BODY); // the exact bytes Stripe signed, never more than 1 MB read; never parse before verifying
    } catch (e) {
      if (e instanceof BodyTooLarge) return refuse("payload_too_large");
      throw e;
    }
    let event;
    try {
      event = await stripe.parseWebhook(raw, req.headers);
    } catch (e) {
      const refusal = isPaymentError(e) && e.code === "unauthorized" ? "invalid_signature" : isPaymentError(e) && e.code === "validation" ? "invalid_event" : null;
      if (!refusal) throw e;
      metrics.webhookEvents.inc({ provider: stripe.id, outcome: "refused" });
      return refuse(refusal);
    }
    try {
      const result = await kassa.payments.applyProviderEvent(stripe.id, event);
      metrics.webhookEvents.inc({ provider: stripe.id, outcome: result.duplicate ? "duplicate" : "applied" });
      if (!result.duplicate && event.created) metrics.webhookLag.observe({ provider: stripe.id }, Math.max(0, Date.now() / 1000 - event.created));
      return json(200, { received: true, ...(result.duplicate ? { duplicate: true } : {}) });
    } catch (e) {
      metrics.webhookEvents.inc({ provider: stripe.id, outcome: "failed" });
      log.error({ err: e, provider: stripe.id, eventId: event.id, eventType: event.type }, "webhook event not applied");
      return refuse(isDatabaseUnavailable(e) ? "unavailable" : "processing_error"); // retried by Stripe, applied once
    }
  };
}
