import Link from "next/link";
import { api } from "~/server/trpc/server";
import type { FilterInput } from "~/server/console/filters";
import { PAYMENT_SOURCES, PAYMENT_STATUSES } from "~/server/core/merchant";
import { formatDate, formatMoney, paymentStatusLabel, PROVIDER_LABEL } from "../ui/format";

type Search = Record<string, string | string[] | undefined>;

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;

/** The list's filters from the page's query string (a plain GET form: it works without JavaScript, and links share it). */
export function filtersFrom(sp: Search): FilterInput {
  const status = ([] as string[]).concat(sp.status ?? []).filter((s): s is (typeof PAYMENT_STATUSES)[number] => (PAYMENT_STATUSES as readonly string[]).includes(s));
  const source = one(sp.source);
  return {
    ...(status.length ? { status: status as FilterInput["status"] } : {}),
    ...(one(sp.provider) ? { provider: one(sp.provider) } : {}),
    ...(source && (PAYMENT_SOURCES as readonly string[]).includes(source) ? { source: source as FilterInput["source"] } : {}),
    ...(one(sp.currency) ? { currency: one(sp.currency) } : {}),
    ...(one(sp.from) ? { from: one(sp.from) } : {}),
    ...(one(sp.to) ? { to: one(sp.to) } : {}),
    ...(one(sp.email) ? { email: one(sp.email) } : {}),
    ...(one(sp.order) ? { order: one(sp.order) } : {}),
    ...(one(sp.amountMin) ? { amountMin: one(sp.amountMin) } : {}),
    ...(one(sp.amountMax) ? { amountMax: one(sp.amountMax) } : {}),
    ...(one(sp.flagged) ? { flagged: one(sp.flagged) === "true" } : {}),
  };
}

function query(f: FilterInput, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) {
    if (Array.isArray(v)) v.forEach((x) => q.append(k, x));
    else if (v !== undefined) q.set(k, String(v));
  }
  for (const [k, v] of Object.entries(extra)) q.set(k, v);
  return q.toString();
}

const SOURCE_LABEL: Record<string, string> = { checkout: "Checkout", medusa_v2: "Medusa v2", medusa_v1: "Medusa v1", magento: "Magento", commercetools: "commercetools", shop: "Shop API" };

export async function PaymentsList({ searchParams }: { searchParams: Search }) {
  const filters = filtersFrom(searchParams);
  const after = one(searchParams.after);
  let result: Awaited<ReturnType<typeof api.dashboard.payments.list>> | null = null;
  let error: string | null = null;
  try {
    result = await api.dashboard.payments.list({ filters, limit: 25, after });
  } catch (e) {
    error = (e as Error).message;
  }
  const f = filters;
  return (
    <section aria-labelledby="payments-title">
      <h1 id="payments-title">Payments</h1>
      <form method="get" className="filters" aria-label="Filter payments" data-testid="payment-filters">
        <fieldset>
          <legend>Status</legend>
          {PAYMENT_STATUSES.map((s) => (
            <label key={s} className="check">
              <input type="checkbox" name="status" value={s} defaultChecked={f.status?.includes(s)} /> {paymentStatusLabel(s)}
            </label>
          ))}
        </fieldset>
        <label>
          Provider
          <select name="provider" defaultValue={f.provider ?? ""}>
            <option value="">any</option>
            {Object.entries(PROVIDER_LABEL).map(([id, label]) => (
              <option key={id} value={id}>{label}</option>
            ))}
          </select>
        </label>
        <label>
          Came from
          <select name="source" defaultValue={f.source ?? ""}>
            <option value="">any</option>
            {PAYMENT_SOURCES.map((s) => (
              <option key={s} value={s}>{SOURCE_LABEL[s]}</option>
            ))}
          </select>
        </label>
        <label>
          Currency
          <select name="currency" defaultValue={f.currency ?? ""}>
            <option value="">any</option>
            {["USD", "EUR", "JPY"].map((c) => (
              <option key={c} value={c}>{c}</option>
            ))}
          </select>
        </label>
        <label>From <input type="date" name="from" defaultValue={f.from ?? ""} /></label>
        <label>To <input type="date" name="to" defaultValue={f.to ?? ""} /></label>
        <label>Customer email <input type="email" name="email" defaultValue={f.email ?? ""} data-testid="filter-email" /></label>
        <label>Order number <input name="order" defaultValue={f.order ?? ""} data-testid="filter-order" /></label>
        <label>Amount from <input name="amountMin" inputMode="decimal" defaultValue={f.amountMin ?? ""} /></label>
        <label>to <input name="amountMax" inputMode="decimal" defaultValue={f.amountMax ?? ""} /></label>
        <button type="submit" data-testid="filter-apply">Apply</button>
        <Link href="/dashboard">Clear</Link>
      </form>
      <p>
        <a href={`/dashboard/export?${query(f)}`} data-testid="export-csv" download>
          Export these payments as CSV
        </a>
      </p>
      {error && (
        <p role="alert" className="error" data-testid="filter-error">
          {error}
        </p>
      )}
      {result && (
        <>
          <table className="table" data-testid="payments-table">
            <thead>
              <tr>
                <th scope="col">Created</th>
                <th scope="col">Amount</th>
                <th scope="col">Status</th>
                <th scope="col">Captured</th>
                <th scope="col">Refunded</th>
                <th scope="col">Customer</th>
                <th scope="col">Order</th>
                <th scope="col">Provider</th>
                <th scope="col">From</th>
              </tr>
            </thead>
            <tbody>
              {result.items.map((p) => (
                <tr key={p.id} data-testid="payment-row" data-payment-id={p.id}>
                  <td>
                    <Link href={`/dashboard/payments/${p.id}`}>{formatDate(p.createdAt)}</Link>
                  </td>
                  <td>{formatMoney(p.amountPlanned)}</td>
                  <td>
                    {paymentStatusLabel(p.status)}
                    {p.flag && <strong className="error"> flagged</strong>}
                  </td>
                  <td>{formatMoney(p.captured)}</td>
                  <td>{formatMoney(p.refunded)}</td>
                  <td>{p.email ?? "—"}</td>
                  <td>{p.orderNumber ?? "—"}</td>
                  <td>{PROVIDER_LABEL[p.providerId] ?? p.providerId}</td>
                  <td>{SOURCE_LABEL[p.source] ?? (p.source || "—")}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {result.items.length === 0 && <p data-testid="payments-empty">No payments match these filters.</p>}
          {result.next && (
            <p>
              <Link href={`/dashboard?${query(f, { after: result.next })}`} data-testid="payments-next">
                Older payments →
              </Link>
            </p>
          )}
        </>
      )}
    </section>
  );
}
