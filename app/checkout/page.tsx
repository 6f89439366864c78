import { getTranslations } from "next-intl/server";
import { CheckoutForm } from "~/components/checkout/checkout-form";
import { getSession } from "~/server/auth/session";
import { env } from "~/server/env";
import { api } from "~/server/trpc/server";

export const dynamic = "force-dynamic";

export default async function Page() {
  const [session, regions, t] = await Promise.all([getSession(), api.catalog.regions(), getTranslations("checkout")]);
  return (
    <section aria-labelledby="checkout-title">
      <h1 id="checkout-title">{t("title")}</h1>
      <CheckoutForm
        defaultEmail={session?.user.email}
        stripeKey={env.STRIPE_SECRET_KEY ? (env.STRIPE_PUBLISHABLE_KEY ?? null) : null}
        regionCountries={Object.fromEntries(regions.map((r) => [r.id, r.countries]))}
      />
    </section>
  );
}
