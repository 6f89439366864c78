import { getFormats } from "../i18n/server-format";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { getSession } from "~/server/auth/session";
import { api } from "~/server/trpc/server";
import { errorCode, isUnavailable } from "../ui/errors";
import { Unavailable } from "../ui/unavailable";
import { DataTable } from "~/components/ui/data-table";

/** One of the signed-in customer's orders: lines, totals, payment status. Somebody else's order is a 404. */
export async function OrderDetail({ id }: { id: string }) {
  const session = await getSession();
  if (!session?.user) redirect(`/login?callbackUrl=/account/orders/${encodeURIComponent(id)}`);
  let o;
  try {
    o = await api.account.order({ id });
  } catch (e) {
    if (errorCode(e) === "NOT_FOUND" || errorCode(e) === "BAD_REQUEST") notFound();
    if (isUnavailable(e)) return <Unavailable retryHref={`/account/orders/${encodeURIComponent(id)}`} />;
    throw e;
  }
  const items = o.lines.reduce((n, l) => n + l.quantity, 0);
  const [t, tStatus, tCommon, tOrder, { money, dateTime }] = await Promise.all([
    getTranslations("account"),
    getTranslations("status"),
    getTranslations("common"),
    getTranslations("order"),
    getFormats(),
  ]);
  return (
    <section aria-labelledby="order-title">
      <p>
        <Link href="/account/orders">{t("backToOrders")}</Link>
      </p>
      <h1 id="order-title">
        {tOrder.rich("number", { number: o.number, n: (chunks) => <span data-testid="order-number">{chunks}</span> })}
      </h1>
      <dl className="facts">
        <dt>{t("placed")}</dt>
        <dd>{dateTime(o.createdAt)}</dd>
        <dt>{t("payment")}</dt>
        <dd data-testid="payment-status">{tStatus(o.paymentStatus)}</dd>
        {o.paidAt && (
          <>
            <dt>{t("paid")}</dt>
            <dd>{dateTime(o.paidAt)}</dd>
          </>
        )}
      </dl>
      <DataTable caption={t("itemsInOrder")} columns={[tCommon("item"), tCommon("price"), tCommon("quantity"), tCommon("total")]} testId="order-lines">
        <tbody>
          {o.lines.map((l) => (
            <tr key={l.id} data-testid={`order-line-${l.sku}`}>
              <td>
                {l.name} <span className="sku">{l.sku}</span>
              </td>
              <td>{money(l.unitPrice)}</td>
              <td>{l.quantity}</td>
              <td>{money(l.total)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={3}>
              {t("totalItems", { items: tCommon("items", { count: items }) })}
            </th>
            <td>
              <strong data-testid="order-total">{money(o.total)}</strong>
            </td>
          </tr>
        </tfoot>
      </DataTable>
      <p>
        <Link href="/account/payments">{t("seePayments")}</Link>
      </p>
    </section>
  );
}
