// Stripe's minor units differ from ISO 4217 for a few currencies (docs: "Supported currencies", zero-decimal and
// special cases). Conversion is exact or refused — never rounded.
import { currencyExponent, parseCurrencyCode, type CurrencyCode } from "../../core/currencies";
import { PaymentError } from "../../core/errors";
import type { Money } from "../../core/money";

export const STRIPE_ZERO_DECIMAL = new Set(["BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA", "PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF"]);
export const STRIPE_THREE_DECIMAL = new Set(["BHD", "JOD", "KWD", "OMR", "TND"]);

/** The number of decimals Stripe's API uses for amounts in this currency (ISK: 2 although ISO says 0). */
export function stripeExponent(currency: CurrencyCode): number {
  if (STRIPE_ZERO_DECIMAL.has(currency)) return 0;
  if (STRIPE_THREE_DECIMAL.has(currency)) return 3;
  return 2;
}

/** Our minor units -> Stripe's amount. Refuses amounts Stripe cannot represent exactly or will not accept. */
export function toStripeAmount(m: Money): number {
  const shift = stripeExponent(m.currency) - currencyExponent(m.currency);
  let amount = m.amount;
  if (shift > 0) amount = m.amount * 10 ** shift;
  if (shift < 0) {
    const div = 10 ** -shift;
    if (m.amount % div !== 0) throw new PaymentError("validation", `Stripe charges ${m.currency} in whole units only.`, { field: "amount" });
    amount = m.amount / div;
  }
  if (STRIPE_THREE_DECIMAL.has(m.currency) && amount % 10 !== 0) {
    throw new PaymentError("validation", `Stripe requires ${m.currency} amounts to end in 0 (multiples of 0.010).`, { field: "amount" });
  }
  if (m.currency === "ISK" && amount % 100 !== 0) {
    throw new PaymentError("validation", "Stripe charges ISK in whole krónur only.", { field: "amount" });
  }
  if (!Number.isSafeInteger(amount)) throw new PaymentError("validation", "The amount is too large.", { field: "amount" });
  return amount;
}

/** Stripe's amount -> our minor units for `currency` (a lower-case Stripe currency is accepted). */
export function fromStripeAmount(amount: number, currencyInput: string): number {
  const currency = parseCurrencyCode(currencyInput);
  const shift = stripeExponent(currency) - currencyExponent(currency);
  if (shift > 0) {
    const div = 10 ** shift;
    if (amount % div !== 0) throw new PaymentError("provider_unavailable", `Stripe returned a fractional ${currency} amount.`);
    return amount / div;
  }
  return shift < 0 ? amount * 10 ** -shift : amount;
}
