"use client";
// The confirmation page's live part: the order's payment state as the server knows it. While the payment settles the
// page asks again with backoff (1 s, 2 s, 4 s … at most every 15 s) — each ask re-reads the provider on the server — and
// stops for good once the payment is settled (anything but "awaiting").
import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect } from "react";
import { useTRPC } from "../trpc/react";
import { isUnavailable } from "../ui/errors";
import { formatDate, formatMoney, orderStatusLabel } from "../ui/format";
import { Skeleton } from "../ui/states";
import { isSettled, nextPoll, POLL_MAX_ASKS } from "./poll";

type State = "processing" | "paid" | "authorized" | "declined" | "refunded";
function stateOf(status: string): State {
  if (status === "awaiting") return "processing";
  if (status === "paid") return "paid";
  if (status === "authorized") return "authorized";
  if (status === "refunded") return "refunded";
  return "declined"; // not_paid, canceled: the money did not come through
}

export function OrderStatus({ orderId }: { orderId: string }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const options = trpc.orders.get.queryOptions({ id: orderId });
  const order = useQuery({
    ...options,
    refetchInterval: (q) => nextPoll(q.state.data?.paymentStatus, q.state.dataUpdateCount),
    refetchOnWindowFocus: (q) => !!q.state.data && !isSettled(q.state.data.paymentStatus),
  });

  // The order was just placed (or this is a visit later): the open cart the header counts is gone, so ask again.
  useEffect(() => {
    void qc.invalidateQueries({ queryKey: trpc.cart.get.queryKey() });
  }, [qc, trpc]);

  if (order.isLoading) return <Skeleton lines={4} label="Loading your order…" testId="order-skeleton" />;
  if (!order.data) {
    return (
      <p role="alert" data-testid="order-error">
        {isUnavailable(order.error)
          ? "We're having trouble reaching our records. Please reload this page in a minute."
          : "This order could not be loaded. Reload the page to try again."}
      </p>
    );
  }
  const o = order.data;
  const state = stateOf(o.paymentStatus);
  return (
    <section aria-labelledby="order-title" className={`order order-${state}`} data-testid="order-state" data-state={state}>
      <h1 id="order-title">
        {state === "declined" ? "Your payment didn't go through" : state === "processing" ? "Thank you — your payment is processing" : "Thank you!"}
      </h1>
      <p>
        Order <strong data-testid="order-number">{o.number}</strong> <span className="when">· {formatDate(o.createdAt)}</span>
      </p>
      <div aria-live="polite" className={`notice notice-${state}`}>
        <p>
          Payment: <strong data-testid="payment-status">{orderStatusLabel(o.paymentStatus)}</strong>
        </p>
        {state === "processing" && (
          <p data-testid="processing-note">
            <span className="spinner" aria-hidden="true" /> We are waiting for your bank to confirm. This usually takes a few seconds; this page
            updates by itself{order.isFetching ? " (checking now…)" : ""}. You don't need to pay again.
          </p>
        )}
        {state === "processing" && (qc.getQueryState(options.queryKey)?.dataUpdateCount ?? 0) >= POLL_MAX_ASKS && (
          <p data-testid="poll-stopped">
            This is taking longer than usual. We will email you once your bank confirms.{" "}
            <button type="button" onClick={() => void order.refetch()} disabled={order.isFetching} data-testid="check-again">
              Check again
            </button>
          </p>
        )}
        {state === "authorized" && <p>Your card is authorized; you are charged when the order ships.</p>}
        {state === "paid" && <p>Your payment is complete. A confirmation is on its way to your inbox.</p>}
        {state === "refunded" && <p>This order was refunded.</p>}
        {state === "declined" && (
          <div data-testid="declined-note">
            <p>Your card was declined or the payment was canceled, so you have not been charged for this order.</p>
            <p>
              <Link href="/" className="button" data-testid="try-again">
                Order again
              </Link>{" "}
              — you can use another card, or ask your bank why the payment was refused.
            </p>
          </div>
        )}
      </div>
      <ul className="order-lines">
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
