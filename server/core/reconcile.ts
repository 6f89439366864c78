// Reconciliation: what finishes the money lifecycle when no request is there to do it (docs/payments.md). Each verb is
// a job of the queue (server/jobs), safe to run from several processes at once: every step re-checks state under the
// ledger's locks, and provider calls repeat with their operation's key.
import { isPaymentError } from "./errors";
import type { OrderService } from "./orders";
import type { PaymentService } from "./payments";
import type { CoreDeps } from "./deps";

const SYSTEM = { type: "system" } as const;

export function createReconciliation(deps: CoreDeps, k: { payments: PaymentService; orders: OrderService }) {
  const { db, now } = deps;

  /** Operations whose caller is gone (crash, lost answer): finished with their own key. */
  async function sweepOperations(limit = 100): Promise<number> {
    const stale = await db.paymentOperation.findMany({ where: { status: "pending", leaseUntil: { lt: now() } }, orderBy: { createdAt: "asc" }, take: limit, select: { id: true } });
    let done = 0;
    for (const op of stale) if ((await k.payments.resumeOperation(op.id).catch(() => "failed")) === "finished") done++;
    return done;
  }

  /** Sessions whose payment has been settling or waiting for the shopper longer than `olderThanMs`: ask the provider. */
  async function pollStuckSessions(olderThanMs = 120_000, limit = 100): Promise<number> {
    const before = new Date(now().getTime() - olderThanMs);
    const stuck = await db.paymentSession.findMany({
      where: { updatedAt: { lt: before }, providerRef: { not: null }, OR: [{ payment: { status: { in: ["pending", "requires_action"] } } }, { status: "requires_more" }] },
      orderBy: { updatedAt: "asc" },
      take: limit,
      select: { id: true },
    });
    for (const s of stuck) await k.payments.refreshSession(s.id, SYSTEM).catch(() => undefined);
    return stuck.length;
  }

  /** Flagged money not yet returned (the per-payment job may have failed for good): try again. */
  async function returnFlagged(limit = 100): Promise<number> {
    const rows = await db.payment.findMany({ where: { flag: { not: null }, returnedAt: null }, orderBy: { flaggedAt: "asc" }, take: limit, select: { id: true } });
    for (const p of rows) await k.payments.returnFlaggedMoney(p.id).catch(() => undefined);
    return rows.length;
  }

  /** A cart whose money settled after the shopper left: its order, when the money equals its total. */
  async function completeSettledCart(cartId: string): Promise<void> {
    try {
      await k.orders.completeCart(cartId, SYSTEM);
    } catch (e) {
      if (isPaymentError(e) && (e.code === "invalid_state" || e.code === "not_found" || e.code === "validation")) return; // not (or no longer) payable
      throw e;
    }
  }

  return { sweepOperations, pollStuckSessions, returnFlagged, completeSettledCart };
}

export type Reconciliation = ReturnType<typeof createReconciliation>;
