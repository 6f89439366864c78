"use client";
// The confirmation page's live part: the order's payment state as the server knows it, re-read while it settles.
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../trpc/react";
import { formatMoney, orderStatusLabel } from "../ui/format";

export function OrderStatus({ orderId }: { orderId: string }) {
  const trpc = useTRPC();
  const order = useQuery({
    ...trpc.orders.get.queryOptions({ id: orderId }),
    refetchInterval: (q) => (q.state.data?.paymentStatus === "awaiting" ? 1000 : false),
  });
  if (order.isLoading) return <p>Loading your order…</p>;
  if (!order.data) return <p role="alert">This order could not be found.</p>;
  const o = order.data;
  return (
    <section aria-labelledby="order-title">
      <h1 id="order-title">Thank you!</h1>
      <p>
        Order <strong data-testid="order-number">{o.number}</strong>
      </p>
      <p aria-live="polite">
        Payment: <strong data-testid="payment-status">{orderStatusLabel(o.paymentStatus)}</strong>
        {o.paymentStatus === "awaiting" && <span> — we are waiting for your bank. This page updates by itself.</span>}
        {o.paymentStatus === "authorized" && <span> — your card is authorized; you are charged when the order ships.</span>}
      </p>
      <ul>
        {o.lines.map((l) => (
          <li key={l.id}>
            {l.quantity} × {l.name} — {formatMoney(l.total)}
          </li>
        ))}
      </ul>
      <p>
        Total: <strong data-testid="order-total">{formatMoney(o.total)}</strong>
      </p>
    </section>
  );
}
