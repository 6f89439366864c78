import { z } from "zod";

const cur = z.string().regex(/^[A-Z]{3}$/, "currencyCode must be an ISO 4217 code");
export const CtMoney = z.object({ currencyCode: cur, centAmount: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER), type: z.literal("centPrecision").optional(), fractionDigits: z.number().int().optional() });
const localized = z.record(z.string().regex(/^[a-z]{2}(-[A-Z]{2})?$/), z.string().max(1000));
const customDraft = z.object({
  type: z.object({ typeId: z.literal("type").optional(), id: z.string().max(100).optional(), key: z.string().max(256).optional() }),
  fields: z.record(z.string().max(128), z.unknown()).optional(),
});
const methodInfo = z.object({ paymentInterface: z.string().max(256).optional(), method: z.string().max(256).optional(), name: localized.optional() });
export const CtTransactionDraft = z.object({
  timestamp: z.string().datetime({ offset: true }).optional(),
  type: z.enum(["Authorization", "CancelAuthorization", "Charge", "Refund", "Chargeback"]),
  amount: CtMoney,
  interactionId: z.string().max(256).optional(),
  state: z.enum(["Initial", "Pending", "Success", "Failure"]).optional(),
  custom: customDraft.optional(),
});

export const CtMyPaymentDraft = z.object({
  amountPlanned: CtMoney,
  paymentMethodInfo: methodInfo.optional(),
  custom: customDraft.optional(),
  transaction: CtTransactionDraft.optional(),
});

export const CtAction = z.discriminatedUnion("action", [
  z.object({ action: z.literal("setMethodInfoInterface"), interface: z.string().max(256) }),
  z.object({ action: z.literal("setMethodInfoMethod"), method: z.string().max(256).optional() }),
  z.object({ action: z.literal("setMethodInfoName"), name: localized.optional() }),
  z.object({ action: z.literal("setCustomField"), name: z.string().max(128), value: z.unknown().optional() }),
  z.object({ action: z.literal("setTransactionCustomField"), name: z.string().max(128), value: z.unknown().optional(), transactionId: z.string().optional() }),
  z.object({ action: z.literal("changeAmountPlanned"), amount: CtMoney }),
  z.object({ action: z.literal("addTransaction"), transaction: CtTransactionDraft }),
]);

export const CtMyPaymentUpdate = z.object({ version: z.number().int().min(1), actions: z.array(CtAction).max(500) });

export type CtMyPaymentDraft = z.infer<typeof CtMyPaymentDraft>;
export type CtAction = z.infer<typeof CtAction>;
