// The money lifecycle's jobs (docs/payments.md, "Reconciliation"): per-object jobs enqueued by core in the same
// transaction as the change that needs them, and recurring sweeps that catch whatever a crash left behind.
import type { Kassa } from "../core/kassa";

export type JobHandler = (payload: Record<string, unknown>, ctx: { attempt: number; now: Date; jobId: string }) => Promise<void | { retryInMs: number }>;

const str = (v: unknown) => (typeof v === "string" ? v : "");

export function reconciliationJobs(kassa: Kassa): { handlers: Record<string, JobHandler>; schedules: { name: string; everyMs: number }[] } {
  const p = kassa.payments;
  const r = kassa.reconcile;
  return {
    handlers: {
      "operation.resume": async (x) => {
        const out = await p.resumeOperation(str(x.operationId));
        return out === "leased" ? { retryInMs: 10_000 } : undefined;
      },
      "session.cancel": async (x) => p.cancelRetiredSession(str(x.sessionId)),
      "session.sync_amount": async (x) => p.syncSessionAmount(str(x.sessionId)),
      "payment.return": async (x) => {
        const { done } = await p.returnFlaggedMoney(str(x.paymentId));
        return done ? undefined : { retryInMs: 60_000 }; // still settling at the provider: return it once it has settled
      },
      "cart.complete": async (x) => r.completeSettledCart(str(x.cartId)),
      "reconcile.operations": async () => void (await r.sweepOperations()),
      "reconcile.sessions": async () => void (await r.pollStuckSessions()),
      "reconcile.events": async () => void (await p.replayUnprocessedEvents()),
      "reconcile.flagged": async () => void (await r.returnFlagged()),
    },
    schedules: [
      { name: "reconcile.operations", everyMs: 30_000 },
      { name: "reconcile.sessions", everyMs: 60_000 },
      { name: "reconcile.events", everyMs: 60_000 },
      { name: "reconcile.flagged", everyMs: 300_000 },
    ],
  };
}
