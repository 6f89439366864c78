import { getFormats, wordOr } from "../i18n/server-format";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { getSession } from "~/server/auth/session";
import { api } from "~/server/trpc/server";
import { errorCode, isUnavailable } from "../ui/errors";
import { Unavailable } from "../ui/unavailable";

/** One payment and its transaction timeline. Somebody else's payment is a 404. */
export async function PaymentDetail({ id }: { id: string }) {
  const session = await getSession();
  if (!session?.user) redirect(`/login?callbackUrl=/account/payments/${encodeURIComponent(id)}`);
  let p;
  try {
    p = await api.payments.get({ id });
  } catch (e) {
    // unknown, somebody else's, or not even a payment id: the same 404; an outage is not a 404
    if (errorCode(e) === "NOT_FOUND" || errorCode(e) === "BAD_REQUEST") notFound();
    if (isUnavailable(e)) return <Unavailable retryHref={`/account/payments/${encodeURIComponent(id)}`} />;
    throw e;
  }
  const [t, tStatus, tTx, { money, dateTime }] = await Promise.all([getTranslations("account"), getTranslations("status"), getTranslations("tx"), getFormats()]);
  const provider = wordOr(t, `provider_${p.providerId}`, p.providerId);
  return (
    <section aria-labelledby="payment-title">
      <p>
        <Link href="/account/payments">{t("backToPayments")}</Link>
      </p>
      <h1 id="payment-title">{t("paymentOf", { amount: money(p.amountPlanned) })}</h1>
      <dl className="facts">
        <dt>{t("status")}</dt>
        <dd data-testid="payment-status">{tStatus(p.status)}</dd>
        <dt>{t("provider")}</dt>
        <dd>{provider}</dd>
        <dt>{t("captured")}</dt>
        <dd>{money(p.captured)}</dd>
        <dt>{t("refunded")}</dt>
        <dd>{money(p.refunded)}</dd>
        <dt>{t("started")}</dt>
        <dd>{dateTime(p.createdAt)}</dd>
      </dl>
      <h2>{t("timeline")}</h2>
      <ol className="timeline" data-testid="timeline">
        {(p.transactions ?? []).map((tx) => (
          <li key={tx.id} data-testid="transaction">
            <span className="when">{dateTime(tx.createdAt)}</span> <strong>{wordOr(tTx, tx.type)}</strong> {money(tx.amount)} — {wordOr(tTx, tx.state)}
          </li>
        ))}
      </ol>
    </section>
  );
}
