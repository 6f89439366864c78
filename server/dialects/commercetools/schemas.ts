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

// ------------------------------------------------------------------ OAuth forms (application/x-www-form-urlencoded, client id/secret as HTTP Basic)

const scope = z.string().optional().meta({ description: "Space-separated scopes; defaults to all of the client's.", example: "manage_my_payments:kassa-demo" });
export const CtPasswordTokenForm = z
  .object({ grant_type: z.literal("password"), username: z.string().meta({ example: "alice@example.com" }), password: z.string().meta({ example: "alice-password" }), scope })
  .meta({ id: "CtPasswordTokenForm" });
export const CtAnonymousTokenForm = z
  .object({ grant_type: z.literal("client_credentials"), scope, anonymous_id: z.string().regex(/^[\w.:@-]{1,256}$/).optional().meta({ description: "Your own id for the anonymous session; used once." }) })
  .meta({ id: "CtAnonymousTokenForm" });
export const CtRefreshTokenForm = z.object({ grant_type: z.literal("refresh_token"), refresh_token: z.string() }).meta({ id: "CtRefreshTokenForm" });

// ------------------------------------------------------------------ responses

export const CtTokenResponse = z
  .object({ access_token: z.string(), token_type: z.literal("Bearer"), expires_in: z.number().int(), scope: z.string(), refresh_token: z.string().optional() })
  .meta({ id: "CtTokenResponse", example: { access_token: "kst_Yl5oFjjCi5Lm8REX1LxH0ey53bPhdR24halBqnip89U", token_type: "Bearer", expires_in: 172800, scope: "manage_my_payments:kassa-demo customer_id:cus_01JDDZ0A1B2C3D4E5F6G7H8J9K", refresh_token: "ksr_KXGQiZUDtdB1YQiv3B6iwjBD4y1JhEBacCI6uN9ZY4M" } });

const CtCentPrecisionMoney = z
  .object({ type: z.literal("centPrecision"), currencyCode: z.string(), centAmount: z.number().int().meta({ description: "Minor units (2800 = 28.00 USD; JPY has none)." }), fractionDigits: z.number().int() })
  .meta({ id: "CentPrecisionMoney" });
export const CtTransaction = z
  .object({
    id: z.string(),
    timestamp: iso(),
    type: z.enum(["Authorization", "CancelAuthorization", "Charge", "Refund", "Chargeback"]),
    amount: CtCentPrecisionMoney,
    interactionId: z.string().optional(),
    state: z.enum(["Initial", "Pending", "Success", "Failure"]),
  })
  .meta({ id: "Transaction" });
export const CtMyPayment = z
  .object({
    id: z.string(),
    version: z.number().int(),
    customer: z
      .object({
        typeId: z.literal("customer"),
        id: z.string(),
        obj: z.looseObject({ id: z.string(), version: z.number().int(), email: z.string() }).optional().meta({ description: "The customer, with `expand=customer`." }),
      })
      .optional(),
    anonymousId: z.string().optional(),
    amountPlanned: CtCentPrecisionMoney,
    paymentMethodInfo: methodInfo,
    transactions: z.array(CtTransaction),
    custom: z.unknown().optional(),
    createdAt: iso(),
    lastModifiedAt: iso(),
  })
  .meta({
    id: "MyPayment",
    example: {
      id: "pay_01JDDZ4A1B2C3D4E5F6G7H8J9K",
      version: 1,
      customer: { typeId: "customer", id: "cus_01JDDZ0A1B2C3D4E5F6G7H8J9K" },
      amountPlanned: { type: "centPrecision", currencyCode: "USD", centAmount: 2800, fractionDigits: 2 },
      paymentMethodInfo: { paymentInterface: "kassa", method: "card" },
      transactions: [],
      createdAt: "2026-11-23T10:00:00.000Z",
      lastModifiedAt: "2026-11-23T10:00:00.000Z",
    },
  });
export const CtMyPaymentPage = z
  .object({ limit: z.number().int(), offset: z.number().int(), count: z.number().int(), total: z.number().int().optional(), results: z.array(CtMyPayment) })
  .meta({ id: "MyPaymentPagedQueryResponse" });

export const CtErrorBody = z
  .looseObject({
    statusCode: z.number().int(),
    message: z.string(),
    errors: z.array(z.looseObject({ code: z.string(), message: z.string(), currentVersion: z.number().int().optional() })),
    error: z.string().optional().meta({ description: "OAuth errors and 401/403 only." }),
    error_description: z.string().optional(),
  })
  .meta({ id: "ErrorResponse" });

function iso() {
  return z.string().meta({ format: "date-time" });
}
