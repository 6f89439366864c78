// A deadline for every REST request: past it the client gets service_unavailable (503 in the dialect's shape, with
// Retry-After) instead of waiting on, for example, a database connection whose network froze without closing. The work
// itself is not cancelled and may still finish: retries are safe by the house rules (Idempotency-Key replays, guarded
// transitions), and a key whose first request is still running is refused until it ends or its lock (5 min) expires.
import { PaymentError } from "../../core/errors";
import { env } from "../../env";

let deadlineMs = env.KASSA_REQUEST_TIMEOUT_MS ?? 20_000;

export function requestDeadline(): number {
  return deadlineMs;
}

/** For tests that exercise the deadline without waiting 20 s. */
export function setRequestDeadline(ms: number): void {
  deadlineMs = ms;
}

export function withDeadline<T>(work: () => Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const ms = deadlineMs;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new PaymentError("service_unavailable", `The request did not finish within ${ms} ms; retry.`, { timeoutMs: ms })), ms);
  });
  // race() subscribes to the work, so its failing after the deadline has answered is not an unhandled rejection
  return Promise.race([work(), late]).finally(() => clearTimeout(timer));
}
