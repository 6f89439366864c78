// The envelope of a Stripe event as Kassa reads it once the signature verifies. A signed body that is not shaped
// like an event is refused rather than half-read.
import { z } from "zod";

export const StripeEventEnvelope = z
  .looseObject({
    id: z.string().min(1).meta({ example: "evt_1QkassaDemo000001" }),
    object: z.literal("event").optional(),
    type: z.string().min(1).meta({ example: "payment_intent.succeeded" }),
    created: z.number().int().optional(),
    data: z.looseObject({ object: z.looseObject({ id: z.string().optional(), object: z.string().optional() }) }),
  })
  .meta({
    id: "StripeEvent",
    description: "A Stripe event, exactly as Stripe signed it. payment_intent.* events and charge.refunded / refund.* events move the ledger; others are stored for audit.",
  });

