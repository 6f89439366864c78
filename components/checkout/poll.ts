// How often the order page asks about a payment that is still settling: 1 s, 2 s, 4 s, 8 s, then every 15 s.
export const POLL_START_MS = 1000;
export const POLL_MAX_MS = 15_000;

/** The wait before the next ask, after `asked` answers so far (1 → 1 s, 2 → 2 s, 3 → 4 s, … capped at 15 s). */
export function pollDelay(asked: number): number {
  return Math.min(POLL_START_MS * 2 ** Math.max(asked - 1, 0), POLL_MAX_MS);
}

/** Order payment states that will not change by waiting: polling stops at any of these. */
export function isSettled(paymentStatus: string): boolean {
  return paymentStatus !== "awaiting";
}

/** After this many asks (1+2+4+8 s, then 15 s each: about 10 minutes) the page stops asking and offers a button. */
export const POLL_MAX_ASKS = 44;

/** The wait before the next ask, or false: settled, or asked long enough (the shopper can ask again by hand). */
export function nextPoll(paymentStatus: string | undefined, asked: number): number | false {
  if (paymentStatus === undefined || isSettled(paymentStatus) || asked >= POLL_MAX_ASKS) return false;
  return pollDelay(asked);
}
