// Kassa-Signature: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">` — as Stripe signs its webhooks; one v1 per
// valid secret (two during a rotation's grace period). docs/webhooks.md shows the receiver's side in a few lines.
import { createHmac, timingSafeEqual } from "node:crypto";

export function signature(body: string, secrets: string[], t: number): string {
  return [`t=${t}`, ...secrets.map((s) => `v1=${createHmac("sha256", s).update(`${t}.${body}`).digest("hex")}`)].join(",");
}

/** The receiver's check (also what docs/webhooks.md shows): a v1 that matches, and a timestamp within `toleranceS`. */
export function verifySignature(body: string, header: string, secret: string, nowS: number, toleranceS = 300): boolean {
  const parts = header.split(",").map((p) => p.split("="));
  const t = Number(parts.find(([k]) => k === "t")?.[1]);
  if (!Number.isInteger(t) || Math.abs(nowS - t) > toleranceS) return false;
  const expected = Buffer.from(createHmac("sha256", secret).update(`${t}.${body}`).digest("hex"));
  return parts.some(([k, v]) => k === "v1" && v !== undefined && v.length === expected.length && timingSafeEqual(Buffer.from(v), expected));
}
