// Static API keys (Medusa publishable keys, shop API keys): stored as SHA-256, looked up by hash.
import type { Db } from "../db";
import type { ApiKeyKind } from "../db/generated/enums";
import { newId } from "../core/ids";
import { redact, sha256 } from "./secrets";

type KeyRow = Awaited<ReturnType<Db["apiKey"]["findUnique"]>>;

/** Keys are read on every storefront request: a short in-process cache saves the round trip. A revocation reaches
 * every process within KEY_CACHE_MS (the database stays the only source of truth). */
export const KEY_CACHE_MS = 10_000;
const keyCache = new Map<string, { row: KeyRow; at: number }>();

export async function findApiKey(db: Db, presented: string | null | undefined, kinds: readonly ApiKeyKind[]) {
  if (!presented || presented.length > 256) return null;
  const hash = sha256(presented);
  const hit = keyCache.get(hash);
  let row: KeyRow;
  if (hit && Date.now() - hit.at < KEY_CACHE_MS) row = hit.row;
  else {
    row = await db.apiKey.findUnique({ where: { keyHash: hash } });
    if (keyCache.size > 10_000) keyCache.clear();
    keyCache.set(hash, { row, at: Date.now() });
  }
  if (!row || row.revokedAt || !kinds.includes(row.kind)) return null;
  return row;
}

/**
 * The stored key for a presented value, of any kind and state (revoked included), read from the database every time:
 * for callers that tell a wrong kind from an unknown key and want a revocation to apply at once. Null when it is
 * absent, over-long or unknown. One query, no cache (findApiKey is the cached one).
 */
export async function readApiKey(db: Db, presented: string | null | undefined): Promise<KeyRow> {
  if (!presented || presented.length > 256) return null;
  return db.apiKey.findUnique({ where: { keyHash: sha256(presented) } });
}

/** Create (or keep) a key with a known value: used by the seed and by operators who bring their own keys. */
export async function ensureApiKey(db: Db, kind: ApiKeyKind, value: string, label: string) {
  const keyHash = sha256(value);
  return db.apiKey.upsert({
    where: { keyHash },
    update: {},
    create: { id: newId("key"), kind, keyHash, redacted: redact(value), label },
  });
}
