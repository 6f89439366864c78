import { EmptyState } from "../ui/empty-state";
import { getFormats } from "../i18n/server-format";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getSession } from "~/server/auth/session";
import { api } from "~/server/trpc/server";
import { isUnavailable } from "../ui/errors";
import { Unavailable } from "../ui/unavailable";
import { DataTable } from "~/components/ui/data-table";

/** "My orders": the signed-in customer's orders, newest first, with number, date, payment status and total. */
export async function OrdersPage() {
  const session = await getSession();
  if (!session?.user) redirect("/login?callbackUrl=/account/orders");
  let orders;
  try {
    orders = await api.account.orders({ limit: 50 });
  } catch (e) {
    if (isUnavailable(e)) return <Unavailable retryHref="/account/orders" />;
    throw e;
  }
  const [t, tStatus, tCommon, { money, dateTime }] = await Promise.all([getTranslations("account"), getTranslations("status"), getTranslations("common"), getFormats()]);
  return (
    <section aria-labelledby="orders-title">
      <h1 id="orders-title">{t("orders")}</h1>
      {orders.length === 0 ? (
        <EmptyState text={t("noOrders")} action={t("browse")} testId="orders-empty" />
      ) : (
        <DataTable caption={t("ordersCaption")} columns={[t("order"), t("date"), t("payment"), tCommon("total")]} testId="orders">
          <tbody>
            {orders.map((o) => (
              <tr key={o.id} data-testid={`order-${o.id}`}>
                <td>
                  <Link href={`/account/orders/${o.id}`} data-testid="order-link">
                    {o.number}
                  </Link>
                </td>
                <td>{dateTime(o.createdAt)}</td>
                <td data-testid="order-status">{tStatus(o.paymentStatus)}</td>
                <td data-testid="order-row-total">{money(o.total)}</td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
    </section>
  );
}
