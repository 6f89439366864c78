import { getTranslations } from "next-intl/server";
import { Skeleton } from "~/components/ui/states";

export default async function Loading() {
  const t = await getTranslations("cart");
  return (
    <section aria-labelledby="cart-title">
      <h1 id="cart-title">{t("title")}</h1>
      <Skeleton lines={4} label={t("loading")} />
    </section>
  );
}
