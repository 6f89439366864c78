// Opaque secrets (API tokens, API keys): random, stored only as SHA-256, compared by hash lookup and constant-time equality.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

export function newSecret(prefix: string, bytes = 32): string {
  return `${prefix}${randomBytes(bytes).toString("base64url")}`;
}

export function sha256(value: string): string {
  return createHash("sha256").update(value, "utf8").digest("hex");
}

export function constantTimeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, "utf8");
  const y = Buffer.from(b, "utf8");
  return x.length === y.length && timingSafeEqual(x, y);
}

/** A display form that never reveals the secret: first 4 and last 4 characters. */
export function redact(secret: string): string {
  return secret.length <= 10 ? "…" : `${secret.slice(0, 4)}…${secret.slice(-4)}`;
}
