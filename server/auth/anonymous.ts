// The guest's anonymous session: a random id in an HttpOnly cookie. It owns the guest's cart until sign-in attaches it.
import { randomBytes } from "node:crypto";
import type { Db } from "../db";

export const ANON_COOKIE = "kassa_anon";
const ANON_ID = /^anon_[A-Za-z0-9_-]{24,64}$/;

export function newAnonymousId(): string {
  return `anon_${randomBytes(24).toString("base64url")}`;
}

export function readCookie(cookieHeader: string | null | undefined, name: string): string | null {
  if (!cookieHeader) return null;
  for (const part of cookieHeader.split(";")) {
    const i = part.indexOf("=");
    if (i > 0 && part.slice(0, i).trim() === name) {
      // a cookie the page's JavaScript (or a sibling subdomain) can write is the client's word: "%" must not be a 500
      try {
        return decodeURIComponent(part.slice(i + 1).trim());
      } catch {
        return null;
      }
    }
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

/** Record an anonymous session id a client chose or was given (commercetools' anonymous_id). False when the id is
 * already in use. One insert. */
export async function createAnonymousSession(db: Db, id: string): Promise<boolean> {
  try {
    await db.anonymousSession.create({ data: { id } });
    return true;
  } catch (e) {
    if ((e as { code?: string }).code === "P2002") return false; // unique violation: the id is taken
    throw e;
  }
}
