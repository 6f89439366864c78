import { getTranslations } from "next-intl/server";
import { CartView } from "~/components/cart/cart-view";

export const dynamic = "force-dynamic";

export default async function Page() {
  const t = await getTranslations("cart");
  return (
    <section aria-labelledby="cart-title">
      <h1 id="cart-title">{t("title")}</h1>
      <CartView />
    </section>
  );
}
