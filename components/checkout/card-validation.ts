// Client-side checks for the test-card form. The server checks again; these only give fast, clear messages.
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

export function parseExpiry(value: string, now = new Date()): { month: number; year: number } | string {
  const m = value.trim().match(/^(\d{2})\s*\/\s*(\d{2}|\d{4})$/);
  if (!m) return "Enter the expiry date as MM/YY.";
  const month = Number(m[1]);
  const year = m[2]!.length === 2 ? 2000 + Number(m[2]) : Number(m[2]);
  if (month < 1 || month > 12) return "The expiry month must be 01 to 12.";
  if (year * 12 + month < now.getUTCFullYear() * 12 + now.getUTCMonth() + 1) return "This card has expired.";
  return { month, year };
}

export type CardErrors = Partial<Record<"number" | "expiry" | "cvc", string>>;

export function validateCard(input: { number: string; expiry: string; cvc: string }): CardErrors {
  const errors: CardErrors = {};
  if (!digitsOnly(input.number)) errors.number = "Enter your card number.";
  else if (!luhn(input.number)) errors.number = "This card number is not valid.";
  const exp = parseExpiry(input.expiry);
  if (typeof exp === "string") errors.expiry = exp;
  if (!/^\d{3,4}$/.test(input.cvc.trim())) errors.cvc = "Enter the 3 or 4 digit security code.";
  return errors;
}

const DECLINES: Record<string, string> = {
  generic_decline: "Your card was declined. Try another card.",
  insufficient_funds: "Your card has insufficient funds. Try another card.",
  card_not_supported: "This card is not supported. Try another card.",
  expired_card: "Your card has expired. Try another card.",
  incorrect_number: "Your card number is incorrect.",
  payment_intent_authentication_failure: "The payment was not confirmed, so nothing was charged. Try again or use another card.",
};

export function declineMessage(code: string, declineCode: string | null): string {
  return DECLINES[declineCode ?? ""] ?? DECLINES[code] ?? "The payment did not go through. Try another card.";
}
