// The shopper's language: English, German or Japanese. Chosen by the switcher (a cookie), else the browser's
// Accept-Language (negotiated by q-value, "de-AT" counts as German), else English. The same choice is stored on the
// customer, the cart and the order, so mails speak the language the shopper used. Plain TypeScript: no Next.js here.
import Negotiator from "negotiator";

export const LOCALES = ["en", "de", "ja"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";
/** The switcher's cookie (a year; readable by the page so it can show the choice). */
export const LOCALE_COOKIE = "kassa_locale";
/** The browser's time zone as the page reports it (IANA name); dates render in it. */
export const TIME_ZONE_COOKIE = "kassa_tz";

/** Each language's own name, for the switcher. */
export const LOCALE_NAMES: Record<Locale, string> = { en: "English", de: "Deutsch", ja: "日本語" };

export function isLocale(v: unknown): v is Locale {
  return typeof v === "string" && (LOCALES as readonly string[]).includes(v);
}

/** A stored or sent locale tag ("de-DE", "ja", "fr") as one we speak, else English. */
export function supportedLocale(tag: string | null | undefined): Locale {
  const base = (tag ?? "").trim().toLowerCase().split(/[-_]/)[0];
  return isLocale(base) ? base : DEFAULT_LOCALE;
}

/** The cookie's choice when it names a language we speak, else the best match of Accept-Language, else English. */
export function pickLocale(cookie: string | null | undefined, acceptLanguage: string | null | undefined): Locale {
  if (isLocale(cookie)) return cookie;
  if (!acceptLanguage || acceptLanguage.length > 1000) return DEFAULT_LOCALE;
  // negotiator matches "de-AT" to "de" (a prefix match) and honours q=0
  const best = new Negotiator({ headers: { "accept-language": acceptLanguage } }).language([...LOCALES]);
  return isLocale(best) ? best : DEFAULT_LOCALE;
}

/** A time zone name Intl accepts, else UTC (the cookie is the browser's word: never trusted as is). */
export function supportedTimeZone(tz: string | null | undefined): string {
  if (!tz || tz.length > 64) return "UTC";
  try {
    return new Intl.DateTimeFormat("en", { timeZone: tz }).resolvedOptions().timeZone;
  } catch {
    return "UTC";
  }
}
