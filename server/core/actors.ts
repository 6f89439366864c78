// Who is asking. Every core read and write is scoped by one of these.
export type Actor =
  | { type: "customer"; customerId: string }
  | { type: "anonymous"; anonymousId: string }
  /** Trusted internal callers: webhooks, the payment-system key, operators. */
  | { type: "system" };

export type Owned = { customerId: string | null; anonymousId: string | null };

/** True when the actor may see this row. A customer also owns rows made in their anonymous session before sign-in
 * only once those rows were attached to them (carts are attached on sign-in). */
export function owns(actor: Actor, row: Owned): boolean {
  if (actor.type === "system") return true;
  if (actor.type === "customer") return row.customerId === actor.customerId;
  return row.customerId === null && row.anonymousId === actor.anonymousId;
}

/**
 * An actor, or how to pick one from a row's owner: for callers that hold more than one identity (a customer token and
 * a guest session), so a service can read the row and its owner in one query. The function decides, or throws.
 */
export type ActorFor = Actor | ((owner: Owned) => Actor);

/** The actor for this row if it may see it, else null. */
export function actorOver(actor: ActorFor, row: Owned): Actor | null {
  const who = typeof actor === "function" ? actor(row) : actor;
  return owns(who, row) ? who : null;
}

/** Prisma `where` fragment restricting rows to the actor. */
export function ownerWhere(actor: Actor): { customerId?: string | null; anonymousId?: string } {
  if (actor.type === "customer") return { customerId: actor.customerId };
  if (actor.type === "anonymous") return { anonymousId: actor.anonymousId, customerId: null };
  return {};
}
