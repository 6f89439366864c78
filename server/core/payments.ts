// Payment collections, sessions, money operations and provider events: the verbs every dialect and the checkout call,
// assembled from one file per family (collections.ts, sessions.ts, money-ops.ts, provider-events.ts) over the
// operations table (provider-calls.ts) and the ledger's one write path (ledger.ts). The rules: docs/payments.md.
import type { CoreDeps } from "./deps";
import { createCollections } from "./collections";
import { createMoneyOps } from "./money-ops";
import { createProviderCalls } from "./provider-calls";
import { createProviderEvents } from "./provider-events";
import { createSessions } from "./sessions";

export * from "./views";
export type { MoneyOp } from "./money-ops";

export function createPaymentService(deps: CoreDeps) {
  const calls = createProviderCalls(deps);
  const collections = createCollections(deps);
  const sessions = createSessions(deps, collections, calls);
  const money = createMoneyOps(deps, calls);
  const events = createProviderEvents(deps, sessions);
  return {
    createCollectionForCart: collections.createCollectionForCart,
    collectionWithPaymentOrder: collections.collectionWithPaymentOrder,
    getCollection: collections.getCollection,
    getCollectionForCart: collections.getCollectionForCart,
    cancelCollection: collections.cancelCollection,
    retireCollection: collections.retireCollection,
    enabledProviders: collections.enabledProviders,
    createSession: sessions.createSession,
    getSession: sessions.getSession,
    openPayment: sessions.openPayment,
    authorizeSession: sessions.authorizeSession,
    completeSessionAction: sessions.completeSessionAction,
    refreshSession: sessions.refreshSession,
    syncSessionAmount: sessions.syncSessionAmount,
    cancelRetiredSession: sessions.cancelRetiredSession,
    resumeOperation: sessions.resumeOperation,
    getPayment: money.getPayment,
    listPayments: money.listPayments,
    capturePayment: money.capturePayment,
    refundPayment: money.refundPayment,
    cancelPayment: money.cancelPayment,
    returnFlaggedMoney: money.returnFlaggedMoney,
    applyProviderEvent: events.applyProviderEvent,
    replayUnprocessedEvents: events.replayUnprocessedEvents,
  };
}

export type PaymentService = ReturnType<typeof createPaymentService>;
