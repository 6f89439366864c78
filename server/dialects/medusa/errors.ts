// Core errors -> Medusa's error bodies and statuses (packages/core/framework/src/http/middlewares/error-handler.ts).
// Exhaustive: a new PaymentErrorCode breaks the build until it is mapped here.
import { ZodError, type ZodIssue } from "zod";
import { isPaymentError, type PaymentErrorCode } from "../../core/errors";
import { BodyTooLarge, MalformedBody } from "../http/kit";

type MedusaBody = { type: string; message: string; code?: string };

const CONFLICT_MESSAGE = "The request conflicted with another request. You may retry the request with the provided Idempotency-Key.";

export const medusaErrorFor = {
  not_found: { status: 404, type: "not_found" },
  validation: { status: 400, type: "invalid_data" },
  unauthorized: { status: 401, type: "unauthorized" },
  forbidden: { status: 403, type: "forbidden" },
  conflict: { status: 422, type: "duplicate_error", code: "invalid_request_error" },
  version_conflict: { status: 409, type: "conflict", code: "invalid_state_error", message: CONFLICT_MESSAGE },
  currency_mismatch: { status: 400, type: "invalid_data" },
  invalid_state: { status: 400, type: "not_allowed" },
  amount_exceeds_authorized: { status: 400, type: "invalid_data" },
  amount_exceeds_captured: { status: 400, type: "invalid_data" },
  provider_declined: { status: 422, type: "payment_authorization_error" },
  requires_action: { status: 422, type: "payment_requires_more_error" },
  provider_unavailable: { status: 500, type: "unexpected_state" },
  idempotency_conflict: { status: 409, type: "conflict", code: "invalid_state_error", message: CONFLICT_MESSAGE },
  rate_limited: { status: 429, type: "not_allowed" },
  service_unavailable: { status: 503, type: "unexpected_state" },
} as const satisfies Record<PaymentErrorCode, { status: number; type: string; code?: string; message?: string }>;

/** Medusa v2's zod messages ("Invalid request: …"), first three issues joined with "; ". */
export function formatZodIssues(issues: readonly ZodIssue[]): string {
  const one = (i: ZodIssue): string => {
    const field = i.path.join(", ");
    const input = (i as { input?: unknown }).input;
    switch (i.code) {
      case "unrecognized_keys":
        return `Unrecognized fields: '${i.keys.join(", ")}'`;
      case "invalid_type":
        return input === undefined ? `Field '${field}' is required` : `Expected type: '${i.expected}' for field '${field}', got: '${String(input)}'`;
      case "invalid_value":
        return `Expected: '${i.values.map(String).join(", ")}' for field '${field}', but got: '${String(input)}'`;
      case "too_small":
        return `Value for field '${field}' too small, expected at least: '${String(i.minimum)}'`;
      case "too_big":
        return `Value for field '${field}' too big, expected at most: '${String(i.maximum)}'`;
      default:
        return i.message;
    }
  };
  return `Invalid request: ${issues.slice(0, 3).map(one).join("; ")}`;
}

/** Medusa v1's class-validator messages (whitelist + forbidNonWhitelisted), joined with ",". */
export function formatV1Issues(issues: readonly ZodIssue[]): string {
  return issues
    .map((i) => {
      const field = String(i.path.at(-1) ?? "");
      if (i.code === "unrecognized_keys") return i.keys.map((k) => `property ${k} should not exist`).join(",");
      if (i.code === "invalid_type") {
        if (i.expected === "string") return `${field} must be a string`;
        if (i.expected === "number" || i.expected === "int") return `${field} must be an integer number`;
        if (i.expected === "array") return `${field} must be an array`;
      }
      return `${field} ${i.message}`;
    })
    .join(",");
}

export class MedusaV1ValidationError extends Error {
  constructor(public issues: readonly ZodIssue[]) {
    super(formatV1Issues(issues));
  }
}

export function medusaErrorBody(e: unknown): { status: number; body: MedusaBody } {
  if (isPaymentError(e)) {
    const m = medusaErrorFor[e.code];
    return { status: m.status, body: { ...("code" in m ? { code: m.code } : {}), type: m.type, message: "message" in m ? m.message : e.message } };
  }
  if (e instanceof MedusaV1ValidationError) return { status: 400, body: { type: "invalid_data", message: e.message } };
  if (e instanceof ZodError) return { status: 400, body: { type: "invalid_data", message: formatZodIssues(e.issues) } };
  if (e instanceof MalformedBody) return { status: 400, body: { type: "invalid_data", message: e.message } };
  if (e instanceof BodyTooLarge) return { status: 413, body: { type: "invalid_data", message: "request entity too large" } };
  return { status: 500, body: { code: "unknown_error", type: "unknown_error", message: "An unknown error occurred." } };
}

export function renderMedusaError(e: unknown): Response {
  const { status, body } = medusaErrorBody(e);
  return Response.json(body, { status });
}
