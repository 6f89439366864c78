// Outbound events, written in the same transaction as the change they describe (a transactional outbox): the event
// exists iff the change commits. A job (`outbox.dispatch`, enqueued in that transaction too) fans it out to webhook
// endpoints and emails; a sweep dispatches whatever a crash left. Payload shapes: docs/webhooks.md and the
// `webhooks` of the events OpenAPI document.
import type { Tx } from "../db";
import type { Prisma } from "../db/generated/client";
import type { CoreDeps } from "./deps";

export const EVENT_API_VERSION = "2026-12-04";

export const EVENT_TYPES = [
  "payment.authorized",
  "payment.captured",
  "payment.refunded",
  "payment.refund_failed",
  "payment.canceled",
  "payment.failed",
  "payment.flagged",
  "dispute.opened",
  "order.placed",
  "order.paid",
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** A payment as events carry it: amounts in minor units of `currency` (as the ledger keeps them). */
export type PaymentPayload = {
  id: string;
  status: string;
  currency: string;
  amount: number;
  authorized: number;
  captured: number;
  refunded: number;
  provider: string;
  source: string;
  flag: string | null;
  customer_id: string | null;
  collection_id: string | null;
};

export type OrderPayload = { id: string; number: string; currency: string; total: number; payment_status: string; email: string | null; customer_id: string | null; locale: string };

export type EventPayload =
  | { payment: PaymentPayload; amount?: number; order_id?: string | null }
  | { payment: PaymentPayload; dispute: { id: string; amount: number; reason: string; status: string } }
  | { order: OrderPayload };

type PaymentLike = { id: string; status: string; currency: string; amountPlannedMinor: bigint; authorizedMinor: bigint; capturedMinor: bigint; refundedMinor: bigint; providerId: string; source: string; flag: string | null; customerId: string | null; collectionId: string | null };

export function paymentPayload(p: PaymentLike): PaymentPayload {
  return {
    id: p.id, status: p.status, currency: p.currency, amount: Number(p.amountPlannedMinor), authorized: Number(p.authorizedMinor), captured: Number(p.capturedMinor),
    refunded: Number(p.refundedMinor), provider: p.providerId, source: p.source, flag: p.flag, customer_id: p.customerId, collection_id: p.collectionId,
  };
}

export function orderPayload(o: { id: string; number: string; currency: string; totalMinor: bigint; paymentStatus: string; email: string | null; customerId: string | null; locale: string }): OrderPayload {
  return { id: o.id, number: o.number, currency: o.currency, total: Number(o.totalMinor), payment_status: o.paymentStatus, email: o.email, customer_id: o.customerId, locale: o.locale };
}

/**
 * Record an event inside the caller's transaction (which holds the subject's lock: the sequence is the subject's next
 * number) and enqueue its dispatch there too.
 */
export async function emitEvent(tx: Tx, deps: Pick<CoreDeps, "ids" | "now" | "jobs">, e: { type: EventType; subjectId: string; payload: EventPayload }): Promise<string> {
  const id = deps.ids("ev");
  const at = deps.now();
  const last = await tx.outboxEvent.findFirst({ where: { subjectId: e.subjectId }, orderBy: { sequence: "desc" }, select: { sequence: true } });
  await tx.outboxEvent.create({
    data: { id, type: e.type, subjectId: e.subjectId, sequence: (last?.sequence ?? 0) + 1, apiVersion: EVENT_API_VERSION, payload: e.payload as unknown as Prisma.InputJsonValue, createdAt: at },
  });
  await deps.jobs.enqueue(tx, { name: "outbox.dispatch", key: id, payload: { eventId: id } });
  return id;
}

/** The events a payment's change makes, from its state before and after (amounts are the increase). */
export function paymentEvents(
  before: { status: string; authorizedMinor: bigint; capturedMinor: bigint; refundedMinor: bigint; flag: string | null } | null,
  after: PaymentLike,
): { type: EventType; amount?: number }[] {
  const b = before ?? { status: "initial", authorizedMinor: 0n, capturedMinor: 0n, refundedMinor: 0n, flag: null };
  const out: { type: EventType; amount?: number }[] = [];
  if (after.flag && !b.flag) out.push({ type: "payment.flagged" });
  if (after.authorizedMinor > b.authorizedMinor) out.push({ type: "payment.authorized", amount: Number(after.authorizedMinor - b.authorizedMinor) });
  if (after.capturedMinor > b.capturedMinor) out.push({ type: "payment.captured", amount: Number(after.capturedMinor - b.capturedMinor) });
  if (after.refundedMinor > b.refundedMinor) out.push({ type: "payment.refunded", amount: Number(after.refundedMinor - b.refundedMinor) });
  if (after.refundedMinor < b.refundedMinor) out.push({ type: "payment.refund_failed", amount: Number(b.refundedMinor - after.refundedMinor) }); // it bounced at the bank
  if (after.status === "canceled" && b.status !== "canceled") out.push({ type: "payment.canceled" });
  if (after.status === "failed" && b.status !== "failed") out.push({ type: "payment.failed" });
  return out;
}
