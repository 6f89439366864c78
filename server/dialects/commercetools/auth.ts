// commercetools OAuth: password flow for customers, anonymous sessions, refresh tokens — all HTTP Basic client
// credentials with form bodies, tokens from the shared token service scoped to the client's project and scopes.
import type { Db } from "../../db";
import { PaymentError, isPaymentError } from "../../core/errors";
import { createAnonymousSession } from "../../auth/anonymous";
import { authenticateOAuthClient } from "../../auth/oauth-clients";
import { signInWithPassword } from "../../auth/credentials";
import { createTokenService, type VerifiedToken } from "../../auth/tokens";
import type { Actor } from "../../core/actors";
import { badTextAt, bearerToken } from "../http/kit";
import { CtOAuthError } from "./errors";
import { CtAnonymousTokenForm, CtPasswordTokenForm, CtRefreshTokenForm } from "./schemas";
import { CT_ANON_PREFIX } from "./codec";

export const ACCESS_TTL = 172_800; // 48 h, as commercetools answers (clients refresh 5 minutes early)
const REFRESH_TTL = 200 * 24 * 3600;

export const INVALID_CLIENT = "Please provide valid client credentials using HTTP Basic Authentication.";

async function authenticateClient(db: Db, req: Request, projectKey: string | null) {
  const m = req.headers.get("authorization")?.match(/^Basic\s+([A-Za-z0-9+/=]+)$/i);
  if (!m) throw new CtOAuthError(401, "invalid_client", INVALID_CLIENT);
  const decoded = Buffer.from(m[1]!, "base64").toString("utf8");
  const i = decoded.indexOf(":");
  let clientId: string, secret: string;
  try {
    clientId = decodeURIComponent(decoded.slice(0, i));
    secret = decodeURIComponent(decoded.slice(i + 1));
  } catch {
    throw new CtOAuthError(401, "invalid_client", INVALID_CLIENT); // a malformed escape names no client
  }
  // text no client id can hold (NUL, unpaired surrogates) names no client either, and must not reach the database
  const client = i > 0 && badTextAt([clientId, secret], "client") === null ? await authenticateOAuthClient(db, clientId, secret) : null;
  if (!client) throw new CtOAuthError(401, "invalid_client", INVALID_CLIENT);
  if (projectKey !== null && client.projectKey !== projectKey) throw new CtOAuthError(401, "invalid_client", INVALID_CLIENT);
  return client;
}

/** Requested scopes must be a subset of the client's; none requested means all of the client's. */
function grantScopes(requested: string | null, allowed: string[]): string[] {
  if (!requested || !requested.trim()) return allowed;
  const wanted = requested.trim().split(/\s+/);
  if (wanted.some((s) => !allowed.includes(s))) throw new CtOAuthError(400, "invalid_scope", "Malformed parameter: scope: Invalid scope.");
  return wanted;
}

function tokenBody(access: { token: string; scopes: string[] }, subjectScope: string, refresh?: string) {
  return {
    access_token: access.token,
    token_type: "Bearer",
    expires_in: ACCESS_TTL,
    scope: [...access.scopes, subjectScope].join(" "),
    ...(refresh ? { refresh_token: refresh } : {}),
  };
}

export async function passwordToken(db: Db, req: Request, projectKey: string, form: URLSearchParams) {
  const client = await authenticateClient(db, req, projectKey);
  if (!CtPasswordTokenForm.shape.grant_type.safeParse(form.get("grant_type")).success) throw unsupportedGrant(form.get("grant_type"));
  const scopes = grantScopes(form.get("scope"), client.scopes.filter((s) => !s.startsWith("create_anonymous_token")));
  const username = form.get("username") ?? "";
  const password = form.get("password") ?? "";
  let customer;
  try {
    customer = await signInWithPassword(db, username, password);
  } catch (e) {
    if (isPaymentError(e) && e.code === "rate_limited") throw new CtOAuthError(400, "invalid_customer_account_credentials", "Customer account with the given credentials not found.");
    throw e;
  }
  if (!customer) throw new CtOAuthError(400, "invalid_customer_account_credentials", "Customer account with the given credentials not found.");
  const tokens = createTokenService({ db });
  const subject = { type: "customer" as const, customerId: customer.id };
  const access = await tokens.issue({ subject, audience: "commercetools", scopes, ttlSeconds: ACCESS_TTL, clientId: client.clientId });
  const refresh = await tokens.issue({ subject, audience: "commercetools", scopes, ttlSeconds: REFRESH_TTL, clientId: client.clientId, kind: "refresh" });
  return tokenBody(access, `customer_id:${customer.id}`, refresh.token);
}

