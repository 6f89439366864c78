// The 503 state: the database (or another service) is away, and a page says so in words instead of an error page.
import Link from "next/link";
import { getTranslations } from "next-intl/server";

/** The database (or another service) is away: what a shopper reads instead of an error page. */
export async function Unavailable({ retryHref }: { retryHref?: string }) {
  const [t, tCommon] = await Promise.all([getTranslations("states"), getTranslations("common")]);
  return (
    <section className="state" aria-labelledby="unavailable-title" data-testid="unavailable">
      <h1 id="unavailable-title">{t("unavailableTitle")}</h1>
      <p>{t("unavailableText")}</p>
      <p>{t("unavailableRetry")}</p>
      <p className="state-actions">
        <a className="button" href={retryHref ?? ""}>
          {tCommon("tryAgain")}
        </a>
        <Link href="/">{tCommon("backToShop")}</Link>
      </p>
    </section>
  );
}
