import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { getSession } from "~/server/auth/session";
import { api } from "~/server/trpc/server";
import { errorCode, isUnavailable } from "../ui/errors";
import { formatDate, formatMoney, paymentStatusLabel, PROVIDER_LABEL } from "../ui/format";
import { Unavailable } from "../ui/states";

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
  return (
    <section aria-labelledby="payment-title">
      <p>
        <Link href="/account/payments">← My payments</Link>
      </p>
      <h1 id="payment-title">Payment of {formatMoney(p.amountPlanned)}</h1>
      <dl className="facts">
        <dt>Status</dt>
        <dd data-testid="payment-status">{paymentStatusLabel(p.status)}</dd>
        <dt>Provider</dt>
        <dd>{PROVIDER_LABEL[p.providerId] ?? p.providerId}</dd>
        <dt>Captured</dt>
        <dd>{formatMoney(p.captured)}</dd>
        <dt>Refunded</dt>
        <dd>{formatMoney(p.refunded)}</dd>
        <dt>Started</dt>
        <dd>{formatDate(p.createdAt)}</dd>
      </dl>
      <h2>Timeline</h2>
      <ol className="timeline" data-testid="timeline">
        {(p.transactions ?? []).map((t) => (
          <li key={t.id} data-testid="transaction">
            <span className="when">{formatDate(t.createdAt)}</span> <strong>{t.type}</strong> {formatMoney(t.amount)} — {t.state}
          </li>
        ))}
      </ol>
    </section>
  );
}
