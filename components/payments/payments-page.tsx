import Link from "next/link";
import { redirect } from "next/navigation";
import { getSession } from "~/server/auth/session";
import { api } from "~/server/trpc/server";
import { isUnavailable } from "../ui/errors";
import { formatDate, formatMoney, paymentStatusLabel, PROVIDER_LABEL } from "../ui/format";
import { Unavailable } from "../ui/states";
import { DataTable } from "~/components/ui/data-table";

const FILTERS = [
  ["", "All"],
  ["captured", "Paid"],
  ["authorized", "Authorized"],
  ["pending", "Processing"],
  ["failed", "Failed"],
  ["refunded", "Refunded"],
  ["canceled", "Canceled"],
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
  return (
    <section aria-labelledby="payments-title">
      <h1 id="payments-title">My payments</h1>
      <nav aria-label="Filter by status" className="filters">
        {FILTERS.map(([v, label]) => (
          <Link key={v} href={v ? `/account/payments?status=${v}` : "/account/payments"} aria-current={(valid ?? "") === v ? "true" : undefined} data-testid={`filter-${v || "all"}`}>
            {label}
          </Link>
        ))}
      </nav>
      {payments.length === 0 ? (
        <p data-testid="payments-empty">No payments yet.</p>
      ) : (
        <DataTable caption="Your payments" columns={["Date", "Amount", "Provider", "Status"]} testId="payments">
          <tbody>
            {payments.map((p) => (
              <tr key={p.id} data-testid={`payment-${p.id}`}>
                <td>
                  <Link href={`/account/payments/${p.id}`}>{formatDate(p.createdAt)}</Link>
                </td>
                <td>{formatMoney(p.amountPlanned)}</td>
                <td>{PROVIDER_LABEL[p.providerId] ?? p.providerId}</td>
                <td data-testid="payment-status">{paymentStatusLabel(p.status)}</td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
    </section>
  );
}
