// Core errors -> the shop API's `{message, errors?}` bodies. Exhaustive over the domain codes.
import { ZodError } from "zod";
import { isPaymentError, type PaymentErrorCode } from "../../core/errors";
import { BodyTooLarge, MalformedBody } from "../http/kit";

export const shopStatusFor = {
  not_found: 404,
  validation: 400,
  unauthorized: 401,
  forbidden: 403,
  conflict: 409,
  version_conflict: 409,
  currency_mismatch: 422,
  invalid_state: 409,
  amount_exceeds_authorized: 422,
  amount_exceeds_captured: 422,
  provider_declined: 422,
  requires_action: 409,
  provider_unavailable: 503,
  idempotency_conflict: 409,
  rate_limited: 429,
  service_unavailable: 503,
} as const satisfies Record<PaymentErrorCode, number>;

type Rendered = { status: number; body: { message: string; errors?: Record<string, string[]> }; headers?: Record<string, string> };

export function renderShopError(e: unknown, requestId: string): Response {
  const { status, body, headers } = shopErrorBody(e, requestId);
  return Response.json(body, { status, headers });
}

/** The status and body for any thrown value (also what the API reference shows as error examples). */
export function shopErrorBody(e: unknown, requestId: string): Rendered {
  if (isPaymentError(e)) {
    const field = typeof e.details.field === "string" ? e.details.field : null;
    const body = { message: e.message, ...(field ? { errors: { [field]: [e.message] } } : {}) };
    const headers: Record<string, string> = {};
    if (e.code === "rate_limited" && typeof e.details.retryAfter === "number") headers["retry-after"] = String(e.details.retryAfter);
    return { status: shopStatusFor[e.code], body, headers };
  }
  if (e instanceof ZodError) {
    // a Map, not an object: field names come from the client (`__proto__` included)
    const errors = new Map<string, string[]>();
    for (const i of e.issues) {
      const key = i.code === "unrecognized_keys" ? i.keys.join(",") : i.path.join(".") || "body";
      const msg = i.code === "unrecognized_keys" ? `Unknown field${i.keys.length > 1 ? "s" : ""}.` : i.message;
      errors.set(key, [...(errors.get(key) ?? []), msg]);
    }
    return { status: 400, body: { message: "The given data was invalid.", errors: Object.fromEntries(errors) } };
  }
  if (e instanceof MalformedBody) return { status: 400, body: { message: "The request body is not valid JSON." } };
  if (e instanceof BodyTooLarge) return { status: 413, body: { message: "The request body is too large." } };
  return { status: 500, body: { message: `Server error. Reference: ${requestId}` } };
}
