// Password reset for customers: a signed, single-use, expiring link. The token is `<reset id>.<HMAC of the id>` under
// the app's auth secret; only its SHA-256 is stored. Asking for a reset answers the same whether or not the email has
// an account (no enumeration), and at most three links are open per account at a time. Using one sets the password,
// marks the link used (once, even under concurrent use), and revokes the customer's API tokens.
import { createHmac } from "node:crypto";
import type { Db } from "../db";
import type { JobEnqueuer } from "../core/deps";
import { normalizeEmail } from "../core/customers";
import { PaymentError } from "../core/errors";
import { newId } from "../core/ids";
import { authSecret } from "../env";
import { hashPassword } from "./password";
import { constantTimeEqual, sha256 } from "./secrets";
import { createTokenService } from "./tokens";

export const RESET_TTL_MINUTES = 60;

export function resetToken(resetId: string, secret = authSecret()): string {
  return `${resetId}.${createHmac("sha256", secret).update(`password-reset:${resetId}`).digest("base64url")}`;
}

export async function requestPasswordReset(db: Db, jobs: JobEnqueuer, email: string, now: () => Date = () => new Date()): Promise<void> {
  const customer = await db.customer.findUnique({ where: { email: normalizeEmail(email) }, select: { id: true } });
  if (!customer) return;
  const at = now();
  const open = await db.passwordReset.count({ where: { customerId: customer.id, usedAt: null, expiresAt: { gt: at } } });
  if (open >= 3) return;
  const id = newId("pwr");
  await db.$transaction(async (tx) => {
    await tx.passwordReset.create({ data: { id, tokenHash: sha256(resetToken(id)), customerId: customer.id, expiresAt: new Date(at.getTime() + RESET_TTL_MINUTES * 60_000), createdAt: at } });
    await jobs.enqueue(tx, { name: "email.password_reset", key: id, payload: { resetId: id } });
  });
}

/** Set a new password with a reset link's token. Refused (validation) when the link is unknown, used or expired. */
export async function resetPassword(db: Db, token: string, password: string, now: () => Date = () => new Date()): Promise<void> {
  const invalid = () => new PaymentError("validation", "This reset link is not valid any more. Ask for a new one.", { field: "token" });
  const id = token.split(".")[0] ?? "";
  if (token.length > 200 || !id) throw invalid();
  if (password.length < 8) throw new PaymentError("validation", "Passwords have at least 8 characters.", { field: "password" });
  if (password.length > 256) throw new PaymentError("validation", "Passwords have at most 256 characters.", { field: "password" });
  const row = await db.passwordReset.findUnique({ where: { id } });
  const at = now();
  if (!row || !constantTimeEqual(row.tokenHash, sha256(token)) || row.usedAt || row.expiresAt <= at) throw invalid();
  const passwordHash = await hashPassword(password);
  await db.$transaction(async (tx) => {
    const used = await tx.passwordReset.updateMany({ where: { id, usedAt: null, expiresAt: { gt: at } }, data: { usedAt: at } });
    if (used.count !== 1) throw invalid();
    const c = await tx.customer.update({ where: { id: row.customerId }, data: { passwordHash } });
    await tx.passwordReset.updateMany({ where: { customerId: row.customerId, usedAt: null }, data: { usedAt: at } }); // the other open links too
    await tx.rateLimit.deleteMany({ where: { key: `signin:${c.email}` } });
  });
  await createTokenService({ db, now }).revokeAllForCustomer(row.customerId);
}
