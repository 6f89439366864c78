import Link from "next/link";
import { notFound } from "next/navigation";
import { TRPCError } from "@trpc/server";
import { api } from "~/server/trpc/server";
import { fromMinor } from "~/server/core/money";
import { parseCurrencyCode } from "~/server/core/currencies";
import { formatDate, formatMoney, orderStatusLabel, paymentStatusLabel, PROVIDER_LABEL } from "../ui/format";
import { PaymentActions } from "./payment-actions";

const FLAG_LABEL: Record<string, string> = {
  retired_session: "paid on a session that had been replaced",
  canceled_collection: "paid after the payment collection was canceled",
  completed_cart: "paid after the cart was completed by another payment",
  amount_mismatch: "paid an amount other than the order total",
};

/** One payment in full, for staff: amounts, sessions and attempts, transactions, provider events, order and cart, customer, audit. */
export async function StaffPaymentView({ id, role }: { id: string; role: string }) {
  const d = await api.dashboard.payments.get({ id }).catch((e) => {
    if (e instanceof TRPCError && e.code === "NOT_FOUND") notFound();
    throw e;
  });
  const p = d.payment;
  const m = (minor: number, currency: string) => formatMoney(fromMinor(minor, parseCurrencyCode(currency)));
  return (
    <section aria-labelledby="pay-title">
      <p>
        <Link href="/dashboard">← Payments</Link>
      </p>
      <h1 id="pay-title">Payment of {formatMoney(p.amountPlanned)}</h1>
      <dl className="facts" data-testid="staff-payment-facts">
        <dt>Id</dt>
        <dd><code>{p.id}</code></dd>
        <dt>Status</dt>
        <dd data-testid="staff-payment-status">{paymentStatusLabel(p.status)}</dd>
        <dt>Authorized</dt>
        <dd data-testid="staff-authorized">{formatMoney(p.authorized)}</dd>
        <dt>Captured</dt>
        <dd data-testid="staff-captured">{formatMoney(p.captured)}</dd>
        <dt>Refunded</dt>
        <dd data-testid="staff-refunded">{formatMoney(p.refunded)}</dd>
        <dt>Provider</dt>
        <dd>{PROVIDER_LABEL[p.providerId] ?? p.providerId} {p.providerRef && <code>{p.providerRef}</code>}</dd>
        <dt>Came from</dt>
        <dd>{p.source || "—"}</dd>
        <dt>Customer</dt>
        <dd data-testid="staff-payment-email">{d.customer ? `${d.customer.email} (account)` : d.email ? `${d.email} (guest)` : "—"}</dd>
        <dt>Order</dt>
        <dd>{d.order ? `${d.order.number} — ${orderStatusLabel(d.order.paymentStatus)}` : "—"}</dd>
        <dt>Version</dt>
        <dd>{p.version}</dd>
        <dt>Created</dt>
        <dd>{formatDate(p.createdAt)}</dd>
      </dl>
      {p.flag && (
        <p className="error" data-testid="staff-flag">
          Flagged: {FLAG_LABEL[p.flag] ?? p.flag}. This money counts for no order and is returned automatically
          {p.returnedAt ? ` (returned ${formatDate(p.returnedAt)})` : " (return in progress)"}.
        </p>
      )}
      {role !== "viewer" && !p.flag && (
        <PaymentActions id={p.id} version={p.version} status={p.status} authorized={p.authorized} captured={p.captured} refunded={p.refunded} provider={p.providerId} />
      )}
      <h2>Timeline</h2>
      <ol className="timeline" data-testid="staff-timeline">
        {d.transactions.map((t) => (
          <li key={t.id} data-testid="staff-transaction">
            <span className="when">{formatDate(t.createdAt)}</span> <strong>{t.type}</strong> {formatMoney(t.amount)} — {t.state}
            {t.reason && <> · reason: {t.reason}</>}
            {t.note && <> · note: “{t.note}”</>}
          </li>
        ))}
      </ol>
      {d.order && (
        <>
          <h2>Order {d.order.number}</h2>
          <table className="table">
            <thead><tr><th scope="col">Item</th><th scope="col">Qty</th><th scope="col">Unit price</th></tr></thead>
            <tbody>
              {d.order.lines.map((l) => (
                <tr key={l.sku}><td>{l.name} ({l.sku})</td><td>{l.quantity}</td><td>{m(l.unitPriceMinor, d.order!.currency)}</td></tr>
              ))}
            </tbody>
          </table>
          <p>Total {m(d.order.totalMinor, d.order.currency)}</p>
        </>
      )}
      {!d.order && d.cart && (
        <>
          <h2>Cart</h2>
          <ul>{d.cart.lines.map((l) => <li key={l.sku}>{l.quantity} × {l.title}</li>)}</ul>
        </>
      )}
      <h2>Sessions and attempts</h2>
      <ul data-testid="staff-sessions">
        {d.sessions.map((s) => (
          <li key={s.id}>
            <code>{s.id}</code> {PROVIDER_LABEL[s.providerId] ?? s.providerId} · {s.status}{s.live ? " (live)" : ""} · {m(s.amountMinor, s.currency)}
            {s.intentStatus && <> · intent {s.intentStatus}</>}
            {s.attempts.length > 0 && <> · attempts: {s.attempts.map((a) => `${a.state} ${m(a.amount, s.currency)}`).join(", ")}</>}
            {s.operations.length > 0 && <> · calls: {s.operations.map((o) => `${o.kind} ${o.status}`).join(", ")}</>}
          </li>
        ))}
      </ul>
      <h2>Provider events</h2>
      {d.events.length === 0 ? <p>None received.</p> : (
        <ul>{d.events.map((e) => <li key={e.id}>{formatDate(e.receivedAt)} {e.type} <code>{e.eventId}</code>{e.processedAt ? "" : " (not processed yet)"}</li>)}</ul>
      )}
      <h2>Audit</h2>
      {d.audit.length === 0 ? <p>No staff action yet.</p> : (
        <ul data-testid="staff-payment-audit">
          {d.audit.map((a) => (
            <li key={a.id}>{formatDate(a.createdAt)} {a.staffEmail} {a.action} {a.amountMinor !== null && a.currency ? m(a.amountMinor, a.currency) : ""} — {a.outcome}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
