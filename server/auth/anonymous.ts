// The guest's anonymous session: a random id in an HttpOnly cookie. It owns the guest's cart until sign-in attaches it.
import { randomBytes } from "node:crypto";

export const ANON_COOKIE = "kassa_anon";
const ANON_ID = /^anon_[A-Za-z0-9_-]{24,64}$/;

export function newAnonymousId(): string {
  return `anon_${randomBytes(24).toString("base64url")}`;
}

export function readCookie(cookieHeader: string | null | undefined, name: string): string | null {
  if (!cookieHeader) return null;
  for (const part of cookieHeader.split(";")) {
    const i = part.indexOf("=");
    if (i > 0 && part.slice(0, i).trim() === name) return decodeURIComponent(part.slice(i + 1).trim());
  }
  return null;
}

export function readAnonymousId(cookieHeader: string | null | undefined): string | null {
  const v = readCookie(cookieHeader, ANON_COOKIE);
  return v && ANON_ID.test(v) ? v : null;
}

export function anonymousCookie(id: string, secure: boolean): string {
  return `${ANON_COOKIE}=${id}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${60 * 60 * 24 * 30}${secure ? "; Secure" : ""}`;
}
