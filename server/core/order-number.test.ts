import { describe, it, expect } from "vitest";
import { ORDER_NUMBER_ALPHABET, ORDER_NUMBER_PATTERN, formatOrderNumber, isOrderNumber } from "./order-number";

describe("formatOrderNumber", () => {
  it("has the ORD-YYYYMMDD-XXXX shape", () => {
    for (let i = 0; i < 1000; i++) {
      const n = formatOrderNumber(new Date("2026-03-07T12:00:00Z"));
      expect(n).toMatch(/^ORD-20260307-[2-9A-HJ-NP-Z]{4}$/);
      expect(n).toMatch(ORDER_NUMBER_PATTERN);
      expect(isOrderNumber(n)).toBe(true);
    }
  });

  it("uses the UTC date", () => {
    // 23:30 on 31 Dec in New York is already 1 Jan in UTC.
    expect(formatOrderNumber(new Date("2025-12-31T23:30:00-05:00"), () => 0)).toBe("ORD-20260101-2222");
    expect(formatOrderNumber(new Date("2026-01-01T00:30:00+02:00"), () => 0)).toBe("ORD-20251231-2222");
  });

  it("maps the random source onto the alphabet", () => {
    const seq = [0, 0.5, 0.999999, 31 / 32];
    let i = 0;
    expect(formatOrderNumber(new Date(Date.UTC(2026, 10, 23)), () => seq[i++] ?? 0)).toBe("ORD-20261123-2JZZ");
  });

  it("uses an unambiguous alphabet", () => {
    expect(ORDER_NUMBER_ALPHABET).toHaveLength(32);
    expect(new Set(ORDER_NUMBER_ALPHABET).size).toBe(32);
    expect(ORDER_NUMBER_ALPHABET).not.toMatch(/[01OI]/);
  });

  it("rejects a bad date or random source", () => {
    expect(() => formatOrderNumber(new Date("nope"))).toThrow(RangeError);
    expect(() => formatOrderNumber(new Date(), () => 1)).toThrow(RangeError);
    expect(() => formatOrderNumber(new Date(), () => -0.1)).toThrow(RangeError);
    expect(() => formatOrderNumber(new Date(), () => NaN)).toThrow(RangeError);
  });

  it("rejects strings of the wrong shape", () => {
    expect(isOrderNumber("ORD-20260307-0OIL")).toBe(false);
    expect(isOrderNumber("ord-20260307-ABCD")).toBe(false);
    expect(isOrderNumber("ORD-2026037-ABCD")).toBe(false);
  });
});
