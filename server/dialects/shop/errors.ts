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
} as const satisfies Record<PaymentErrorCode, number>;

export function renderShopError(e: unknown, requestId: string): Response {
  if (isPaymentError(e)) {
    const field = typeof e.details.field === "string" ? e.details.field : null;
    const body = { message: e.message, ...(field ? { errors: { [field]: [e.message] } } : {}) };
    const headers: Record<string, string> = {};
    if (e.code === "rate_limited" && typeof e.details.retryAfter === "number") headers["retry-after"] = String(e.details.retryAfter);
    return Response.json(body, { status: shopStatusFor[e.code], headers });
  }
  if (e instanceof ZodError) {
    // a Map, not an object: field names come from the client (`__proto__` included)
    const errors = new Map<string, string[]>();
    for (const i of e.issues) {
      const key = i.code === "unrecognized_keys" ? i.keys.join(",") : i.path.join(".") || "body";
      const msg = i.code === "unrecognized_keys" ? `Unknown field${i.keys.length > 1 ? "s" : ""}.` : i.message;
      errors.set(key, [...(errors.get(key) ?? []), msg]);
    }
    return Response.json({ message: "The given data was invalid.", errors: Object.fromEntries(errors) }, { status: 400 });
  }
  if (e instanceof MalformedBody) return Response.json({ message: "The request body is not valid JSON." }, { status: 400 });
  if (e instanceof BodyTooLarge) return Response.json({ message: "The request body is too large." }, { status: 413 });
  return Response.json({ message: `Server error. Reference: ${requestId}` }, { status: 500 });
}
