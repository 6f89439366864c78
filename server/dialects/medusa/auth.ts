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

/**
 * `guest` is null for a keyless caller (Medusa v1's routes, which take no publishable key): there the collection id is
 * the capability — a guest's collection is reachable by its id — while a customer's still needs that customer.
 */
export type MedusaCaller = { keyId: string; customerId: string | null; guest: (Actor & { type: "anonymous" }) | null; actor: Actor | null };

/** Medusa v1's session cookie (express-session's name); Kassa keeps a customer token in it. */
export const V1_SESSION_COOKIE = "connect.sid";

function sessionToken(req: Request): string | null {
  const cookie = req.headers.get("cookie");
  const m = cookie?.match(/(?:^|;\s*)connect\.sid=([^;]+)/);
  return m ? decodeURIComponent(m[1]!) : null;
}

export async function authenticateStore(db: Db, req: Request, opts: { keyOptional?: boolean } = {}): Promise<MedusaCaller> {
  const presented = req.headers.get("x-publishable-api-key");
  const token = bearerToken(req) ?? sessionToken(req);
  const grant = token ? await createTokenService({ db }).verify(token, { audience: "medusa" }) : null;
  const customerId = grant?.subject.type === "customer" ? grant.subject.customerId : null;
  const customer = customerId ? ({ type: "customer", customerId } as const) : null;
  if (!presented && opts.keyOptional) return { keyId: "keyless", customerId, guest: null, actor: customer };
  if (!presented) throw new PaymentError("invalid_state", MISSING_KEY, { medusaType: "not_allowed" });
  const key = await findApiKey(db, presented, ["publishable"]);
  if (!key) throw new PaymentError("invalid_state", INVALID_KEY, { medusaType: "not_allowed" });
  const guest = { type: "anonymous", anonymousId: `medusa_guest_${key.id}` } as const;
  return { keyId: key.id, customerId, guest, actor: customer ?? guest };
}

/**
 * The actor that owns this cart for the caller: the customer for their carts, the storefront guest for guest carts
 * (with a key: only that storefront's guests; keyless, on v1 routes: the guest who owns it, the id being the capability).
 */
export function actorForOwner(caller: MedusaCaller, owner: { customerId: string | null; anonymousId: string | null }, notFound: () => never): Actor {
  if (owner.customerId) {
    if (owner.customerId === caller.customerId) return { type: "customer", customerId: owner.customerId };
    return notFound();
  }
  if (!caller.guest && owner.anonymousId) return { type: "anonymous", anonymousId: owner.anonymousId };
  if (caller.guest && owner.anonymousId === caller.guest.anonymousId) return caller.guest;
  return notFound();
}
