// The language switcher: one form, a button per language, posted to a server action (works without JavaScript; the
// page re-renders in the chosen language at the same URL).
import { getLocale, getTranslations } from "next-intl/server";
import { LOCALE_NAMES, LOCALES } from "~/server/core/locales";
import { setLocale } from "~/server/i18n/actions";

export async function LocaleSwitcher() {
  const [locale, t] = await Promise.all([getLocale(), getTranslations("header")]);
  return (
    <form action={setLocale} className="locale-switch" aria-label={t("language")} data-testid="locale-switch">
      {LOCALES.map((l) => (
        <button
          key={l}
          type="submit"
          name="locale"
          value={l}
          lang={l}
          className="link-button"
          aria-current={l === locale ? "true" : undefined}
          data-testid={`locale-${l}`}
        >
          {LOCALE_NAMES[l]}
        </button>
      ))}
    </form>
  );
}
