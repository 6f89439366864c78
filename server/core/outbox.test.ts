import { describe, expect, it } from "vitest";
import { paymentEvents } from "./outbox";

const p = (o: Partial<{ status: string; authorizedMinor: bigint; capturedMinor: bigint; refundedMinor: bigint; flag: string | null }>) => ({
  id: "pay_x", currency: "EUR", amountPlannedMinor: 2600n, providerId: "pp_kassa_test", source: "checkout", customerId: null, collectionId: null,
  status: "initial", authorizedMinor: 0n, capturedMinor: 0n, refundedMinor: 0n, flag: null, ...o,
});

describe("the events a payment's change makes", () => {
  it("names each increase once, with its amount", () => {
    expect(paymentEvents(null, p({ status: "captured", authorizedMinor: 2600n, capturedMinor: 2600n }))).toEqual([
      { type: "payment.authorized", amount: 2600 },
      { type: "payment.captured", amount: 2600 },
    ]);
    expect(paymentEvents(p({ status: "captured", authorizedMinor: 2600n, capturedMinor: 2600n }), p({ status: "partially_refunded", authorizedMinor: 2600n, capturedMinor: 2600n, refundedMinor: 500n }))).toEqual([{ type: "payment.refunded", amount: 500 }]);
  });
  it("tells a bounced refund, a flag, a cancellation and a failure", () => {
    expect(paymentEvents(p({ status: "refunded", authorizedMinor: 2600n, capturedMinor: 2600n, refundedMinor: 2600n }), p({ status: "captured", authorizedMinor: 2600n, capturedMinor: 2600n, refundedMinor: 0n }))).toEqual([{ type: "payment.refund_failed", amount: 2600 }]);
    expect(paymentEvents(p({ status: "authorized", authorizedMinor: 2600n }), p({ status: "canceled", authorizedMinor: 2600n, flag: "retired_session" })).map((e) => e.type)).toEqual(["payment.flagged", "payment.canceled"]);
    expect(paymentEvents(p({ status: "pending" }), p({ status: "failed" }))).toEqual([{ type: "payment.failed" }]);
    expect(paymentEvents(p({ status: "authorized", authorizedMinor: 2600n }), p({ status: "authorized", authorizedMinor: 2600n }))).toEqual([]);
  });
});
