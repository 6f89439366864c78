// Keys and clients, managed by owners (console and CLI, one service): Medusa publishable keys, shop API keys and
// commercetools OAuth clients. A secret is shown once, when created; only its hash is kept. Revocation is immediate in
// the database; storefront keys are cached in each process for up to KEY_CACHE_MS (10 s), so a revoked key may work
// that long — no extra database round trip on the hot paths. A revoked OAuth client's tokens are revoked at once.
import type { Db } from "../db";
import type { ApiKeyKind } from "../db/generated/enums";
import { writeAudit } from "../core/audit";
import { PaymentError } from "../core/errors";
import { newId } from "../core/ids";
import { requireRole, type StaffActor } from "../core/staff";
import { KEY_CACHE_MS } from "./api-keys";
import { hashPassword } from "./password";
import { newSecret, redact, sha256 } from "./secrets";

export const KEY_KINDS = ["medusa-publishable", "shop-storefront", "shop-payment-system", "commercetools-client"] as const;
export type KeyKind = (typeof KEY_KINDS)[number];

const API_KIND: Record<Exclude<KeyKind, "commercetools-client">, { kind: ApiKeyKind; prefix: string }> = {
  "medusa-publishable": { kind: "publishable", prefix: "pk_" },
  "shop-storefront": { kind: "shop_storefront", prefix: "shop_sf_" },
  "shop-payment-system": { kind: "shop_payment_system", prefix: "shop_ps_" },
};
const KIND_OF: Record<ApiKeyKind, KeyKind> = { publishable: "medusa-publishable", shop_storefront: "shop-storefront", shop_payment_system: "shop-payment-system" };

export type KeyListing = {
  id: string;
  kind: KeyKind;
  name: string;
  /** A display form that never reveals the secret (for OAuth clients: the client id). */
  redacted: string;
  clientId: string | null;
  projectKey: string | null;
  scopes: string[];
  revokedAt: Date | null;
  createdAt: Date;
};

export { KEY_CACHE_MS };

export function createKeyAdmin(db: Db, opts: { projectKey: string; now?: () => Date }) {
  const now = opts.now ?? (() => new Date());

  async function listKeys(staff: StaffActor): Promise<KeyListing[]> {
    requireRole(staff, "owner");
    const [keys, clients] = await Promise.all([db.apiKey.findMany({ orderBy: { createdAt: "asc" } }), db.oAuthClient.findMany({ orderBy: { createdAt: "asc" } })]);
    return [
      ...keys.map((k) => ({ id: k.id, kind: KIND_OF[k.kind], name: k.label, redacted: k.redacted, clientId: null, projectKey: null, scopes: [], revokedAt: k.revokedAt, createdAt: k.createdAt })),
      ...clients.map((c) => ({ id: c.id, kind: "commercetools-client" as const, name: c.label, redacted: c.clientId, clientId: c.clientId, projectKey: c.projectKey, scopes: c.scopes, revokedAt: c.revokedAt, createdAt: c.createdAt })),
    ].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  }

  /** A new key or client; `secret` is in this answer only. */
  async function createKey(staff: StaffActor, input: { kind: KeyKind; name: string; scopes?: string[] }): Promise<KeyListing & { secret: string }> {
    requireRole(staff, "owner");
    const name = input.name.trim();
    if (!name || name.length > 100) throw new PaymentError("validation", "Give the key a name of 1 to 100 characters.", { field: "name" });
    if (!KEY_KINDS.includes(input.kind)) throw new PaymentError("validation", `The kind is one of ${KEY_KINDS.join(", ")}.`, { field: "kind" });
    const at = now();
    if (input.kind === "commercetools-client") {
      const allowed = [`manage_my_payments:${opts.projectKey}`, `create_anonymous_token:${opts.projectKey}`];
      const scopes = input.scopes?.length ? input.scopes : allowed;
      const bad = scopes.find((s) => !allowed.includes(s));
      if (bad) throw new PaymentError("validation", `Unknown scope ${bad}; clients may have ${allowed.join(", ")}.`, { field: "scopes" });
      const clientId = `kassa-${newSecret("", 9).toLowerCase().replace(/[^a-z0-9]/g, "x")}`;
      const secret = newSecret("", 24);
      const secretHash = await hashPassword(secret);
      const row = await db.$transaction(async (tx) => {
        const c = await tx.oAuthClient.create({ data: { id: newId("client"), clientId, secretHash, projectKey: opts.projectKey, scopes, label: name, createdAt: at } });
        await writeAudit(tx, { ids: newId, now }, { by: staff, action: "key.create", targetType: "oauth_client", targetId: c.id, outcome: "succeeded", after: { kind: input.kind, name, clientId, scopes } });
        return c;
      });
      return { id: row.id, kind: input.kind, name, redacted: clientId, clientId, projectKey: row.projectKey, scopes, revokedAt: null, createdAt: row.createdAt, secret };
    }
    const spec = API_KIND[input.kind];
    const secret = newSecret(spec.prefix, 24);
    const row = await db.$transaction(async (tx) => {
      const k = await tx.apiKey.create({ data: { id: newId("key"), kind: spec.kind, keyHash: sha256(secret), redacted: redact(secret), label: name, createdAt: at } });
      await writeAudit(tx, { ids: newId, now }, { by: staff, action: "key.create", targetType: "api_key", targetId: k.id, outcome: "succeeded", after: { kind: input.kind, name, redacted: k.redacted } });
      return k;
    });
    return { id: row.id, kind: input.kind, name, redacted: row.redacted, clientId: null, projectKey: null, scopes: [], revokedAt: null, createdAt: row.createdAt, secret };
  }

  /** Revoke a key or client (a repeat is a no-op). An OAuth client's issued tokens end with it. */
  async function revokeKey(staff: StaffActor, id: string): Promise<KeyListing> {
    requireRole(staff, "owner");
    const at = now();
    await db.$transaction(async (tx) => {
      const key = await tx.apiKey.findUnique({ where: { id } });
      if (key) {
        if (key.revokedAt) return;
        await tx.apiKey.update({ where: { id }, data: { revokedAt: at } });
        await writeAudit(tx, { ids: newId, now }, { by: staff, action: "key.revoke", targetType: "api_key", targetId: id, outcome: "succeeded", before: { revokedAt: null }, after: { revokedAt: at, kind: KIND_OF[key.kind], name: key.label } });
        return;
      }
      const client = await tx.oAuthClient.findUnique({ where: { id } });
      if (!client) throw new PaymentError("not_found", `Key ${id} was not found.`);
      if (client.revokedAt) return;
      await tx.oAuthClient.update({ where: { id }, data: { revokedAt: at } });
      const tokens = await tx.accessToken.updateMany({ where: { clientId: client.clientId, revokedAt: null }, data: { revokedAt: at } });
      await writeAudit(tx, { ids: newId, now }, { by: staff, action: "key.revoke", targetType: "oauth_client", targetId: id, outcome: "succeeded", before: { revokedAt: null }, after: { revokedAt: at, clientId: client.clientId, tokensRevoked: tokens.count } });
    });
    const all = await listKeys(staff);
    return all.find((k) => k.id === id)!;
  }

  return { listKeys, createKey, revokeKey };
}

export type KeyAdmin = ReturnType<typeof createKeyAdmin>;
