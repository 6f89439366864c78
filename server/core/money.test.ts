import { describe, it, expect } from "vitest";
import type { CurrencyCode } from "./currencies";
import { PaymentError } from "./errors";
import {
  add,
  allocate,
  compare,
  equals,
  formatMoney,
  fromJsonNumber,
  fromMinor,
  isZero,
  money,
  multiply,
  parseDecimal,
  subtract,
  sum,
  toBigInt,
  toDecimalString,
  toMajorNumber,
  type Money,
} from "./money";

function errorCode(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof PaymentError ? e.code : `not a PaymentError: ${String(e)}`;
  }
  return undefined;
}

const usd = (n: number) => money(n, "USD");
const eur = (n: number) => money(n, "EUR");

describe("money", () => {
  it("accepts non-negative safe integers", () => {
    expect(money(0, "USD")).toEqual({ amount: 0, currency: "USD" });
    expect(money(Number.MAX_SAFE_INTEGER, "JPY").amount).toBe(Number.MAX_SAFE_INTEGER);
  });

  it("rejects non-integers, unsafe integers, NaN, Infinity and negatives", () => {
    for (const bad of [1.5, 0.1, NaN, Infinity, -Infinity, Number.MAX_SAFE_INTEGER + 1, -1]) {
      expect(errorCode(() => money(bad, "USD")), String(bad)).toBe("validation");
    }
  });

  it("accepts negatives when asked", () => {
    expect(money(-50, "USD", { allowNegative: true }).amount).toBe(-50);
  });

  it("rejects an unknown currency at run time", () => {
    expect(errorCode(() => money(1, "ZZZ" as CurrencyCode))).toBe("validation");
  });

  it("is immutable", () => {
    expect(Object.isFrozen(usd(1))).toBe(true);
  });
});

describe("parseDecimal", () => {
  it.each([
    ["112.00", "USD", 11200],
    ["5.1", "USD", 510],
    ["0.01", "USD", 1],
    ["0", "USD", 0],
    ["26", "EUR", 2600],
    ["26.5", "EUR", 2650],
    ["4200", "JPY", 4200],
    ["4200.00", "JPY", 4200],
    ["5.125", "KWD", 5125],
    ["5.1", "KWD", 5100],
    ["1.5000", "USD", 150],
    ["007.50", "USD", 750],
    ["90071992547409.91", "USD", Number.MAX_SAFE_INTEGER],
  ] as const)("parses %s %s as %d minor units", (input, currency, amount) => {
    expect(parseDecimal(input, currency)).toEqual({ amount, currency });
  });

  it.each([
    ["1.005", "USD"],
    ["1.5", "JPY"],
    ["1.01", "JPY"],
    ["5.1255", "KWD"],
    ["-1", "USD"],
    ["-0", "USD"],
    ["1e3", "USD"],
    ["1E3", "USD"],
    ["NaN", "USD"],
    ["Infinity", "USD"],
    ["", "USD"],
    [" 1", "USD"],
    ["1 ", "USD"],
    ["1.", "USD"],
    [".5", "USD"],
    ["+1", "USD"],
    ["1,00", "USD"],
    ["0x10", "USD"],
    ["١٢", "USD"],
    ["90071992547409.92", "USD"],
    ["9007199254740992", "JPY"],
    ["1".repeat(100), "JPY"],
  ] as const)("refuses %j %s with validation", (input, currency) => {
    expect(errorCode(() => parseDecimal(input, currency))).toBe("validation");
  });

  it("accepts negatives only when asked", () => {
    expect(parseDecimal("-1.25", "USD", { allowNegative: true }).amount).toBe(-125);
    expect(parseDecimal("-0", "USD", { allowNegative: true }).amount).toBe(0);
    expect(Object.is(parseDecimal("-0", "USD", { allowNegative: true }).amount, -0)).toBe(false);
  });
});

describe("fromJsonNumber", () => {
  it("reads through the shortest string form", () => {
    expect(fromJsonNumber(28, "USD").amount).toBe(2800);
    expect(fromJsonNumber(12.5, "USD").amount).toBe(1250);
    expect(fromJsonNumber(0.29, "USD").amount).toBe(29); // 0.29 * 100 === 28.999999999999996
    expect(fromJsonNumber(1.15, "EUR").amount).toBe(115);
    expect(fromJsonNumber(4200, "JPY").amount).toBe(4200);
    expect(fromJsonNumber(5.125, "KWD").amount).toBe(5125);
    expect(fromJsonNumber(-0, "USD").amount).toBe(0);
  });

  it("refuses floats that are not what they look like, exponents and non-finite values", () => {
    for (const bad of [0.1 + 0.2, 1.005, 1e21, 1e-7, NaN, Infinity, -1]) {
      expect(errorCode(() => fromJsonNumber(bad, "USD")), String(bad)).toBe("validation");
    }
    expect(errorCode(() => fromJsonNumber(1.5, "JPY"))).toBe("validation");
  });
});

