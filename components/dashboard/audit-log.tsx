import Link from "next/link";
import { api } from "~/server/trpc/server";
import { fromMinor } from "~/server/core/money";
import { parseCurrencyCode } from "~/server/core/currencies";
import { formatDate, formatMoney } from "../ui/format";

/** Every staff action, newest first (append-only: the database refuses edits and deletions). */
export async function AuditLog({ after }: { after?: string }) {
  const page = await api.dashboard.audit({ limit: 50, after });
  const diff = (b: unknown, a: unknown) => {
    const before = (b ?? {}) as Record<string, unknown>;
    const now = (a ?? {}) as Record<string, unknown>;
    return Object.keys(now).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(now[k])).map((k) => `${k}: ${before[k] ?? "—"} → ${now[k]}`).join(", ");
  };
  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">Audit log</h1>
      <table className="table" data-testid="audit-table">
        <thead>
          <tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">Action</th><th scope="col">Target</th><th scope="col">Amount</th><th scope="col">Outcome</th><th scope="col">Change</th><th scope="col">From</th></tr>
        </thead>
        <tbody>
          {page.items.map((a) => (
            <tr key={a.id} data-testid="audit-row">
              <td>{formatDate(a.createdAt)}</td>
              <td>{a.staffEmail}</td>
              <td>{a.action}</td>
              <td>{a.targetType === "payment" ? <Link href={`/dashboard/payments/${a.targetId}`}><code>{a.targetId}</code></Link> : <code>{a.targetId}</code>}</td>
              <td>{a.amountMinor !== null && a.currency ? formatMoney(fromMinor(a.amountMinor, parseCurrencyCode(a.currency))) : ""}</td>
              <td>{a.outcome}</td>
              <td>{diff(a.before, a.after)}</td>
              <td>{a.surface}{a.ip ? ` · ${a.ip}` : ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {page.next && <p><Link href={`/dashboard/audit?after=${page.next}`}>Older entries →</Link></p>}
    </section>
  );
}
