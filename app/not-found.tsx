import { getTranslations } from "next-intl/server";
import Link from "next/link";

// Unknown URLs, and pages that look something up and find nothing for this visitor (an unknown order, somebody else's).
export default async function NotFound() {
  const t = await getTranslations("states");
  return (
    <section className="state" aria-labelledby="not-found-title" data-testid="not-found">
      <h1 id="not-found-title">{t("notFoundTitle")}</h1>
      <p>{t("notFoundText")}</p>
      <ul className="state-links">
        <li>
          <Link href="/" data-testid="not-found-shop">{t("browse")}</Link>
        </li>
        <li>
          <Link href="/cart">{t("yourCart")}</Link>
        </li>
        <li>
          <Link href="/account/orders">{t("yourOrders")}</Link>
        </li>
      </ul>
    </section>
  );
}