describe("toDecimalString and toMajorNumber", () => {
  it("uses the currency's fixed digits", () => {
    expect(toDecimalString(usd(11200))).toBe("112.00");
    expect(toDecimalString(usd(5))).toBe("0.05");
    expect(toDecimalString(usd(0))).toBe("0.00");
    expect(toDecimalString(eur(2600))).toBe("26.00");
    expect(toDecimalString(money(4200, "JPY"))).toBe("4200");
    expect(toDecimalString(money(5125, "KWD"))).toBe("5.125");
    expect(toDecimalString(money(7, "KWD"))).toBe("0.007");
    expect(toDecimalString(money(-50, "USD", { allowNegative: true }))).toBe("-0.50");
  });

  it("gives JSON numbers for wire formats that send them", () => {
    expect(toMajorNumber(usd(2800))).toBe(28);
    expect(toMajorNumber(usd(1250))).toBe(12.5);
    expect(toMajorNumber(usd(29))).toBe(0.29);
    expect(toMajorNumber(money(4200, "JPY"))).toBe(4200);
    expect(toMajorNumber(money(5125, "KWD"))).toBe(5.125);
  });

  it("round-trips through parseDecimal and fromJsonNumber", () => {
    for (const currency of ["USD", "EUR", "JPY", "KWD"] as const) {
      for (let amount = 0; amount < 20_000; amount += 37) {
        const m = money(amount, currency);
        expect(parseDecimal(toDecimalString(m), currency)).toEqual(m);
        expect(fromJsonNumber(toMajorNumber(m), currency)).toEqual(m);
      }
    }
  });
});

describe("formatMoney", () => {
  it("formats with the currency's exponent", () => {
    expect(formatMoney(usd(2800))).toBe("$28.00");
    expect(formatMoney(eur(2600))).toBe("€26.00");
    expect(formatMoney(money(4200, "JPY"))).toBe("¥4,200");
    expect(formatMoney(money(5125, "KWD"))).toMatch(/^KWD\s5\.125$/);
    expect(formatMoney(usd(123456789))).toBe("$1,234,567.89");
  });

  it("is exact for amounts a float division would blur", () => {
    expect(formatMoney(money(Number.MAX_SAFE_INTEGER, "USD"))).toBe("$90,071,992,547,409.91");
  });

  it("honours the locale", () => {
    expect(formatMoney(eur(123456), "de-DE")).toMatch(/^1\.234,56\s€$/);
  });
});

describe("arithmetic", () => {
  it("adds, subtracts, multiplies and compares", () => {
    expect(add(usd(150), usd(250))).toEqual(usd(400));
    expect(subtract(usd(400), usd(150))).toEqual(usd(250));
    expect(multiply(usd(1250), 3)).toEqual(usd(3750));
    expect(multiply(money(5125, "KWD"), 0)).toEqual(money(0, "KWD"));
    expect(compare(usd(1), usd(2))).toBe(-1);
    expect(compare(usd(2), usd(2))).toBe(0);
    expect(compare(usd(3), usd(2))).toBe(1);
    expect(equals(money(4200, "JPY"), money(4200, "JPY"))).toBe(true);
    expect(isZero(usd(0))).toBe(true);
    expect(isZero(usd(1))).toBe(false);
  });

  it("refuses a negative difference unless asked", () => {
    expect(errorCode(() => subtract(usd(1), usd(2)))).toBe("validation");
    expect(subtract(usd(1), usd(2), { allowNegative: true }).amount).toBe(-1);
  });

  it("refuses fractional and negative quantities, and overflow", () => {
    expect(errorCode(() => multiply(usd(100), 1.5))).toBe("validation");
    expect(errorCode(() => multiply(usd(100), -1))).toBe("validation");
    expect(errorCode(() => multiply(usd(Number.MAX_SAFE_INTEGER), 2))).toBe("validation");
    expect(errorCode(() => add(usd(Number.MAX_SAFE_INTEGER), usd(1)))).toBe("validation");
  });

  it("sums a list, empty included", () => {
    expect(sum([usd(1), usd(2), usd(3)], "USD")).toEqual(usd(6));
    expect(sum([], "JPY")).toEqual(money(0, "JPY"));
  });

  it("throws currency_mismatch when currencies differ at run time", () => {
    const a: Money = usd(100);
    const b: Money = eur(100);
    expect(errorCode(() => add(a, b))).toBe("currency_mismatch");
    expect(errorCode(() => subtract(a, b))).toBe("currency_mismatch");
    expect(errorCode(() => compare(a, b))).toBe("currency_mismatch");
    expect(errorCode(() => equals(a, b))).toBe("currency_mismatch");
    // Currencies read at run time are typed CurrencyCode, not a literal.
    const usdCode = "USD" as CurrencyCode;
    const eurCode = "EUR" as CurrencyCode;
    expect(errorCode(() => sum([a, b], usdCode))).toBe("currency_mismatch");
    expect(errorCode(() => sum([a], eurCode))).toBe("currency_mismatch");
  });
});

