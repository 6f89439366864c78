// Staff sign-in and sessions: argon2id passwords (as for customers), a database-backed throttle per email, and opaque
// session tokens stored as SHA-256 only — the console's HttpOnly cookie or the admin API's bearer token. Revocable
// (sign-out, an owner disabling the account); one indexed read per request.
import type { Db } from "../db";
import { createStaffService, type StaffActor } from "../core/staff";
import { normalizeEmail } from "../core/customers";
import { PaymentError } from "../core/errors";
import { newId } from "../core/ids";
import type { AuditSurface } from "../core/audit";
import { passwordHasher } from "./credentials";
import { readCookie } from "./anonymous";
import { newSecret, sha256 } from "./secrets";
import { createThrottle, signInPolicy } from "./throttle";

export const STAFF_COOKIE = "kassa_staff";
const TTL_SECONDS: Record<"console" | "admin_api", number> = { console: 12 * 3600, admin_api: 24 * 3600 };

export function staffService(db: Db, now: () => Date = () => new Date()) {
  return createStaffService({ db, passwords: passwordHasher, ids: newId, now });
}

export type StaffSignIn = { token: string; expiresAt: Date; staff: { id: string; email: string; role: StaffActor["role"] } };

/**
 * A new staff session for these credentials, or null when they are wrong (or the account is disabled). Throws
 * rate_limited while the email is locked after repeated failures.
 */
export async function signInStaff(db: Db, email: string, password: string, where: { surface: "console" | "admin_api"; ip: string; userAgent: string }): Promise<StaffSignIn | null> {
  const throttle = createThrottle(db, signInPolicy);
  const key = `staff-signin:${normalizeEmail(email)}`;
  const wait = await throttle.lockedFor(key);
  if (wait > 0) throw new PaymentError("rate_limited", "Too many failed sign-in attempts. Try again later.", { retryAfter: wait });
  const staff = await staffService(db).authenticate(email, password);
  if (!staff) {
    await throttle.fail(key);
    return null;
  }
  await throttle.succeed(key);
  const token = newSecret("kss_");
  const expiresAt = new Date(Date.now() + TTL_SECONDS[where.surface] * 1000);
  await db.staffSession.create({
    data: { id: newId("stses"), tokenHash: sha256(token), staffId: staff.id, surface: where.surface, ip: where.ip.slice(0, 100), userAgent: where.userAgent.slice(0, 300), expiresAt },
  });
  return { token, expiresAt, staff: { id: staff.id, email: staff.email, role: staff.role } };
}

/** The staff member behind a session token, or null (unknown, expired, revoked, disabled, or of another surface). */
export async function verifyStaffToken(db: Db, token: string | null | undefined, where: { surface: "console" | "admin_api"; ip: string }): Promise<StaffActor | null> {
  if (!token || token.length > 200 || !token.startsWith("kss_")) return null;
  const s = await db.staffSession.findUnique({ where: { tokenHash: sha256(token) }, include: { staff: { select: { id: true, email: true, role: true, disabledAt: true } } } });
  if (!s || s.revokedAt || s.expiresAt <= new Date() || s.staff.disabledAt || s.surface !== where.surface) return null;
  return { staffId: s.staff.id, email: s.staff.email, role: s.staff.role, sessionId: s.id, ip: where.ip, surface: where.surface as AuditSurface };
}

/** End one session (sign-out). */
export async function revokeStaffToken(db: Db, token: string): Promise<void> {
  await db.staffSession.updateMany({ where: { tokenHash: sha256(token), revokedAt: null }, data: { revokedAt: new Date() } });
}

/** The console's staff member behind a request's cookie (the tRPC procedures and the CSV download), or null. */
export function consoleStaff(db: Db, headers: Headers): Promise<StaffActor | null> {
  return verifyStaffToken(db, readStaffCookie(headers.get("cookie")), { surface: "console", ip: clientIp(headers) });
}

export function readStaffCookie(cookieHeader: string | null | undefined): string | null {
  return readCookie(cookieHeader, STAFF_COOKIE);
}

/** The console's cookie: HttpOnly, SameSite=Strict (no cross-site request carries it), Secure behind https. */
export function staffCookie(token: string, maxAgeSeconds: number, secure: boolean): string {
  return `${STAFF_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${secure ? "; Secure" : ""}`;
}

export function clearStaffCookie(secure: boolean): string {
  return staffCookie("", 0, secure);
}

/** The client's address as the server saw it (stamped by Kassa's server, see server/http/main.ts), else "". */
export function clientIp(headers: Headers): string {
  return headers.get("x-kassa-client-ip") ?? "";
}
