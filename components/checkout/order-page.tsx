import { notFound } from "next/navigation";
import { api } from "~/server/trpc/server";
import { OrderStatus } from "./order-status";

/** The confirmation page: the order must be the caller's (read on the server, never trusted from the URL). */
export async function OrderPage({ id }: { id: string }) {
  const order = await api.orders.get({ id }).catch(() => null);
  if (!order) notFound();
  return <OrderStatus orderId={order.id} />;
}