describe("allocate", () => {
  it("hands the remainder to the largest remainders", () => {
    expect(allocate(usd(100), [1, 1, 1]).map((m) => m.amount)).toEqual([34, 33, 33]);
    expect(allocate(usd(5), [1, 1, 1]).map((m) => m.amount)).toEqual([2, 2, 1]);
    expect(allocate(usd(1003), [50, 50]).map((m) => m.amount)).toEqual([502, 501]);
    expect(allocate(usd(100), [70, 30]).map((m) => m.amount)).toEqual([70, 30]);
    expect(allocate(usd(10), [1, 2]).map((m) => m.amount)).toEqual([3, 7]);
    expect(allocate(usd(7), [0, 1, 0]).map((m) => m.amount)).toEqual([0, 7, 0]);
    expect(allocate(money(4200, "JPY"), [1, 1, 1, 1, 1]).map((m) => m.amount)).toEqual([840, 840, 840, 840, 840]);
    expect(allocate(money(5125, "KWD"), [1, 1]).every((m) => m.currency === "KWD")).toBe(true);
  });

  it("always sums to the whole (property-style)", () => {
    let seed = 42;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (const currency of ["USD", "EUR", "JPY", "KWD"] as const) {
      for (let round = 0; round < 500; round++) {
        const whole = money(next(1_000_000), currency);
        const ratios = Array.from({ length: 1 + next(7) }, () => next(100));
        if (!ratios.some((r) => r > 0)) ratios[0] = 1;
        const parts = allocate(whole, ratios);
        expect(parts).toHaveLength(ratios.length);
        expect(sum(parts, currency)).toEqual(whole);
        parts.forEach((p, i) => {
          const exact = (whole.amount * (ratios[i] ?? 0)) / ratios.reduce((a, r) => a + r, 0);
          expect(Math.abs(p.amount - exact)).toBeLessThan(1);
          if (ratios[i] === 0) expect(p.amount).toBe(0);
        });
      }
    }
  });

  it("handles huge amounts without losing precision", () => {
    const whole = money(Number.MAX_SAFE_INTEGER, "IDR");
    const parts = allocate(whole, [3, 3, 3]);
    expect(parts.reduce((a, p) => a + BigInt(p.amount), 0n)).toBe(BigInt(Number.MAX_SAFE_INTEGER));
  });

  it("splits negative amounts towards zero consistently", () => {
    const parts = allocate(money(-100, "USD", { allowNegative: true }), [1, 1, 1]);
    expect(parts.map((m) => m.amount)).toEqual([-34, -33, -33]);
  });

  it("rejects bad ratios", () => {
    for (const ratios of [[], [0, 0], [-1, 2], [1.5, 1], [NaN]]) {
      expect(errorCode(() => allocate(usd(100), ratios)), JSON.stringify(ratios)).toBe("validation");
    }
  });
});

describe("Prisma BigInt boundary", () => {
  it("converts both ways", () => {
    expect(fromMinor(11200n, "USD")).toEqual(usd(11200));
    expect(fromMinor(4200, "JPY")).toEqual(money(4200, "JPY"));
    expect(toBigInt(usd(11200))).toBe(11200n);
    const big = money(Number.MAX_SAFE_INTEGER, "VND");
    expect(fromMinor(toBigInt(big), "VND")).toEqual(big);
  });

  it("refuses values beyond the safe-integer range", () => {
    expect(errorCode(() => fromMinor(BigInt(Number.MAX_SAFE_INTEGER) + 1n, "VND"))).toBe("validation");
    expect(errorCode(() => fromMinor(-(BigInt(Number.MAX_SAFE_INTEGER) + 1n), "VND", { allowNegative: true }))).toBe(
      "validation",
    );
    expect(errorCode(() => fromMinor(-1n, "USD"))).toBe("validation");
    expect(fromMinor(-1n, "USD", { allowNegative: true }).amount).toBe(-1);
  });
});
