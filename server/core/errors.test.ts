import { describe, it, expect } from "vitest";
import {
  PAYMENT_ERROR_CODES,
  PaymentError,
  currencyMismatch,
  invalidState,
  isPaymentError,
  isPaymentErrorCode,
  notFound,
  validation,
  versionConflict,
} from "./errors";

describe("PaymentError", () => {
  it("carries code, details, cause and name", () => {
    const cause = new Error("socket hang up");
    const e = new PaymentError("provider_unavailable", "down", { provider: "stripe" }, { cause });
    expect(e).toBeInstanceOf(Error);
    expect(e).toBeInstanceOf(PaymentError);
    expect(e.name).toBe("PaymentError");
    expect(e.code).toBe("provider_unavailable");
    expect(e.details).toEqual({ provider: "stripe" });
    expect(e.cause).toBe(cause);
  });

  it("defaults details to an empty object", () => {
    expect(new PaymentError("conflict", "x").details).toEqual({});
  });

  it("has exactly the closed set of codes", () => {
    expect([...PAYMENT_ERROR_CODES].sort()).toEqual(
      [
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
        "service_unavailable",
      ].sort(),
    );
    expect(isPaymentErrorCode("validation")).toBe(true);
    expect(isPaymentErrorCode("teapot")).toBe(false);
  });
});

describe("isPaymentError", () => {
  it("recognises PaymentError and rejects other values", () => {
    expect(isPaymentError(new PaymentError("forbidden", "no"))).toBe(true);
    expect(isPaymentError(new Error("x"))).toBe(false);
    expect(isPaymentError(null)).toBe(false);
    expect(isPaymentError("validation")).toBe(false);
    expect(isPaymentError({ name: "PaymentError", code: "bogus", details: {} })).toBe(false);
  });

  it("recognises a structurally identical error from a duplicated module", () => {
    const foreign = Object.assign(new Error("x"), { name: "PaymentError", code: "not_found", details: {} });
    expect(isPaymentError(foreign)).toBe(true);
  });
});

describe("helpers", () => {
  it("build the expected codes and details", () => {
    expect(notFound("Cart", "cart_1")).toMatchObject({ code: "not_found", details: { entity: "Cart", id: "cart_1" } });
    expect(validation("bad", "amount")).toMatchObject({ code: "validation", details: { field: "amount" } });
    expect(validation("bad").details).toEqual({});
    expect(currencyMismatch("USD", "EUR")).toMatchObject({
      code: "currency_mismatch",
      details: { expected: "USD", actual: "EUR" },
    });
    expect(versionConflict(7)).toMatchObject({ code: "version_conflict", details: { currentVersion: 7 } });
    expect(invalidState("nope", { status: "captured" })).toMatchObject({
      code: "invalid_state",
      details: { status: "captured" },
    });
  });
});
