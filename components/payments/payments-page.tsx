import { getFormats, wordOr } from "../i18n/server-format";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getSession } from "~/server/auth/session";
import { api } from "~/server/trpc/server";
import { isUnavailable } from "../ui/errors";
import { Unavailable } from "../ui/unavailable";
import { DataTable } from "~/components/ui/data-table";

const FILTERS = [
  ["", "all"],
  ["captured", "filterPaid"],
  ["authorized", "filterAuthorized"],
  ["pending", "filterProcessing"],
  ["failed", "filterFailed"],
  ["refunded", "filterRefunded"],
  ["canceled", "filterCanceled"],
] as const;

type Status = Parameters<typeof api.payments.list>[0]["status"];

/** "My payments": the signed-in customer's payments, newest first, filterable by status. */
export async function PaymentsPage({ status }: { status?: string }) {
  const session = await getSession();
  if (!session?.user) redirect("/login?callbackUrl=/account/payments");
  const valid = FILTERS.some(([v]) => v && v === status) ? (status as Status) : undefined;
  let payments;
  try {
    payments = await api.payments.list({ status: valid, limit: 50 });
  } catch (e) {
    if (isUnavailable(e)) return <Unavailable retryHref={valid ? `/account/payments?status=${valid}` : "/account/payments"} />;
    throw e;
  }
  const [t, tStatus, { money, dateTime }] = await Promise.all([getTranslations("account"), getTranslations("status"), getFormats()]);
  return (
    <section aria-labelledby="payments-title">
      <h1 id="payments-title">{t("payments")}</h1>
      <nav aria-label={t("filter")} className="filters">
        {FILTERS.map(([v, label]) => (
          <Link key={v} href={v ? `/account/payments?status=${v}` : "/account/payments"} aria-current={(valid ?? "") === v ? "true" : undefined} data-testid={`filter-${v || "all"}`}>
            {t(label)}
          </Link>
        ))}
      </nav>
      {payments.length === 0 ? (
        <p data-testid="payments-empty">{t("noPayments")}</p>
      ) : (
        <DataTable caption={t("paymentsCaption")} columns={[t("date"), t("amount"), t("provider"), t("status")]} testId="payments">
          <tbody>
            {payments.map((p) => (
              <tr key={p.id} data-testid={`payment-${p.id}`}>
                <td>
                  <Link href={`/account/payments/${p.id}`}>{dateTime(p.createdAt)}</Link>
                </td>
                <td>{money(p.amountPlanned)}</td>
                <td>{wordOr(t, `provider_${p.providerId}`, p.providerId)}</td>
                <td data-testid="payment-status">{tStatus(p.status)}</td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
    </section>
  );
}
