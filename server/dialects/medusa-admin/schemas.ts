// Medusa v2 admin payment routes' bodies (packages/medusa/src/api/admin/payments/validators.ts): strict, as Medusa's are.
import { z } from "zod";

export const AdminCapturePayment = z.object({ amount: z.number().positive().optional() }).strict();
export type AdminCapturePayment = z.infer<typeof AdminCapturePayment>;

export const AdminRefundPayment = z
  .object({
    amount: z.number().positive().optional(),
    refund_reason_id: z.string().max(200).nullish(),
    note: z.string().max(1000).nullish(),
  })
  .strict();
export type AdminRefundPayment = z.infer<typeof AdminRefundPayment>;
