/**
 * The one error class core and providers throw. Dialects and tRPC map `code`
 * to their own wire shapes with exhaustive `Record<PaymentErrorCode, …>` tables,
 * so adding a code here breaks the build until every mapping handles it.
 */

export const PAYMENT_ERROR_CODES = [
  "not_found",
  "validation",
  "unauthorized",
  "forbidden",
  "conflict",
  "version_conflict",
  "currency_mismatch",
  "invalid_state",
  "amount_exceeds_authorized",
  "amount_exceeds_captured",
  "provider_declined",
  "requires_action",
  "provider_unavailable",
  "idempotency_conflict",
  "rate_limited",
  /** The database (or another of Kassa's own dependencies) cannot be reached right now; safe to retry. */
  "service_unavailable",
] as const;

export type PaymentErrorCode = (typeof PAYMENT_ERROR_CODES)[number];

export type PaymentErrorDetails = Record<string, unknown>;

export function isPaymentErrorCode(value: unknown): value is PaymentErrorCode {
  return typeof value === "string" && (PAYMENT_ERROR_CODES as readonly string[]).includes(value);
}

export class PaymentError extends Error {
  override readonly name = "PaymentError";
  readonly code: PaymentErrorCode;
  readonly details: PaymentErrorDetails;

  constructor(
    code: PaymentErrorCode,
    message: string,
    details: PaymentErrorDetails = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.code = code;
    this.details = details;
  }
}

/** `instanceof`, with a structural fallback for when a bundler loads this module twice. */
export function isPaymentError(e: unknown): e is PaymentError {
  if (e instanceof PaymentError) return true;
  if (typeof e !== "object" || e === null) return false;
  const candidate = e as { name?: unknown; code?: unknown; details?: unknown };
  return (
    candidate.name === "PaymentError" &&
    isPaymentErrorCode(candidate.code) &&
    typeof candidate.details === "object" &&
    candidate.details !== null
  );
}

export function notFound(entity: string, id: string): PaymentError {
  return new PaymentError("not_found", `${entity} not found`, { entity, id });
}

export function validation(message: string, field?: string, details: PaymentErrorDetails = {}): PaymentError {
  return new PaymentError("validation", message, field === undefined ? details : { ...details, field });
}

export function currencyMismatch(expected: string, actual: string): PaymentError {
  return new PaymentError("currency_mismatch", "Currencies do not match", { expected, actual });
}

export function versionConflict(currentVersion: number, expectedVersion?: number): PaymentError {
  return new PaymentError(
    "version_conflict",
    "The resource was modified concurrently",
    expectedVersion === undefined ? { currentVersion } : { currentVersion, expectedVersion },
  );
}

export function invalidState(message: string, details: PaymentErrorDetails = {}): PaymentError {
  return new PaymentError("invalid_state", message, details);
}
