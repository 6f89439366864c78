import Link from "next/link";
import { redirect } from "next/navigation";
import { getSession } from "~/server/auth/session";
import { api } from "~/server/trpc/server";
import { isUnavailable } from "../ui/errors";
import { formatDate, formatMoney, orderStatusLabel } from "../ui/format";
import { Unavailable } from "../ui/states";
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
  return (
    <section aria-labelledby="orders-title">
      <h1 id="orders-title">My orders</h1>
      {orders.length === 0 ? (
        <div className="state" data-testid="orders-empty">
          <p>You haven't placed an order yet.</p>
          <p>
            <Link href="/" className="button">
              Browse the shop
            </Link>
          </p>
        </div>
      ) : (
        <DataTable caption="Your orders, newest first" columns={["Order", "Date", "Payment", "Total"]} testId="orders">
          <tbody>
            {orders.map((o) => (
              <tr key={o.id} data-testid={`order-${o.id}`}>
                <td>
                  <Link href={`/account/orders/${o.id}`} data-testid="order-link">
                    {o.number}
                  </Link>
                </td>
                <td>{formatDate(o.createdAt)}</td>
                <td data-testid="order-status">{orderStatusLabel(o.paymentStatus)}</td>
                <td data-testid="order-row-total">{formatMoney(o.total)}</td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
    </section>
  );
}
