// Sign-in by email and password, shared by next-auth and the REST dialects' token endpoints:
// argon2id verification plus a database-backed throttle on failures (per email).
import type { Db } from "../db";
import { createCustomerService, normalizeEmail, type PublicCustomer } from "../core/customers";
import { PaymentError } from "../core/errors";
import { burnPasswordCheck, hashPassword, verifyPassword } from "./password";
import { createThrottle, signInPolicy } from "./throttle";

export const passwordHasher = { hash: hashPassword, verify: verifyPassword, burn: burnPasswordCheck };

export function customerService(db: Db) {
  return createCustomerService({ db, passwords: passwordHasher });
}

/**
 * The customer for these credentials, or null when they are wrong.
 * Throws PaymentError("rate_limited", { retryAfter }) while the email is locked after repeated failures.
 */
export async function signInWithPassword(db: Db, email: string, password: string): Promise<PublicCustomer | null> {
  const throttle = createThrottle(db, signInPolicy);
  const key = `signin:${normalizeEmail(email)}`;
  const wait = await throttle.lockedFor(key);
  if (wait > 0) throw new PaymentError("rate_limited", "Too many failed sign-in attempts. Try again later.", { retryAfter: wait });
  const customer = await customerService(db).authenticate(email, password);
  if (customer) await throttle.succeed(key);
  else await throttle.fail(key);
  return customer;
}
