// Static API keys (Medusa publishable keys, shop API keys): stored as SHA-256, looked up by hash.
import type { Db } from "../db";
import type { ApiKeyKind } from "../db/generated/enums";
import { newId } from "../core/ids";
import { redact, sha256 } from "./secrets";

export async function findApiKey(db: Db, presented: string | null | undefined, kinds: readonly ApiKeyKind[]) {
  if (!presented || presented.length > 256) return null;
  const row = await db.apiKey.findUnique({ where: { keyHash: sha256(presented) } });
  if (!row || row.revokedAt || !kinds.includes(row.kind)) return null;
  return row;
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
