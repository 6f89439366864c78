// Provider events (webhooks), applied by their effect, not by their arrival: the event is stored once per
// (provider, event id), then the intent it names is read again from the provider and that answer is applied under the
// locks — so a late or reordered event (`processing` after `payment_failed`) can never move the ledger backwards.
// An event that cannot be applied now (provider unreachable, session not yet recorded) stays unprocessed and is
// replayed by reconciliation.
import type { Tx } from "../db";
import type { CoreDeps } from "./deps";
import { lockSessionAndCollection } from "./ledger";
import type { DisputeSnapshot, WebhookEvent } from "./provider-port";
import type { Sessions } from "./sessions";
import { emitEvent, paymentPayload } from "./outbox";

export function createProviderEvents(deps: CoreDeps, sessions: Sessions) {
  const { db, ids, now, providers } = deps;

  /** Chargebacks: one Chargeback transaction per dispute, Pending while open, Success when lost, Failure when won. */
  async function recordDispute(tx: Tx, sessionId: string, d: DisputeSnapshot) {
    const payment = await tx.payment.findUnique({ where: { sessionId } });
    if (!payment) return;
    const state = d.status === "lost" ? "Success" : d.status === "won" || d.status === "warning_closed" ? "Failure" : "Pending";
    const key = `dispute:${d.id}`;
    const have = await tx.transaction.findUnique({ where: { paymentId_operationKey: { paymentId: payment.id, operationKey: key } } });
    if (!have) {
      await tx.transaction.create({
        data: { id: ids("txn"), paymentId: payment.id, type: "Chargeback", state, amountMinor: BigInt(d.amount), currency: payment.currency, interactionId: d.id, operationKey: key, timestamp: now(), custom: { reason: d.reason } },
      });
      await emitEvent(tx, deps, { type: "dispute.opened", subjectId: payment.id, payload: { payment: paymentPayload(payment), dispute: { id: d.id, amount: d.amount, reason: d.reason ?? "", status: d.status } } });
    } else if (have.state === "Pending" && state !== "Pending") {
      await tx.transaction.update({ where: { id: have.id }, data: { state } });
    }
  }

  /** Apply a stored event (or replay one): find its session, re-read the intent, apply, mark processed. */
  async function processEvent(providerId: string, eventId: string, event: Pick<WebhookEvent, "objectRef" | "dispute" | "snapshot">): Promise<boolean> {
    if (!event.objectRef || !providers.has(providerId)) return false;
    const session = await db.paymentSession.findFirst({ where: { providerId, providerRef: event.objectRef }, select: { id: true, data: true } });
    if (!session) return false; // kept unprocessed: replayed once the session knows its intent
    // A read taken while a call on the session ran (or before it finished) may predate it: it is dropped, and read
    // again — at once, then by reconciliation, which replays events still unprocessed.
    for (let attempt = 0; attempt < 3; attempt++) {
      const readAt = now();
      const fresh = await providers.get(providerId).retrieve(session.data as Record<string, unknown>, { now: readAt });
      const applied = await sessions.applyRead(
        session.id,
        fresh,
        async (tx) => {
          if (event.dispute) await recordDispute(tx, session.id, event.dispute);
          await tx.providerEvent.update({ where: { provider_eventId: { provider: providerId, eventId } }, data: { processedAt: now() } });
        },
        { readAt },
      );
      if (applied) return true;
      await new Promise((r) => setTimeout(r, 50 * (attempt + 1)));
    }
    return false;
  }

  /**
   * A verified provider event: stored once per (provider, event id) — a duplicate delivery (even concurrent) is
   * answered as such and has no second effect — then applied by re-reading its intent. When the re-read fails the
   * event stays stored and unprocessed: the answer is still 2xx, and reconciliation applies it later.
   */
  async function applyProviderEvent(providerId: string, event: WebhookEvent): Promise<{ duplicate: boolean; applied: boolean }> {
    try {
      await db.providerEvent.create({
        data: { id: ids("evt"), provider: providerId, eventId: event.id, type: event.type, objectRef: event.objectRef, payload: event.payload as object },
      });
    } catch (e) {
      if ((e as { code?: string }).code === "P2002") return { duplicate: true, applied: false };
      throw e;
    }
    if (!event.objectRef || (!event.snapshot && !event.dispute)) return { duplicate: false, applied: false };
    try {
      return { duplicate: false, applied: await processEvent(providerId, event.id, event) };
    } catch (e) {
      if ((e as { code?: string }).code === "provider_unavailable") return { duplicate: false, applied: false };
      throw e;
    }
  }

  /** Reconciliation: apply stored events that were not applied (received in the last three days, oldest first). */
  async function replayUnprocessedEvents(opts: { limit?: number; olderThanMs?: number } = {}): Promise<number> {
    const cutoff = new Date(now().getTime() - (opts.olderThanMs ?? 60_000));
    const rows = await db.providerEvent.findMany({
      where: { processedAt: null, objectRef: { not: null }, receivedAt: { lt: cutoff, gt: new Date(now().getTime() - 3 * 86_400_000) } },
      orderBy: { receivedAt: "asc" },
      take: opts.limit ?? 100,
    });
    let applied = 0;
    for (const r of rows) {
      const payload = r.payload as { data?: { object?: { object?: string; id?: string; amount?: number; status?: string; reason?: string } } };
      const obj = payload.data?.object;
      const dispute = obj?.object === "dispute" && obj.id ? { id: obj.id, amount: Number(obj.amount ?? 0), status: String(obj.status ?? ""), reason: obj.reason ?? null } : null;
      if (await processEvent(r.provider, r.eventId, { objectRef: r.objectRef, dispute, snapshot: null }).catch(() => false)) applied++;
    }
    return applied;
  }

  return { applyProviderEvent, replayUnprocessedEvents };
}

export type ProviderEvents = ReturnType<typeof createProviderEvents>;
