"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTRPC } from "../trpc/react";
import { formatDate } from "../ui/format";

const TYPES = ["payment.authorized", "payment.captured", "payment.refunded", "payment.refund_failed", "payment.canceled", "payment.failed", "payment.flagged", "dispute.opened", "order.placed", "order.paid"] as const;

/** Webhook endpoints: create (the signing secret shown once), enable/disable, rotate, and each endpoint's delivery log with resend. */
export function WebhooksPanel({ canManage }: { canManage: boolean }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const list = useQuery(trpc.dashboard.webhooks.list.queryOptions());
  const [secret, setSecret] = useState<{ id: string; secret: string } | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.dashboard.webhooks.list.queryKey() });
  const create = useMutation(trpc.dashboard.webhooks.create.mutationOptions({ onSuccess: (e) => { setSecret({ id: e.id, secret: e.secret }); void refresh(); } }));
  const toggle = useMutation(trpc.dashboard.webhooks.setEnabled.mutationOptions({ onSuccess: () => void refresh() }));
  const rotate = useMutation(trpc.dashboard.webhooks.rotate.mutationOptions({ onSuccess: (e) => { setSecret({ id: e.id, secret: e.secret }); void refresh(); } }));
  function onCreate(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    create.mutate({ url: String(f.get("url")), events: f.getAll("events").map(String) as (typeof TYPES)[number][] });
  }
  return (
    <section aria-labelledby="hooks-title">
      <h1 id="hooks-title">Webhooks</h1>
      <p>Signed events for your order system, ERP or fulfilment: see the docs for the payloads and how to verify <code>Kassa-Signature</code>.</p>
      {canManage && (
        <form onSubmit={onCreate} className="form narrow" data-testid="webhook-create">
          <label htmlFor="hook-url">URL</label>
          <input id="hook-url" name="url" type="url" required data-testid="webhook-url" />
          <fieldset>
            <legend>Events</legend>
            {TYPES.map((t) => (
              <label key={t} className="check">
                <input type="checkbox" name="events" value={t} defaultChecked={t === "order.paid"} data-testid={`webhook-event-${t}`} /> {t}
              </label>
            ))}
          </fieldset>
          <button type="submit" disabled={create.isPending} data-testid="webhook-create-submit">Add endpoint</button>
          {create.error && <p role="alert" className="error">{create.error.message}</p>}
        </form>
      )}
      {secret && (
        <div role="status" className="secret" data-testid="webhook-secret-box">
          <p><strong>The signing secret of {secret.id} — copy it now, it is not shown again.</strong></p>
          <p><code data-testid="webhook-secret">{secret.secret}</code></p>
          <button type="button" className="secondary" onClick={() => setSecret(null)}>Done</button>
        </div>
      )}
      <table className="table" data-testid="webhooks-table">
        <thead><tr><th scope="col">URL</th><th scope="col">Events</th><th scope="col">State</th><th scope="col"><span className="sr-only">Actions</span></th></tr></thead>
        <tbody>
          {(list.data ?? []).map((e) => (
            <tr key={e.id} data-testid="webhook-row">
              <td><code>{e.url}</code></td>
              <td>{e.events.join(", ")}</td>
              <td>
                {e.enabled ? "enabled" : <strong className="error">disabled{e.disabledReason ? `: ${e.disabledReason}` : ""}</strong>}
                {e.previousSecretUntil && new Date(e.previousSecretUntil) > new Date() && <> · previous secret valid until {formatDate(e.previousSecretUntil)}</>}
              </td>
              <td className="row">
                <button type="button" className="secondary" onClick={() => setOpen(open === e.id ? null : e.id)} data-testid="webhook-log">Deliveries</button>
                {canManage && <button type="button" className="secondary" onClick={() => toggle.mutate({ id: e.id, enabled: !e.enabled })}>{e.enabled ? "Disable" : "Enable"}</button>}
                {canManage && <button type="button" className="secondary" onClick={() => { if (window.confirm("Make a new signing secret? The current one stays valid for 24 hours.")) rotate.mutate({ id: e.id }); }}>Rotate secret</button>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {open && <DeliveryLog id={open} canManage={canManage} />}
    </section>
  );
}

function DeliveryLog({ id, canManage }: { id: string; canManage: boolean }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const log = useQuery(trpc.dashboard.webhooks.deliveries.queryOptions({ id }));
  const resend = useMutation(trpc.dashboard.webhooks.resend.mutationOptions({ onSuccess: () => void qc.invalidateQueries({ queryKey: trpc.dashboard.webhooks.deliveries.queryKey({ id }) }) }));
  return (
    <section aria-label="Delivery log">
      <h2>Deliveries</h2>
      <table className="table" data-testid="delivery-table">
        <thead><tr><th scope="col">Event</th><th scope="col">Status</th><th scope="col">Attempts</th><th scope="col">Last answer</th><th scope="col">Next try</th><th scope="col"><span className="sr-only">Actions</span></th></tr></thead>
        <tbody>
          {(log.data ?? []).map((d) => (
            <tr key={d.id} data-testid="delivery-row">
              <td>{d.eventType} <code>{d.eventId}</code></td>
              <td>{d.status}</td>
              <td>{d.attempts}</td>
              <td>{d.lastStatus ?? "—"} {d.lastDurationMs !== null && `${d.lastDurationMs} ms`} {d.lastError && <em>{d.lastError}</em>} {d.lastResponse && <code>{d.lastResponse.slice(0, 120)}</code>}</td>
              <td>{d.nextAttemptAt ? formatDate(d.nextAttemptAt) : "—"}</td>
              <td>{canManage && <button type="button" className="secondary" onClick={() => resend.mutate({ deliveryId: d.id })}>Resend</button>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
