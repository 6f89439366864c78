// The idempotency store, behind Idempotency-Key on mutating REST routes (server/dialects/http/idempotency.ts adapts it
// to Request/Response) and the checkout's attempt keys. The first response for (scope, key) is stored and replayed byte
// for byte; the same key with a different request is refused; a key whose first request is still running is refused
// rather than executed twice. Records live in the database (IdempotencyKey, its own table only), so every app process
// honours them. With the tokens, keys and sign-in throttle it guards requests, so it lives in server/auth.
import { createHash } from "node:crypto";
import type { Db } from "../db";
import { PaymentError } from "../core/errors";
import { newId } from "../core/ids";

export type StoredResponse = { status: number; headers: Record<string, string>; body: string };

/**
 * How long a first request owns its key. Longer than the worst request: a provider call waits up to 15 s for its
 * session's lane and Stripe's SDK may take ~65 s with its retries. Past it, a retry may take the key over; the first
 * request, if it still finishes, then changes nothing (it no longer owns the key).
 */
const LOCK_MS = 5 * 60_000;
const KEY = /^[\x21-\x7e]{1,255}$/;

export function requestFingerprint(parts: (string | undefined)[]): string {
  return createHash("sha256").update(parts.map((p) => p ?? "").join("\u0000")).digest("hex");
}

export function validateIdempotencyKey(key: string): void {
  if (!KEY.test(key)) throw new PaymentError("validation", "Idempotency-Key must be 1 to 255 printable ASCII characters.", { field: "Idempotency-Key" });
}

/**
 * Run `execute` at most once per (scope, key). Returns its response, or the stored one for a repeat.
 * 5xx responses and thrown errors are not stored: the key is released so the client's retry runs again.
 */
export async function withIdempotency(
  db: Db,
  input: { scope: string; key: string; fingerprint: string; now?: () => Date },
  execute: () => Promise<StoredResponse>,
): Promise<StoredResponse & { replayed: boolean }> {
  validateIdempotencyKey(input.key);
  const now = input.now ?? (() => new Date());
  const where = { scope_key: { scope: input.scope, key: input.key } };
  let claimed = false;
  // Our claim is the lock's expiry we wrote: completing or releasing the key requires it to be still ours.
  let ours = new Date(now().getTime() + LOCK_MS);
  try {
    await db.idempotencyKey.create({
      data: { id: newId("idem"), scope: input.scope, key: input.key, requestHash: input.fingerprint, lockedUntil: ours },
    });
    claimed = true;
  } catch (e) {
    if ((e as { code?: string }).code !== "P2002") throw e;
  }
  if (!claimed) {
    const row = await db.idempotencyKey.findUnique({ where });
    if (!row) return withIdempotency(db, input, execute); // released meanwhile: try again
    if (row.requestHash !== input.fingerprint) {
      throw new PaymentError("idempotency_conflict", "This Idempotency-Key was already used with a different request.", { reason: "different_request" });
    }
    if (row.completedAt && row.responseStatus !== null) {
      return { status: row.responseStatus, headers: (row.responseHeaders as Record<string, string>) ?? {}, body: row.responseBody ?? "", replayed: true };
    }
    if (row.lockedUntil && row.lockedUntil > now()) {
      throw new PaymentError("idempotency_conflict", "A request with this Idempotency-Key is still being processed.", { reason: "in_flight" });
    }
    // The first request died without an answer: take the key over, once.
    ours = new Date(Math.max(now().getTime() + LOCK_MS, (row.lockedUntil?.getTime() ?? 0) + 1));
    const taken = await db.idempotencyKey.updateMany({
      where: { id: row.id, completedAt: null, lockedUntil: row.lockedUntil },
      data: { lockedUntil: ours },
    });
    if (taken.count !== 1) throw new PaymentError("idempotency_conflict", "A request with this Idempotency-Key is still being processed.", { reason: "in_flight" });
  }
  let response: StoredResponse;
  try {
    response = await execute();
  } catch (e) {
    await db.idempotencyKey.deleteMany({ where: { scope: input.scope, key: input.key, completedAt: null, lockedUntil: ours } });
    throw e;
  }
  if (response.status >= 500) {
    await db.idempotencyKey.deleteMany({ where: { scope: input.scope, key: input.key, completedAt: null, lockedUntil: ours } });
  } else {
    // Only while the claim is ours: a request that outlived its lock must not overwrite the answer of the one that took over.
    await db.idempotencyKey.updateMany({
      where: { scope: input.scope, key: input.key, completedAt: null, lockedUntil: ours },
      data: { responseStatus: response.status, responseHeaders: response.headers, responseBody: response.body, completedAt: now(), lockedUntil: null },
    });
  }
  return { ...response, replayed: false };
}
