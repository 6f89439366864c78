/**
 * Money as integer minor units, after dinero.js v2 without the calculator generics:
 * the currency is a type parameter, so `add(usd, eur)` does not compile (see money.typetest.ts),
 * and every operation re-checks it at run time for values typed as plain `Money`.
 */
import { currencyExponent, type CurrencyCode } from "./currencies";
import { PaymentError } from "./errors";

export type Money<C extends CurrencyCode = CurrencyCode> = {
  readonly amount: number;
  readonly currency: C;
};

export type MoneyOptions = { allowNegative?: boolean };

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

function invalid(message: string, details: Record<string, unknown> = {}): PaymentError {
  return new PaymentError("validation", message, { field: "amount", ...details });
}

function checked(amount: number, opts?: MoneyOptions): number {
  if (!Number.isSafeInteger(amount)) throw invalid("Amount must be a safe integer of minor units", { amount });
  if (amount < 0 && !opts?.allowNegative) throw invalid("Amount must not be negative", { amount });
  return amount === 0 ? 0 : amount; // no -0
}

function assertSameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) {
    throw new PaymentError("currency_mismatch", "Currencies do not match", { expected: a.currency, actual: b.currency });
  }
}

export function money<C extends CurrencyCode>(amount: number, currency: C, opts?: MoneyOptions): Money<C> {
  currencyExponent(currency);
  return Object.freeze({ amount: checked(amount, opts), currency });
}

/** Parses a major-unit decimal string ("112.00", "4200", "5.125") digit by digit. Excess precision is rejected, never rounded. */
export function parseDecimal<C extends CurrencyCode>(input: string, currency: C, opts?: MoneyOptions): Money<C> {
  const exponent = currencyExponent(currency);
  const match = typeof input === "string" && input.length <= 40 ? DECIMAL.exec(input) : null;
  if (!match) throw invalid("Amount must be a plain decimal number", { value: input });
  const [, sign = "", whole = "", fraction = ""] = match;
  if (sign && !opts?.allowNegative) throw invalid("Amount must not be negative", { value: input });
  if (fraction.length > exponent && /[^0]/.test(fraction.slice(exponent))) {
    throw invalid("Amount has more decimal places than the currency allows", { value: input, currency, exponent });
  }
  const minor = BigInt(whole + fraction.slice(0, exponent).padEnd(exponent, "0"));
  if (minor > MAX_SAFE) throw invalid("Amount is too large", { value: input });
  return money(sign === "-" ? -Number(minor) : Number(minor), currency, opts);
}

/** A JSON number in major units, read through its shortest string form: 12.5 -> "12.5"; 1e21 and 0.1 + 0.2 are rejected. */
export function fromJsonNumber<C extends CurrencyCode>(n: number, currency: C, opts?: MoneyOptions): Money<C> {
  if (typeof n !== "number" || !Number.isFinite(n)) throw invalid("Amount must be a finite number", { value: n });
  const text = String(n);
  if (/e/i.test(text)) throw invalid("Amount is out of range", { value: n });
  return parseDecimal(text, currency, opts);
}

/** Fixed currency digits: "112.00", "4200", "5.125", "-0.50". */
export function toDecimalString(m: Money): string {
  const exponent = currencyExponent(m.currency);
  const digits = String(Math.abs(m.amount)).padStart(exponent + 1, "0");
  const sign = m.amount < 0 ? "-" : "";
  if (exponent === 0) return sign + digits;
  return `${sign}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}

/** For wire formats that send major units as JSON numbers (28, 12.5). */
export function toMajorNumber(m: Money): number {
  return Number(toDecimalString(m));
}

export function add<C extends CurrencyCode>(a: Money<C>, b: Money<NoInfer<C>>): Money<C> {
  assertSameCurrency(a, b);
  return money(a.amount + b.amount, a.currency, { allowNegative: true });
}

export function subtract<C extends CurrencyCode>(a: Money<C>, b: Money<NoInfer<C>>, opts?: MoneyOptions): Money<C> {
  assertSameCurrency(a, b);
  return money(a.amount - b.amount, a.currency, opts);
}

export function multiply<C extends CurrencyCode>(m: Money<C>, quantity: number, opts?: MoneyOptions): Money<C> {
  if (!Number.isSafeInteger(quantity)) throw invalid("Quantity must be an integer", { field: "quantity", quantity });
  return money(m.amount * quantity, m.currency, { allowNegative: opts?.allowNegative ?? m.amount < 0 });
}

export function compare<C extends CurrencyCode>(a: Money<C>, b: Money<NoInfer<C>>): -1 | 0 | 1 {
  assertSameCurrency(a, b);
  return a.amount < b.amount ? -1 : a.amount > b.amount ? 1 : 0;
}

export function equals<C extends CurrencyCode>(a: Money<C>, b: Money<NoInfer<C>>): boolean {
  return compare(a, b) === 0;
}

export function isZero(m: Money): boolean {
  return m.amount === 0;
}

export function sum<C extends CurrencyCode>(list: readonly Money<NoInfer<C>>[], currency: C): Money<C> {
  return list.reduce<Money<C>>((total, m) => add(total, m), money(0, currency));
}

/** Splits `m` by integer ratios; the remainder goes one unit at a time to the largest remainders, so the parts sum to the whole. */
export function allocate<C extends CurrencyCode>(m: Money<C>, ratios: readonly number[]): Money<C>[] {
  if (ratios.length === 0 || ratios.some((r) => !Number.isSafeInteger(r) || r < 0)) {
    throw invalid("Ratios must be non-negative integers", { field: "ratios", ratios });
  }
  const total = ratios.reduce((a, r) => a + BigInt(r), 0n);
  if (total === 0n) throw invalid("Ratios must not all be zero", { field: "ratios", ratios });
  const whole = BigInt(m.amount);
  const parts = ratios.map((r) => (whole * BigInt(r)) / total); // truncates toward zero
  const remainders = ratios.map((r, i) => ({ i, rem: (whole * BigInt(r)) % total }));
  let left = whole - parts.reduce((a, p) => a + p, 0n);
  const step = left < 0n ? -1n : 1n;
  remainders.sort((x, y) => {
    const dx = x.rem < 0n ? -x.rem : x.rem;
    const dy = y.rem < 0n ? -y.rem : y.rem;
    return dx === dy ? x.i - y.i : dx > dy ? -1 : 1;
  });
  for (const { i } of remainders) {
    if (left === 0n) break;
    parts[i] = (parts[i] ?? 0n) + step;
    left -= step;
  }
  return parts.map((p) => money(Number(p), m.currency, { allowNegative: m.amount < 0 }));
}

/** From the Prisma `BigInt` column (or a number) with a safe-integer check. */
export function fromMinor<C extends CurrencyCode>(value: bigint | number, currency: C, opts?: MoneyOptions): Money<C> {
  if (typeof value === "bigint" && (value > MAX_SAFE || value < -MAX_SAFE)) {
    throw invalid("Amount is too large", { value: value.toString() });
  }
  return money(Number(value), currency, opts);
}

export function toBigInt(m: Money): bigint {
  return BigInt(checked(m.amount, { allowNegative: true }));
}

/** "$28.00", "€26.00", "¥4,200"; formatted from the exact decimal string, never from a float division. */
export function formatMoney(m: Money, locale = "en-US"): string {
  const digits = currencyExponent(m.currency);
  const format = new Intl.NumberFormat(locale, {
    style: "currency",
    currency: m.currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  // Intl.NumberFormat v3 (Node >= 19, current browsers) formats decimal strings exactly; lib ES2022 only types number | bigint.
  return format.format(toDecimalString(m) as unknown as number);
}
