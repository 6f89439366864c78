// The API-token service every REST dialect uses: opaque random bearer tokens, stored as SHA-256 only,
// with a subject (customer or anonymous session), audience, scopes, expiry and revocation.
import type { Db } from "../db";
import { newId } from "../core/ids";
import { newSecret, sha256 } from "./secrets";

export type TokenAudience = "magento" | "commercetools" | "medusa" | "shop";

export type TokenSubject =
  | { type: "customer"; customerId: string }
  | { type: "anonymous"; anonymousId: string };

export type IssuedToken = { token: string; id: string; expiresAt: Date; scopes: string[] };

export type VerifiedToken = {
  id: string;
  subject: TokenSubject;
  audience: string;
  clientId: string | null;
  scopes: string[];
  expiresAt: Date;
  kind: "access" | "refresh";
};

export function createTokenService(deps: { db: Db; now?: () => Date }) {
  const now = deps.now ?? (() => new Date());
  const db = deps.db;

  async function issue(input: {
    subject: TokenSubject;
    audience: TokenAudience;
    scopes?: string[];
    ttlSeconds: number;
    kind?: "access" | "refresh";
    clientId?: string;
  }): Promise<IssuedToken> {
    const kind = input.kind ?? "access";
    const token = newSecret(kind === "refresh" ? "ksr_" : "kst_");
    const id = newId("tok");
    const expiresAt = new Date(now().getTime() + input.ttlSeconds * 1000);
    const scopes = input.scopes ?? [];
    await db.accessToken.create({
      data: {
        id,
        tokenHash: sha256(token),
        kind,
        subjectType: input.subject.type,
        customerId: input.subject.type === "customer" ? input.subject.customerId : null,
        anonymousId: input.subject.type === "anonymous" ? input.subject.anonymousId : null,
        audience: input.audience,
        clientId: input.clientId ?? null,
        scopes,
        expiresAt,
      },
    });
    return { token, id, expiresAt, scopes };
  }

  /** The token's grant when it exists, is unexpired, unrevoked and (if given) of this audience and kind; else null. */
  async function verify(token: string, expect: { audience?: TokenAudience; kind?: "access" | "refresh" } = {}): Promise<VerifiedToken | null> {
    if (!token || token.length > 512) return null;
    const row = await db.accessToken.findUnique({ where: { tokenHash: sha256(token) } });
    if (!row || row.revokedAt || row.expiresAt <= now()) return null;
    if (expect.audience && row.audience !== expect.audience) return null;
    if ((expect.kind ?? "access") !== row.kind) return null;
    const subject: TokenSubject | null =
      row.subjectType === "customer" && row.customerId
        ? { type: "customer", customerId: row.customerId }
        : row.subjectType === "anonymous" && row.anonymousId
          ? { type: "anonymous", anonymousId: row.anonymousId }
          : null;
    if (!subject) return null;
    return { id: row.id, subject, audience: row.audience, clientId: row.clientId, scopes: row.scopes, expiresAt: row.expiresAt, kind: row.kind };
  }

  async function revoke(token: string): Promise<boolean> {
    const r = await db.accessToken.updateMany({ where: { tokenHash: sha256(token), revokedAt: null }, data: { revokedAt: now() } });
    return r.count > 0;
  }

  async function revokeAllForCustomer(customerId: string, audience?: TokenAudience): Promise<number> {
    const r = await db.accessToken.updateMany({
      where: { customerId, revokedAt: null, ...(audience ? { audience } : {}) },
      data: { revokedAt: now() },
    });
    return r.count;
  }

  return { issue, verify, revoke, revokeAllForCustomer };
}

export type TokenService = ReturnType<typeof createTokenService>;
