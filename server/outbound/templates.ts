// Email templates (English; the shopper-UX issue translates them): subject and text, with money and dates in the
// shopper's locale and currency.
import { fromMinor, formatMoney } from "../core/money";
import { parseCurrencyCode } from "../core/currencies";

export type Mail = { subject: string; text: string };

const money = (minor: number, currency: string, locale: string) => {
  try {
    return formatMoney(fromMinor(minor, parseCurrencyCode(currency)), locale);
  } catch {
    return formatMoney(fromMinor(minor, parseCurrencyCode(currency)), "en");
  }
};

export function orderConfirmation(o: { number: string; currency: string; total: number; locale: string; lines: { name: string; quantity: number; unitPrice: number }[]; url: string }): Mail {
  const lines = o.lines.map((l) => `  ${l.quantity} × ${l.name} — ${money(l.unitPrice * l.quantity, o.currency, o.locale)}`).join("\n");
  return {
    subject: `Your order ${o.number}`,
    text: `Thank you for your order.\n\nOrder ${o.number}\n${lines}\n\nTotal: ${money(o.total, o.currency, o.locale)}\n\nSee it here: ${o.url}\n`,
  };
}

export function refundNotice(r: { orderNumber: string | null; amount: number; currency: string; locale: string; url: string }): Mail {
  const what = r.orderNumber ? `your order ${r.orderNumber}` : "your payment";
  return {
    subject: r.orderNumber ? `A refund for order ${r.orderNumber}` : "A refund of your payment",
    text: `We refunded ${money(r.amount, r.currency, r.locale)} of ${what}. Depending on your bank it reaches your account within a few days.\n\nDetails: ${r.url}\n`,
  };
}

export function passwordReset(p: { url: string; minutes: number }): Mail {
  return {
    subject: "Reset your password",
    text: `Someone asked to reset the password of your account. If it was you, choose a new one here (the link works once, for ${p.minutes} minutes):\n\n${p.url}\n\nIf it was not you, ignore this mail; your password stays as it is.\n`,
  };
}
