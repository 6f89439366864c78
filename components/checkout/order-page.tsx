import { notFound } from "next/navigation";
import { api } from "~/server/trpc/server";
import { errorCode, isUnavailable } from "../ui/errors";
import { Unavailable } from "../ui/unavailable";
import { OrderStatus } from "./order-status";

/** The confirmation page: the order must be the caller's (read on the server, never trusted from the URL). */
export async function OrderPage({ id }: { id: string }) {
  let order;
  try {
    order = await api.orders.get({ id });
  } catch (e) {
    // unknown, somebody else's, or not even an order id: the same 404
    if (errorCode(e) === "NOT_FOUND" || errorCode(e) === "BAD_REQUEST") notFound();
    if (isUnavailable(e)) return <Unavailable retryHref={`/orders/${encodeURIComponent(id)}`} />;
    throw e;
  }
  return <OrderStatus orderId={order.id} />;
}
