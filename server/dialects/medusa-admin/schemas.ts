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

const Amount = z.number().meta({ description: "Major units (Medusa v2), e.g. 26 or 12.5." });
export const AdminCapture = z.object({ id: z.string(), amount: Amount });
export const AdminRefund = z.object({ id: z.string(), amount: Amount, note: z.string().nullable(), payment_id: z.string(), refund_reason_id: z.string().nullable(), refund_reason: z.null() });
export const AdminPayment = z
  .object({
    id: z.string(),
    currency_code: z.string(),
    amount: Amount,
    captured_at: z.string().nullable().meta({ description: "Set once nothing authorized remains to capture." }),
    payment_collection_id: z.string().nullable(),
    payment_session_id: z.string().nullable(),
    captures: z.array(AdminCapture),
    refunds: z.array(AdminRefund),
  })
  .meta({ id: "MedusaAdminPayment", description: "The default fields; `fields` selects others (provider_id, authorized_amount, created_at, updated_at, canceled_at, raw_amount, …)." });
export const AdminPaymentResponse = z.object({ payment: AdminPayment });
export const AdminPaymentList = z.object({ payments: z.array(AdminPayment), count: z.number().int(), offset: z.number().int(), limit: z.number().int() });
export const AdminProviderList = z.object({ payment_providers: z.array(z.object({ id: z.string(), is_enabled: z.boolean() })), count: z.number().int(), offset: z.number().int(), limit: z.number().int() });
export const AdminUnauthorizedBody = z.object({ message: z.literal("Unauthorized") });
