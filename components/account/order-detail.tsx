import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { getSession } from "~/server/auth/session";
import { api } from "~/server/trpc/server";
import { errorCode, isUnavailable } from "../ui/errors";
import { formatDate, formatMoney, orderStatusLabel } from "../ui/format";
import { Unavailable } from "../ui/states";
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
  return (
    <section aria-labelledby="order-title">
      <p>
        <Link href="/account/orders">← My orders</Link>
      </p>
      <h1 id="order-title">
        Order <span data-testid="order-number">{o.number}</span>
      </h1>
      <dl className="facts">
        <dt>Placed</dt>
        <dd>{formatDate(o.createdAt)}</dd>
        <dt>Payment</dt>
        <dd data-testid="payment-status">{orderStatusLabel(o.paymentStatus)}</dd>
        {o.paidAt && (
          <>
            <dt>Paid</dt>
            <dd>{formatDate(o.paidAt)}</dd>
          </>
        )}
      </dl>
      <DataTable caption="Items in this order" columns={["Item", "Price", "Quantity", "Total"]} testId="order-lines">
        <tbody>
          {o.lines.map((l) => (
            <tr key={l.id} data-testid={`order-line-${l.sku}`}>
              <td>
                {l.name} <span className="sku">{l.sku}</span>
              </td>
              <td>{formatMoney(l.unitPrice)}</td>
              <td>{l.quantity}</td>
              <td>{formatMoney(l.total)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={3}>
              Total ({items} {items === 1 ? "item" : "items"})
            </th>
            <td>
              <strong data-testid="order-total">{formatMoney(o.total)}</strong>
            </td>
          </tr>
        </tfoot>
      </DataTable>
      <p>
        <Link href="/account/payments">See the payments for your orders</Link>
      </p>
    </section>
  );
}
