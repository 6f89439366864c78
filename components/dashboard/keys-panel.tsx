"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTRPC } from "../trpc/react";
import { formatDate } from "../ui/format";

const KIND_LABEL: Record<string, string> = {
  "medusa-publishable": "Medusa publishable key",
  "shop-storefront": "Shop API storefront key",
  "shop-payment-system": "Shop API payment-system key",
  "commercetools-client": "commercetools API client",
};

/** Keys and clients (owners): create — the secret is shown once — and revoke. */
export function KeysPanel() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const list = useQuery(trpc.dashboard.keys.list.queryOptions());
  const [created, setCreated] = useState<{ kind: string; secret: string; clientId: string | null } | null>(null);
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.dashboard.keys.list.queryKey() });
  const create = useMutation(trpc.dashboard.keys.create.mutationOptions({ onSuccess: (k) => { setCreated({ kind: k.kind, secret: k.secret, clientId: k.clientId }); void refresh(); } }));
  const revoke = useMutation(trpc.dashboard.keys.revoke.mutationOptions({ onSuccess: () => void refresh() }));
  function onCreate(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    create.mutate({ kind: String(f.get("kind")) as "medusa-publishable", name: String(f.get("name")) });
  }
  const cache = list.data?.cacheSeconds ?? 10;
  return (
    <section aria-labelledby="keys-title">
      <h1 id="keys-title">Keys and clients</h1>
      <p>A revoked storefront key keeps working for up to {cache} seconds in each running process (its cache); a revoked commercetools client and its tokens stop at once.</p>
      <form onSubmit={onCreate} className="form narrow" data-testid="key-create">
        <label htmlFor="key-kind">Kind</label>
        <select id="key-kind" name="kind" data-testid="key-kind">
          {Object.entries(KIND_LABEL).map(([k, l]) => <option key={k} value={k}>{l}</option>)}
        </select>
        <label htmlFor="key-name">Name</label>
        <input id="key-name" name="name" required maxLength={100} data-testid="key-name" />
        <button type="submit" disabled={create.isPending} data-testid="key-create-submit">Create</button>
        {create.error && <p role="alert" className="error">{create.error.message}</p>}
      </form>
      {created && (
        <div role="status" className="secret" data-testid="key-secret-box">
          <p><strong>Copy this secret now: it is not shown again.</strong></p>
          {created.clientId && <p>Client id: <code data-testid="key-client-id">{created.clientId}</code></p>}
          <p><code data-testid="key-secret">{created.secret}</code></p>
          <button type="button" className="secondary" onClick={() => setCreated(null)}>Done</button>
        </div>
      )}
      <table className="table" data-testid="keys-table">
        <thead><tr><th scope="col">Name</th><th scope="col">Kind</th><th scope="col">Key</th><th scope="col">Created</th><th scope="col">State</th><th scope="col"><span className="sr-only">Actions</span></th></tr></thead>
        <tbody>
          {(list.data?.keys ?? []).map((k) => (
            <tr key={k.id} data-testid="key-row" data-key-id={k.id}>
              <td>{k.name || "—"}</td>
              <td>{KIND_LABEL[k.kind]}</td>
              <td><code>{k.redacted}</code>{k.scopes.length > 0 && <> · {k.scopes.join(" ")}</>}</td>
              <td>{formatDate(k.createdAt)}</td>
              <td>{k.revokedAt ? `revoked ${formatDate(k.revokedAt)}` : "active"}</td>
              <td>
                {!k.revokedAt && (
                  <button type="button" className="secondary" disabled={revoke.isPending} onClick={() => { if (window.confirm(`Revoke “${k.name || k.redacted}”? Clients using it stop working within ${cache} seconds.`)) revoke.mutate({ id: k.id }); }} data-testid="key-revoke">
                    Revoke
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
