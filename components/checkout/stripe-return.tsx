import Link from "next/link";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { api } from "~/server/trpc/server";
import { declineKey } from "./card-validation";

/** Where Stripe sends the shopper back. The outcome comes from Stripe via the server, never from the query string. */
export async function StripeReturn({ cartId }: { cartId: string }) {
  const result = cartId ? await api.checkout.finishStripe({ cartId }).catch(() => null) : null;
  if (result?.status === "complete") redirect(`/orders/${result.orderId}`);
  const [t, tDecline] = await Promise.all([getTranslations("order"), getTranslations("declines")]);
  const message =
    result?.status === "declined"
      ? tDecline(declineKey(result.code, result.declineCode))
      : result?.status === "requires_action"
        ? t("stillRequiresAction")
        : result?.status === "processing"
          ? (await getTranslations("checkout"))("processingLong")
          : t("notConfirmed");
  return (
    <section aria-labelledby="return-title">
      <h1 id="return-title">{t("notCompleted")}</h1>
      <p role="alert" data-testid="stripe-return-error">
        {message}
      </p>
      <p>
        <Link href="/checkout">{t("backToCheckout")}</Link>
      </p>
    </section>
  );
}
