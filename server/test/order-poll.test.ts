// The order page's polling schedule (components/checkout/poll.ts): backoff from 1 s doubling to a 15 s cap, and it
// stops once the order's payment state cannot change by waiting. Every OrderPaymentStatus is classified.
import { describe, expect, it } from "vitest";
import { isSettled, nextPoll, POLL_MAX_ASKS, pollDelay } from "../../components/checkout/poll";
import { OrderPaymentStatus } from "../db/generated/enums";

describe("order page polling", () => {
  it("backs off 1 s, 2 s, 4 s, 8 s, then every 15 s", () => {
    expect([1, 2, 3, 4, 5, 6, 50].map(pollDelay)).toEqual([1000, 2000, 4000, 8000, 15_000, 15_000, 15_000]);
    expect(pollDelay(0)).toBe(1000);
  });

  it("polls only while the payment is awaiting; every other status is settled", () => {
    const all = Object.values(OrderPaymentStatus);
    expect(all.filter((s) => !isSettled(s))).toEqual(["awaiting"]);
    for (const s of ["paid", "authorized", "not_paid", "canceled", "refunded"]) expect(isSettled(s)).toBe(true);
  });

  it("gives up after about ten minutes of asking, and never polls a settled or unknown order", () => {
    let waited = 0;
    for (let asked = 1; asked < POLL_MAX_ASKS; asked++) waited += nextPoll("awaiting", asked) as number;
    expect(waited).toBeGreaterThanOrEqual(9 * 60_000);
    expect(waited).toBeLessThanOrEqual(11 * 60_000);
    expect(nextPoll("awaiting", POLL_MAX_ASKS)).toBe(false);
    expect(nextPoll("paid", 1)).toBe(false);
    expect(nextPoll(undefined, 1)).toBe(false);
  });
});
