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
