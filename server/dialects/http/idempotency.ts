// Idempotency-Key for the REST dialects: the header, the request's fingerprint and the Response, over the store in
// server/auth/idempotency.ts (which owns the IdempotencyKey table).
import type { Db } from "../../db";
import { requestFingerprint, withIdempotency } from "../../auth/idempotency";

/** Adapter for fetch-style route handlers: reads the body once, fingerprints method + path + body, replays Responses. */
export async function idempotentResponse(
  db: Db,
  req: Request,
  body: string,
  scope: string,
  handle: () => Promise<Response>,
): Promise<Response> {
  const key = req.headers.get("idempotency-key");
  if (!key) return handle();
  const url = new URL(req.url);
  const result = await withIdempotency(db, { scope, key, fingerprint: requestFingerprint([req.method, url.pathname, url.search, body]) }, async () => {
    const res = await handle();
    const headers: Record<string, string> = {};
    res.headers.forEach((v, k) => {
      if (k === "content-type" || k.startsWith("x-") || k === "location") headers[k] = v;
    });
    return { status: res.status, headers, body: await res.text() };
  });
  return new Response(result.body, { status: result.status, headers: { ...result.headers, ...(result.replayed ? { "idempotent-replayed": "true" } : {}) } });
}
