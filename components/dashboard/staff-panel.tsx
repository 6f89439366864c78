"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { FormEvent } from "react";
import { useTRPC } from "../trpc/react";
import { formatDate } from "../ui/format";

/** Staff accounts (owners): add an operator or a viewer (or another owner), disable an account and end its sessions. */
export function StaffPanel() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const list = useQuery(trpc.dashboard.staff.list.queryOptions());
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.dashboard.staff.list.queryKey() });
  const create = useMutation(trpc.dashboard.staff.create.mutationOptions({ onSuccess: () => void refresh() }));
  const disable = useMutation(trpc.dashboard.staff.disable.mutationOptions({ onSuccess: () => void refresh() }));
  function onCreate(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    create.mutate({ email: String(f.get("email")), password: String(f.get("password")), role: String(f.get("role")) as "viewer" });
    e.currentTarget.reset();
  }
  return (
    <section aria-labelledby="staff-title">
      <h1 id="staff-title">Staff</h1>
      <form onSubmit={onCreate} className="form narrow">
        <label htmlFor="new-staff-email">Email</label>
        <input id="new-staff-email" name="email" type="email" required autoComplete="off" />
        <label htmlFor="new-staff-password">Password (at least 12 characters)</label>
        <input id="new-staff-password" name="password" type="password" required minLength={12} autoComplete="new-password" />
        <label htmlFor="new-staff-role">Role</label>
        <select id="new-staff-role" name="role" defaultValue="viewer">
          <option value="viewer">viewer — reads</option>
          <option value="operator">operator — moves money</option>
          <option value="owner">owner — everything</option>
        </select>
        <button type="submit" disabled={create.isPending}>Add</button>
        {create.error && <p role="alert" className="error">{create.error.message}</p>}
      </form>
      <table className="table">
        <thead><tr><th scope="col">Email</th><th scope="col">Role</th><th scope="col">Since</th><th scope="col">State</th><th scope="col"><span className="sr-only">Actions</span></th></tr></thead>
        <tbody>
          {(list.data ?? []).map((s) => (
            <tr key={s.id}>
              <td>{s.email}</td><td>{s.role}</td><td>{formatDate(s.createdAt)}</td><td>{s.disabledAt ? "disabled" : "active"}</td>
              <td>{!s.disabledAt && <button type="button" className="secondary" onClick={() => { if (window.confirm(`Disable ${s.email}? Their sessions end now.`)) disable.mutate({ id: s.id }); }}>Disable</button>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {disable.error && <p role="alert" className="error">{disable.error.message}</p>}
    </section>
  );
}
