// The server components' side of ./format.ts: the same money and date formats for this request's locale and time zone.
import { getFormatter, getLocale } from "next-intl/server";
import { formatMoney, type Money } from "~/server/core/money";
import { DATE_TIME } from "./format";

export async function getFormats(): Promise<{ money: (m: Money) => string; dateTime: (d: Date | string) => string }> {
  const [locale, f] = await Promise.all([getLocale(), getFormatter()]);
  return { money: (m) => formatMoney(m, locale), dateTime: (d) => f.dateTime(new Date(d), DATE_TIME) };
}

/** A catalog's words for a value the data names (a provider id, a transaction type), or the value itself when it has none. */
export function wordOr<T extends { has: (key: never) => boolean; (key: never): string }>(t: T, key: string, value: string = key): string {
  return t.has(key as never) ? t(key as never) : value;
}
