// Shop API credentials: every route needs X-API-Key (storefront or payment-system key, stored as SHA-256 and compared
// in constant time); customer routes also need the customer's `Authorization: Bearer` token from /auth/login.
import type { Db } from "../../db";
import type { ApiKeyKind } from "../../db/generated/enums";
import { readApiKey } from "../../auth/api-keys";
import { createTokenService } from "../../auth/tokens";
import { constantTimeEqual, sha256 } from "../../auth/secrets";
import type { Actor } from "../../core/actors";
import { PaymentError } from "../../core/errors";
import { bearerToken } from "../http/kit";
import { env } from "../../env";

export type ShopKeyKind = "storefront" | "payment_system";
const KIND: Record<ShopKeyKind, ApiKeyKind> = { storefront: "shop_storefront", payment_system: "shop_payment_system" };

/**
 * The caller's key must be of this kind (a storefront key cannot mark orders paid). With KASSA_SHOP_API_KEY set, that
 * one key also opens both kinds of routes, as the seed's deployment uses one key (`X-API-Key: 123456789`).
 */
export async function requireKey(db: Db, req: Request, kind: ShopKeyKind): Promise<{ keyId: string }> {
  const presented = req.headers.get("x-api-key");
  if (!presented) throw new PaymentError("unauthorized", "Missing API key.");
  const hash = sha256(presented);
  if (env.KASSA_SHOP_API_KEY && constantTimeEqual(sha256(env.KASSA_SHOP_API_KEY), hash)) return { keyId: "env:KASSA_SHOP_API_KEY" };
  const row = await readApiKey(db, presented);
  if (!row || row.revokedAt || !constantTimeEqual(row.keyHash, hash) || !["shop_storefront", "shop_payment_system"].includes(row.kind)) {
    throw new PaymentError("unauthorized", "Invalid API key.");
  }
  if (row.kind !== KIND[kind]) throw new PaymentError("forbidden", "This API key cannot use this endpoint.");
  return { keyId: row.id };
}

export async function requireCustomer(db: Db, req: Request): Promise<Actor & { type: "customer" }> {
  const token = bearerToken(req);
  const grant = token ? await createTokenService({ db }).verify(token, { audience: "shop" }) : null;
  if (!grant || grant.subject.type !== "customer") throw new PaymentError("unauthorized", "Unauthenticated.");
  return { type: "customer", customerId: grant.subject.customerId };
}
