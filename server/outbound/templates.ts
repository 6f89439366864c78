// Email templates in the shopper's language (server/i18n/messages/*.json, the `mail` catalog; the order's, else the
// customer's locale): subject and text, with money in that locale and the currency's own digits.
import { createTranslator } from "use-intl/core";
import { fromMinor, formatMoney } from "../core/money";
import { parseCurrencyCode } from "../core/currencies";
import { supportedLocale, type Locale } from "../core/locales";
import en from "../i18n/messages/en.json";
import de from "../i18n/messages/de.json";
import ja from "../i18n/messages/ja.json";

export type Mail = { subject: string; text: string };

const CATALOGS = { en, de, ja } as const;

function mailTranslator(locale: Locale) {
  return createTranslator({ locale, messages: CATALOGS[locale], namespace: "mail" });
}

const money = (minor: number, currency: string, locale: string) => formatMoney(fromMinor(minor, parseCurrencyCode(currency)), locale);

export function orderConfirmation(o: { number: string; currency: string; total: number; locale: string; lines: { name: string; quantity: number; unitPrice: number }[]; url: string }): Mail {
  const locale = supportedLocale(o.locale);
  const t = mailTranslator(locale);
  const lines = o.lines.map((l) => `  ${l.quantity} × ${l.name} — ${money(l.unitPrice * l.quantity, o.currency, locale)}`).join("\n");
  return {
    subject: t("orderSubject", { number: o.number }),
    text: t("orderText", { number: o.number, lines, total: money(o.total, o.currency, locale), url: o.url }),
  };
}

export function refundNotice(r: { orderNumber: string | null; amount: number; currency: string; locale: string; url: string }): Mail {
  const locale = supportedLocale(r.locale);
  const t = mailTranslator(locale);
  const amount = money(r.amount, r.currency, locale);
  return r.orderNumber
    ? { subject: t("refundSubjectOrder", { number: r.orderNumber }), text: t("refundTextOrder", { amount, number: r.orderNumber, url: r.url }) }
    : { subject: t("refundSubjectPayment"), text: t("refundTextPayment", { amount, url: r.url }) };
}

export function passwordReset(p: { url: string; minutes: number; locale: string }): Mail {
  const t = mailTranslator(supportedLocale(p.locale));
  return { subject: t("resetSubject"), text: t("resetText", { minutes: p.minutes, url: p.url }) };
}
