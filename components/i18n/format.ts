// Money and dates in the shopper's language and time zone, for client components (next-intl's locale and time zone,
// which the root layout provides). Money goes through our own formatter: exact decimals with the currency's ISO 4217
// digits, never a float ("4.200 ¥" in German, "￥4,200" in Japanese, "$28.00" in English).
import { useFormatter, useLocale } from "next-intl";
import { useCallback } from "react";
import { formatMoney, type Money } from "~/server/core/money";

export const DATE_TIME = { dateStyle: "medium", timeStyle: "short" } as const;

export function useMoney(): (m: Money) => string {
  const locale = useLocale();
  return useCallback((m: Money) => formatMoney(m, locale), [locale]);
}

export function useDateTime(): (d: Date | string) => string {
  const f = useFormatter();
  return useCallback((d: Date | string) => f.dateTime(new Date(d), DATE_TIME), [f]);
}
