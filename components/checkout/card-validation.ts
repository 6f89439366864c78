// Client-side checks for the test-card form. The server checks again; these only give fast, clear messages. Errors are
// message keys (the `card` and `declines` catalogs in server/i18n/messages), put into words in the shopper's language.
export function digitsOnly(s: string): string {
  return s.replace(/\D/g, "");
}

export function luhn(number: string): boolean {
  const d = digitsOnly(number);
  if (d.length < 12 || d.length > 19) return false;
  let sum = 0;
  for (let i = 0; i < d.length; i++) {
    let n = d.charCodeAt(d.length - 1 - i) - 48;
    if (i % 2 === 1 && (n *= 2) > 9) n -= 9;
    sum += n;
  }
  return sum % 10 === 0;
}

export function parseExpiry(value: string, now = new Date()): { month: number; year: number } | CardErrorKey {
  const m = value.trim().match(/^(\d{2})\s*\/\s*(\d{2}|\d{4})$/);
  if (!m) return "expiryFormat";
  const month = Number(m[1]);
  const year = m[2]!.length === 2 ? 2000 + Number(m[2]) : Number(m[2]);
  if (month < 1 || month > 12) return "expiryMonth";
  if (year * 12 + month < now.getUTCFullYear() * 12 + now.getUTCMonth() + 1) return "expired";
  return { month, year };
}

export type CardErrorKey = "numberRequired" | "numberInvalid" | "expiryFormat" | "expiryMonth" | "expired" | "cvc";
export type CardErrors = Partial<Record<"number" | "expiry" | "cvc", CardErrorKey>>;

export function validateCard(input: { number: string; expiry: string; cvc: string }): CardErrors {
  const errors: CardErrors = {};
  if (!digitsOnly(input.number)) errors.number = "numberRequired";
  else if (!luhn(input.number)) errors.number = "numberInvalid";
  const exp = parseExpiry(input.expiry);
  if (typeof exp === "string") errors.expiry = exp;
  if (!/^\d{3,4}$/.test(input.cvc.trim())) errors.cvc = "cvc";
  return errors;
}

const DECLINES = new Set(["generic_decline", "insufficient_funds", "card_not_supported", "expired_card", "incorrect_number", "payment_intent_authentication_failure"]);

/** The `declines` catalog's key for a refusal: the decline code when we have words for it, else the error code, else "other". */
export function declineKey(code: string, declineCode: string | null): string {
  if (declineCode && DECLINES.has(declineCode)) return declineCode;
  return DECLINES.has(code) ? code : "other";
}
