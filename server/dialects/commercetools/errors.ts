// Core errors -> commercetools' error bodies `{statusCode, message, errors:[{code, message, …}]}`. Exhaustive.
import { ZodError } from "zod";
import { isPaymentError, type PaymentError, type PaymentErrorCode } from "../../core/errors";
import { BodyTooLarge, MalformedBody } from "../http/kit";
import { PredicateError } from "./predicate";

export class CtOAuthError extends Error {
  constructor(public status: number, public error: string, message: string) {
    super(message);
  }
}

type Mapped = { status: number; code: string; message?: (e: PaymentError) => string; extra?: (e: PaymentError) => Record<string, unknown> };

export const ctErrorFor = {
  not_found: { status: 404, code: "ResourceNotFound", message: (e) => (e.details.id ? `The Resource with ID '${String(e.details.id)}' was not found.` : e.message) },
  validation: { status: 400, code: "InvalidInput" },
  unauthorized: { status: 401, code: "invalid_token", message: () => "invalid_token" },
  forbidden: { status: 403, code: "insufficient_scope" },
  conflict: { status: 400, code: "DuplicateField" },
  version_conflict: {
    status: 409,
    code: "ConcurrentModification",
    message: (e) => `Object ${String(e.details.id ?? "")} has a different version than expected. Expected: ${String(e.details.expectedVersion ?? "")} - Actual: ${String(e.details.currentVersion)}.`,
    extra: (e) => ({ currentVersion: e.details.currentVersion }),
  },
  currency_mismatch: { status: 400, code: "InvalidOperation" },
  invalid_state: { status: 400, code: "InvalidOperation" },
  amount_exceeds_authorized: { status: 400, code: "InvalidOperation" },
  amount_exceeds_captured: { status: 400, code: "InvalidOperation" },
  provider_declined: { status: 400, code: "InvalidOperation" },
  requires_action: { status: 400, code: "InvalidOperation" },
  provider_unavailable: { status: 503, code: "ServiceUnavailable" },
  idempotency_conflict: { status: 409, code: "ConcurrentModification" },
  rate_limited: { status: 429, code: "TooManyRequests" },
  service_unavailable: { status: 503, code: "ServiceUnavailable" },
} as const satisfies Record<PaymentErrorCode, Mapped>;

function body(status: number, code: string, message: string, extra: Record<string, unknown> = {}) {
  return { statusCode: status, message, errors: [{ code, message, ...extra }] };
}

export function renderCtError(e: unknown, requestId: string): Response {
  const { status, body } = ctErrorBody(e, requestId);
  return Response.json(body, { status });
}

/** The status and body for any thrown value (also what the API reference shows as error examples). */
export function ctErrorBody(e: unknown, requestId: string): { status: number; body: ReturnType<typeof body> & Record<string, unknown> } {
  if (e instanceof CtOAuthError) {
    return { status: e.status, body: { ...body(e.status, e.error, e.message), error: e.error, error_description: e.message } };
  }
  if (isPaymentError(e) && e.code === "validation" && e.details.reason === "referenced_resource_not_found") {
    const ref = { typeId: e.details.typeId, ...(e.details.id ? { id: e.details.id } : { key: e.details.key }) };
    return { status: 400, body: body(400, "ReferencedResourceNotFound", e.message, ref) };
  }
  if (isPaymentError(e)) {
    const m: Mapped = ctErrorFor[e.code];
    const message = m.message ? m.message(e) : e.message;
    const auth = e.code === "unauthorized" || e.code === "forbidden";
    return { status: m.status, body: { ...body(m.status, m.code, message, m.extra?.(e) ?? {}), ...(auth ? { error: m.code, ...(e.code === "forbidden" ? { error_description: message } : {}) } : {}) } };
  }
  if (e instanceof PredicateError) return { status: 400, body: body(400, "InvalidInput", e.message) };
  if (e instanceof MalformedBody) return { status: 400, body: body(400, "InvalidJsonInput", "Request body does not contain valid JSON.") };
  if (e instanceof ZodError) {
    const detail = e.issues.slice(0, 3).map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ");
    return { status: 400, body: body(400, "InvalidJsonInput", "Request body does not contain valid JSON.", { detailedErrorMessage: detail }) };
  }
  if (e instanceof BodyTooLarge) return { status: 413, body: body(413, "RequestEntityTooLarge", "The request body is too large.") };
  return { status: 500, body: body(500, "General", `Internal server error. Correlation ID: ${requestId}`) };
}
