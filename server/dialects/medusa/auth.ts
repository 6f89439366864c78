// Medusa credentials -> an actor. Every /store route needs a publishable key (x-publishable-api-key); a customer's
// `Authorization: Bearer` token (from POST /auth/customer/emailpass) makes the request the customer's. As in Medusa,
// an invalid token on a store route is ignored (the request continues as a guest). Guest carts belong to the
// publishable key's guest session, so one storefront cannot reach another storefront's carts.
import type { Db } from "../../db";
import { findApiKey } from "../../auth/api-keys";
import { createTokenService } from "../../auth/tokens";
import type { Actor } from "../../core/actors";
import { PaymentError } from "../../core/errors";
import { bearerToken } from "../http/kit";

export const MISSING_KEY = "Publishable API key required in the request header: x-publishable-api-key. You can manage your keys in settings in the dashboard.";
export const INVALID_KEY = "A valid publishable key is required to proceed with the request";

export type MedusaCaller = { keyId: string; customerId: string | null; guest: Actor & { type: "anonymous" }; actor: Actor };

export async function authenticateStore(db: Db, req: Request): Promise<MedusaCaller> {
  const presented = req.headers.get("x-publishable-api-key");
  if (!presented) throw new PaymentError("invalid_state", MISSING_KEY, { medusaType: "not_allowed" });
  const key = await findApiKey(db, presented, ["publishable"]);
  if (!key) throw new PaymentError("invalid_state", INVALID_KEY, { medusaType: "not_allowed" });
  const guest = { type: "anonymous", anonymousId: `medusa_guest_${key.id}` } as const;
  const token = bearerToken(req);
  const grant = token ? await createTokenService({ db }).verify(token, { audience: "medusa" }) : null;
  const customerId = grant?.subject.type === "customer" ? grant.subject.customerId : null;
  return { keyId: key.id, customerId, guest, actor: customerId ? { type: "customer", customerId } : guest };
}

/** The actor that owns this cart for the caller: the customer for their carts, the storefront guest for guest carts. */
export function actorForOwner(caller: MedusaCaller, owner: { customerId: string | null; anonymousId: string | null }, notFound: () => never): Actor {
  if (owner.customerId) {
    if (owner.customerId === caller.customerId) return { type: "customer", customerId: owner.customerId };
    return notFound();
  }
  if (owner.anonymousId === caller.guest.anonymousId) return caller.guest;
  return notFound();
}
