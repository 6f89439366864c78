"use client";
// The confirmation page's live part: the order's payment state as the server knows it. While the payment settles the
// page asks again with backoff (1 s, 2 s, 4 s … at most every 15 s) — each ask re-reads the provider on the server — and
// stops for good once the payment is settled (anything but "awaiting").
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useEffect } from "react";
import { useTRPC } from "../trpc/react";
import { isUnavailable } from "../ui/errors";
import { useDateTime, useMoney } from "../i18n/format";
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
  const t = useTranslations("order");
  const tStatus = useTranslations("status");
  const tCommon = useTranslations("common");
  const money = useMoney();
  const dateTime = useDateTime();
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

  if (order.isLoading) return <Skeleton lines={4} label={t("loading")} testId="order-skeleton" />;
  if (!order.data) {
    return (
      <p role="alert" data-testid="order-error">
        {isUnavailable(order.error) ? tCommon("unavailableReload") : t("loadFailed")}
      </p>
    );
  }
  const o = order.data;
  const state = stateOf(o.paymentStatus);
  return (
    <section aria-labelledby="order-title" className={`order order-${state}`} data-testid="order-state" data-state={state}>
      <h1 id="order-title">
        {state === "declined" ? t("titleDeclined") : state === "processing" ? t("titleProcessing") : t("titleDone")}
      </h1>
      <p>
        {t.rich("number", { number: o.number, n: (chunks) => <strong data-testid="order-number">{chunks}</strong> })} <span className="when">· {dateTime(o.createdAt)}</span>
      </p>
      <div aria-live="polite" className={`notice notice-${state}`}>
        <p>
          {t("payment")}: <strong data-testid="payment-status">{tStatus(o.paymentStatus)}</strong>
        </p>
        {state === "processing" && (
          <p data-testid="processing-note">
            <span className="spinner" aria-hidden="true" /> {t("processingNote")}
            {order.isFetching ? <span className="when"> {t("checking")}</span> : null}
          </p>
        )}
        {state === "processing" && (qc.getQueryState(options.queryKey)?.dataUpdateCount ?? 0) >= POLL_MAX_ASKS && (
          <p data-testid="poll-stopped">
            {t("slow")}{" "}
            <button type="button" onClick={() => void order.refetch()} disabled={order.isFetching} data-testid="check-again">
              {t("checkAgain")}
            </button>
          </p>
        )}
        {state === "authorized" && <p>{t("authorizedNote")}</p>}
        {state === "paid" && <p>{t("paidNote")}</p>}
        {state === "refunded" && <p>{t("refundedNote")}</p>}
        {state === "declined" && (
          <div data-testid="declined-note">
            <p>{t("declinedNote")}</p>
            <p>
              <Link href="/" className="button" data-testid="try-again">
                {t("orderAgain")}
              </Link>{" "}
              {t("declinedHelp")}
            </p>
          </div>
        )}
      </div>
      <ul className="order-lines">
        {o.lines.map((l) => (
          <li key={l.id}>
            {l.quantity} × {l.name} — {money(l.total)}
          </li>
        ))}
      </ul>
      <p>
        {tCommon("total")}: <strong data-testid="order-total">{money(o.total)}</strong>
      </p>
    </section>
  );
}
