// The Stripe webhook intake's wire schemas: the event envelope Kassa reads after the signature verifies, and the
// intake's own answers.
import { z } from "zod";

export { StripeEventEnvelope } from "../providers/stripe/event";

export const WebhookAck = z.object({ received: z.literal(true), duplicate: z.literal(true).optional().meta({ description: "The event was received before; nothing changed." }) }).meta({ id: "WebhookAck" });
export const WebhookErrorBody = z.object({ error: z.object({ type: z.string(), message: z.string() }) }).meta({ id: "WebhookError" });
export type WebhookErrorBody = z.infer<typeof WebhookErrorBody>;
