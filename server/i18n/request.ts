// next-intl's request configuration (wired in next.config.js): the language, messages and time zone of one request.
// No locale in URLs: the switcher's cookie, else Accept-Language (server/core/locales.ts); dates in the time zone the
// browser reported (a cookie), else UTC.
import { cookies, headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { LOCALE_COOKIE, pickLocale, supportedTimeZone, TIME_ZONE_COOKIE } from "../core/locales";
import { loadMessages } from "./messages";

export default getRequestConfig(async () => {
  const [jar, h] = await Promise.all([cookies(), headers()]);
  const locale = pickLocale(jar.get(LOCALE_COOKIE)?.value, h.get("accept-language"));
  return { locale, messages: await loadMessages(locale), timeZone: supportedTimeZone(jar.get(TIME_ZONE_COOKIE)?.value) };
});
