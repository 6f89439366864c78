import { describe, it, expect } from "vitest";
import { CURRENCIES, CURRENCY_CODES, currencyExponent, isCurrencyCode, parseCurrencyCode } from "./currencies";
import { PaymentError } from "./errors";

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof PaymentError ? e.code : "not a PaymentError";
  }
  return undefined;
}

describe("currency table", () => {
  it("has the ISO exponents", () => {
    for (const c of ["JPY", "KRW", "VND", "CLP", "ISK", "UGX", "XAF", "XOF", "XPF", "PYG", "RWF", "KMF", "GNF", "DJF", "BIF", "VUV", "UYI"] as const) {
      expect(currencyExponent(c), c).toBe(0);
    }
    for (const c of ["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"] as const) {
      expect(currencyExponent(c), c).toBe(3);
    }
    expect(currencyExponent("CLF")).toBe(4);
    expect(currencyExponent("UYW")).toBe(4);
    for (const c of ["USD", "EUR", "GBP", "CHF", "IDR", "INR", "BRL", "XCG"] as const) {
      expect(currencyExponent(c), c).toBe(2);
    }
  });

  it("lists only well-formed codes", () => {
    expect(CURRENCY_CODES.length).toBeGreaterThan(150);
    for (const code of CURRENCY_CODES) {
      expect(code).toMatch(/^[A-Z]{3}$/);
      expect([0, 2, 3, 4]).toContain(CURRENCIES[code]);
    }
  });
});

describe("isCurrencyCode", () => {
  it("accepts upper-case ISO codes only", () => {
    expect(isCurrencyCode("USD")).toBe(true);
    expect(isCurrencyCode("usd")).toBe(false);
    expect(isCurrencyCode("XAU")).toBe(false);
    expect(isCurrencyCode("HRK")).toBe(false);
    expect(isCurrencyCode("toString")).toBe(false);
    expect(isCurrencyCode(undefined)).toBe(false);
  });
});

describe("parseCurrencyCode", () => {
  it("normalises case", () => {
    expect(parseCurrencyCode("usd")).toBe("USD");
    expect(parseCurrencyCode("EUR")).toBe("EUR");
    expect(parseCurrencyCode("jpy")).toBe("JPY");
    expect(parseCurrencyCode("kwd")).toBe("KWD");
  });

  it("rejects anything else with validation", () => {
    for (const bad of ["", "US", "USDD", " usd", "usd ", "ZZZ", "XXX", "eu1", "toString", 840, null]) {
      expect(codeOf(() => parseCurrencyCode(bad)), String(bad)).toBe("validation");
    }
  });

  it("names the field", () => {
    try {
      parseCurrencyCode("nope", "amount.currency");
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(PaymentError);
      expect((e as PaymentError).details.field).toBe("amount.currency");
    }
  });
});