export async function anonymousToken(db: Db, req: Request, projectKey: string, form: URLSearchParams) {
  const client = await authenticateClient(db, req, projectKey);
  if (!CtAnonymousTokenForm.shape.grant_type.safeParse(form.get("grant_type")).success) throw unsupportedGrant(form.get("grant_type"));
  if (!client.scopes.includes(`create_anonymous_token:${projectKey}`)) throw new CtOAuthError(400, "invalid_scope", "Malformed parameter: scope: Invalid scope.");
  const scopes = grantScopes(form.get("scope"), client.scopes.filter((s) => !s.startsWith("create_anonymous_token")));
  const given = form.get("anonymous_id");
  if (given !== null && !CtAnonymousTokenForm.shape.anonymous_id.safeParse(given).success) throw new CtOAuthError(400, "invalid_request", "Malformed parameter: anonymous_id.");
  const anonymousId = given ?? crypto.randomUUID();
  if (!(await createAnonymousSession(db, CT_ANON_PREFIX + anonymousId))) throw new CtOAuthError(400, "invalid_request", "The given anonymous ID is already in use.");
  const tokens = createTokenService({ db });
  const subject = { type: "anonymous" as const, anonymousId: CT_ANON_PREFIX + anonymousId };
  const access = await tokens.issue({ subject, audience: "commercetools", scopes, ttlSeconds: ACCESS_TTL, clientId: client.clientId });
  const refresh = await tokens.issue({ subject, audience: "commercetools", scopes, ttlSeconds: REFRESH_TTL, clientId: client.clientId, kind: "refresh" });
  return tokenBody(access, `anonymous_id:${anonymousId}`, refresh.token);
}

export async function refreshToken(db: Db, req: Request, form: URLSearchParams) {
  const client = await authenticateClient(db, req, null);
  if (!CtRefreshTokenForm.shape.grant_type.safeParse(form.get("grant_type")).success) throw unsupportedGrant(form.get("grant_type"));
  const tokens = createTokenService({ db });
  const grant = await tokens.verify(form.get("refresh_token") ?? "", { audience: "commercetools", kind: "refresh" });
  if (!grant || grant.clientId !== client.clientId) throw new CtOAuthError(400, "invalid_grant", "The refresh token was not found. It may have expired.");
  const access = await tokens.issue({ subject: grant.subject, audience: "commercetools", scopes: grant.scopes, ttlSeconds: ACCESS_TTL, clientId: client.clientId });
  const subjectScope = grant.subject.type === "customer" ? `customer_id:${grant.subject.customerId}` : `anonymous_id:${grant.subject.anonymousId.slice(CT_ANON_PREFIX.length)}`;
  return tokenBody(access, subjectScope);
}

function unsupportedGrant(grantType: string | null): CtOAuthError {
  return grantType
    ? new CtOAuthError(400, "unsupported_grant_type", `Invalid parameter: grant_type: Invalid grant type: ${grantType}`)
    : new CtOAuthError(400, "invalid_request", "Missing required parameter: grant_type.");
}

/** The API caller: a valid commercetools token with manage_my_payments for this project, as a customer or anonymous actor. */
export async function authenticateApi(db: Db, req: Request, projectKey: string): Promise<{ actor: Actor; grant: VerifiedToken }> {
  const token = bearerToken(req);
  const grant = token ? await createTokenService({ db }).verify(token, { audience: "commercetools" }) : null;
  if (!grant) throw new PaymentError("unauthorized", "invalid_token");
  const needed = `manage_my_payments:${projectKey}`;
  if (!grant.scopes.includes(needed) && !grant.scopes.includes(`manage_project:${projectKey}`)) {
    throw new PaymentError("forbidden", `Insufficient scope. One of the following scopes is missing: ${needed}.`);
  }
  const actor: Actor = grant.subject.type === "customer" ? { type: "customer", customerId: grant.subject.customerId } : { type: "anonymous", anonymousId: grant.subject.anonymousId };
  return { actor, grant };
}

