// The Medusa v2 admin payment routes' API reference: the routes of router.ts, the schemas the handlers validate with,
// and the bodies errors.ts renders (Medusa's recorded answers: ../shared/reference/medusa-v2-admin/).
import { z } from "zod";
import type { ZodOpenApiObject } from "zod-openapi";
import { PaymentError } from "../../core/errors";
import { apiDocument, IDEMPOTENCY_HEADER, UNAVAILABLE, type Endpoint } from "../../reference/build";
import { MedusaEmailPass, MedusaErrorBody, MedusaToken } from "../medusa/schemas";
import { AdminUnauthorized, adminErrorBody } from "./errors";
import * as A from "./schemas";

const PAY = "pay_01JDDZ3P0Q1R2S3T4U5V6W7X8Y";
const tags = { auth: "Staff auth", pay: "Payments" };
const staff = [{ staffToken: [] }];
const id = z.object({ id: z.string().meta({ example: PAY }) });
const fields = z.object({ fields: z.string().optional().meta({ description: "Medusa's field selection (`+f`, `-f`, `*rel`, or a list replacing the defaults).", example: "+provider_id,+created_at" }) });
const render = (e: unknown) => adminErrorBody(e);

const unauthorized = { description: "No staff token, or a customer's token, a publishable key, an expired or revoked one", error: new AdminUnauthorized() };
const forbidden = { description: "A viewer (read-only role) tried to move money", error: new PaymentError("forbidden", "This needs the operator role.") };
const notFound = { description: "No such payment (Medusa answers 200 `{}` here; Kassa 404)", error: new PaymentError("not_found", `Payment with id: ${PAY} was not found`) };

export const medusaAdminEndpoints: Endpoint[] = [
  {
    method: "post",
    path: "/auth/user/emailpass",
    operationId: "medusaAdminLogin",
    summary: "Staff login (email and password)",
    description: "Returns a bearer token for the admin API (24 hours; revocable). Staff accounts are not customers: a customer's credentials are refused. Demo: operator@example.com / operator-password.",
    tags: [tags.auth],
    security: [],
    body: { schema: MedusaEmailPass, example: { email: "operator@example.com", password: "operator-password" } },
    ok: { status: 200, description: "The token.", schema: MedusaToken },
    errors: [{ description: "Wrong email or password, a disabled account, or a customer", error: new PaymentError("unauthorized", "Invalid email or password") }],
  },
  {
    method: "get",
    path: "/admin/payments",
    operationId: "medusaAdminListPayments",
    summary: "List payments (every dialect's)",
    description: "Newest first by default (`order=created_at` for oldest first). Filters: `id`, `payment_session_id` (repeatable). Any staff role.",
    tags: [tags.pay],
    security: staff,
    params: { query: z.object({ limit: z.coerce.number().int().optional(), offset: z.coerce.number().int().optional(), order: z.string().optional(), id: z.string().optional(), payment_session_id: z.string().optional(), fields: fields.shape.fields }) },
    ok: { status: 200, description: "A page of payments.", schema: A.AdminPaymentList },
    errors: [unauthorized],
  },
  {
    method: "get",
    path: "/admin/payments/payment-providers",
    operationId: "medusaAdminListPaymentProviders",
    summary: "List payment providers",
    tags: [tags.pay],
    security: staff,
    params: { query: z.object({ limit: z.coerce.number().int().optional(), offset: z.coerce.number().int().optional() }) },
    ok: { status: 200, description: "The providers this installation has configured.", schema: A.AdminProviderList },
    errors: [unauthorized],
  },
  {
    method: "get",
    path: "/admin/payments/{id}",
    operationId: "medusaAdminGetPayment",
    summary: "Retrieve a payment",
    tags: [tags.pay],
    security: staff,
    params: { path: id, query: fields },
    ok: { status: 200, description: "The payment.", schema: A.AdminPaymentResponse },
    errors: [unauthorized, notFound],
  },
  {
    method: "post",
    path: "/admin/payments/{id}/capture",
    operationId: "medusaAdminCapturePayment",
    summary: "Capture a payment (all that remains, or a part)",
    description: "`{}` captures what remains authorized (Medusa refuses it after a partial capture; Kassa does not copy that). Operators and owners. With `Idempotency-Key`, a retry replays the first answer and captures once.",
    tags: [tags.pay],
    security: staff,
    params: { path: id, query: fields, header: IDEMPOTENCY_HEADER },
    body: { schema: A.AdminCapturePayment, example: { amount: 10 }, required: false },
    ok: { status: 200, description: "The payment after the capture.", schema: A.AdminPaymentResponse },
    errors: [
      unauthorized, forbidden, notFound,
      { description: "More than remains authorized", error: new PaymentError("amount_exceeds_authorized", "") },
      { description: "Nothing left to capture, or the payment is canceled", error: new PaymentError("invalid_state", "A canceled payment cannot be captured.") },
      { description: "An unknown body field", error: new z.ZodError([{ code: "unrecognized_keys", keys: ["currency"], path: [], message: "" }]) },
    ],
  },
  {
    method: "post",
    path: "/admin/payments/{id}/refund",
    operationId: "medusaAdminRefundPayment",
    summary: "Refund a payment (all that is captured, or a part)",
    description: "`note` and `refund_reason_id` are kept on the refund and shown in `refunds[]`. Refunds still pending at the provider count as spent. Operators and owners.",
    tags: [tags.pay],
    security: staff,
    params: { path: id, query: fields, header: IDEMPOTENCY_HEADER },
    body: { schema: A.AdminRefundPayment, example: { amount: 5, note: "partial refund" }, required: false },
    ok: { status: 200, description: "The payment after the refund.", schema: A.AdminPaymentResponse },
    errors: [
      unauthorized, forbidden, notFound,
      { description: "More than is captured and not yet refunded", error: new PaymentError("amount_exceeds_captured", "") },
      { description: "Nothing is captured", error: new PaymentError("invalid_state", "Nothing is captured, so nothing can be refunded.") },
    ],
  },
];

export function medusaAdminDocument(): ZodOpenApiObject {
  return apiDocument({
    title: "Kassa — Medusa v2 admin API (payments)",
    description:
      "Wire-compatible with Medusa v2's admin payment routes, so `@medusajs/js-sdk`'s `sdk.auth.login(\"user\", \"emailpass\", …)` and `sdk.admin.payment.list / retrieve / capture / refund / listPaymentProviders` work unchanged. Staff only: `Authorization: Bearer <token>` from POST /auth/user/emailpass (never a customer token or a publishable key; those get 401 `{\"message\":\"Unauthorized\"}`). Roles: viewer reads, operator and owner move money. Amounts are major units. Every staff action is in the audit log.",
    servers: [{ url: "/", description: "This server" }],
    tags: Object.values(tags),
    securitySchemes: { staffToken: { type: "http", scheme: "bearer", description: "A staff token from POST /auth/user/emailpass (demo: operator@example.com / operator-password)." } },
    endpoints: medusaAdminEndpoints,
    render,
    errorSchema: z.union([MedusaErrorBody, A.AdminUnauthorizedBody]),
    everyRoute: [UNAVAILABLE],
  });
}
