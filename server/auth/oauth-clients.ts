// OAuth clients (commercetools' API clients): a client id and a secret stored as a password hash, with the project
// and scopes the client may ask tokens for.
import type { Db } from "../db";
import { verifyPassword } from "./password";

export type OAuthClientGrant = { clientId: string; projectKey: string; scopes: string[] };

/** The client when the id exists and the secret matches, else null. One query (plus the hash check when it exists). */
export async function authenticateOAuthClient(db: Db, clientId: string, secret: string): Promise<OAuthClientGrant | null> {
  const client = await db.oAuthClient.findUnique({ where: { clientId }, select: { clientId: true, projectKey: true, scopes: true, secretHash: true, revokedAt: true } });
  if (!client || client.revokedAt || !(await verifyPassword(client.secretHash, secret))) return null;
  return { clientId: client.clientId, projectKey: client.projectKey, scopes: client.scopes };
}
