// Domain error codes -> tRPC codes. Exhaustive: adding a PaymentErrorCode breaks the build until it is mapped here.
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server";
import type { PaymentErrorCode } from "../core/errors";

export const trpcCodeFor = {
  not_found: "NOT_FOUND",
  validation: "BAD_REQUEST",
  unauthorized: "UNAUTHORIZED",
  forbidden: "FORBIDDEN",
  conflict: "CONFLICT",
  version_conflict: "CONFLICT",
  currency_mismatch: "BAD_REQUEST",
  invalid_state: "CONFLICT",
  amount_exceeds_authorized: "UNPROCESSABLE_CONTENT",
  amount_exceeds_captured: "UNPROCESSABLE_CONTENT",
  provider_declined: "UNPROCESSABLE_CONTENT",
  requires_action: "UNPROCESSABLE_CONTENT",
  provider_unavailable: "SERVICE_UNAVAILABLE",
  idempotency_conflict: "CONFLICT",
  rate_limited: "TOO_MANY_REQUESTS",
  service_unavailable: "SERVICE_UNAVAILABLE",
} as const satisfies Record<PaymentErrorCode, TRPC_ERROR_CODE_KEY>;
