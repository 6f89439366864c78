// POST /api/webhooks/stripe: raw body -> verify (fail closed) -> store once and apply through core -> 2xx quickly.
import type { Kassa } from "../core/kassa";
import { isPaymentError } from "../core/errors";
import type { PaymentProvider } from "../providers/types";

const MAX_BODY = 1024 * 1024;

const json = (status: number, body: unknown) => Response.json(body, { status, headers: { "cache-control": "no-store" } });

export function createStripeWebhookHandler(getCore: () => { kassa: Kassa; stripe: PaymentProvider | null }) {
  return async function POST(req: Request): Promise<Response> {
    const { kassa, stripe } = getCore();
    if (!stripe?.parseWebhook) return json(400, { error: { type: "not_configured", message: "Stripe webhooks are not configured on this server." } });
    const raw = await req.text(); // the exact bytes Stripe signed; never parse before verifying
    if (raw.length > MAX_BODY) return json(413, { error: { type: "payload_too_large", message: "The event is too large." } });
    let event;
    try {
      event = await stripe.parseWebhook(raw, req.headers);
    } catch (e) {
      if (isPaymentError(e) && e.code === "unauthorized") return json(400, { error: { type: "invalid_signature", message: "The Stripe-Signature header does not verify." } });
      throw e;
    }
    try {
      const result = await kassa.payments.applyProviderEvent(stripe.id, event);
      return json(200, { received: true, ...(result.duplicate ? { duplicate: true } : {}) });
    } catch (e) {
      console.error(`[webhooks/stripe] event ${event.id} failed`, e);
      return json(500, { error: { type: "processing_error", message: "The event could not be processed; Stripe will retry." } }); // retried by Stripe, applied once
    }
  };
}
