// Money after authorization: capture, refund, cancel (void), and the automatic return of flagged money. What happens
// on a refund is here: a PaymentOperation records the intended refund (its id is the provider's idempotency key, so a
// retry repeats this refund and never makes a second one), the provider is called, and its answer is applied to the
// ledger under the locks. Only the merchant (a system actor) may move money; a customer never can.
import type { Tx } from "../db";
import type { Actor } from "./actors";
import { owns } from "./actors";
import type { CoreDeps } from "./deps";
import { PaymentError, isPaymentError, notFound, versionConflict } from "./errors";
import { heldMinor, lockPayment } from "./ledger";
import type { ProviderCalls, SessionForCall } from "./provider-calls";
import { toPaymentView, type PaymentRow, type PaymentView } from "./views";
import { writeAudit, type AuditInput } from "./audit";
import type { PaymentStatus } from "../db/generated/enums";

export type MoneyOp = {
  amount?: number;
  /** The caller's key for this one intended effect: a repeat with the same key does nothing more. */
  operationKey?: string;
  expectedVersion?: number;
  /** A staff action: audited in the same transaction as its effect (or alone, when refused or failed). */
  audit?: { by: AuditInput["by"]; reason?: string; note?: string };
};

/** What an audit row keeps of a payment before and after an action. */
function auditState(p: { status: string; version: number; authorizedMinor: bigint; capturedMinor: bigint; refundedMinor: bigint }) {
  return { status: p.status, version: p.version, authorized: Number(p.authorizedMinor), captured: Number(p.capturedMinor), refunded: Number(p.refundedMinor) };
}

type Kind = "capture" | "refund" | "cancel";

/** How long a lost request may still land at the provider (a retry with its key waits that long). */
const UNKNOWN_OUTCOME_MS = 10 * 60_000;

export function createMoneyOps(deps: CoreDeps, calls: ProviderCalls) {
  const { db, now, providers } = deps;

  async function loadPayment(paymentId: string, actor: Actor) {
    const p = await db.payment.findUnique({ where: { id: paymentId } });
    if (!p || !owns(actor, p)) throw notFound("payment", paymentId);
    return p;
  }

  async function paymentView(tx: Tx | CoreDeps["db"], paymentId: string): Promise<PaymentView> {
    return toPaymentView((await tx.payment.findUniqueOrThrow({ where: { id: paymentId }, include: { transactions: { orderBy: { createdAt: "asc" } } } })) as PaymentRow);
  }

  async function getPayment(paymentId: string, actor: Actor): Promise<PaymentView> {
    await loadPayment(paymentId, actor);
    return paymentView(db, paymentId);
  }

  function requireMerchant(actor: Actor) {
    if (actor.type !== "system") throw new PaymentError("forbidden", "Only the merchant can capture, refund or cancel a payment.");
  }

  /** What the verb may do to this payment now (under the locks), as an amount; null when it is already done. */
  function plan(kind: Kind, p: Awaited<ReturnType<typeof loadPayment>>, op: MoneyOp, internal: boolean, pendingRefunds = 0n): bigint | null {
    if (p.flag && !internal) throw new PaymentError("invalid_state", "This payment's money is flagged and being returned automatically.", { flag: p.flag });
    if (kind === "capture") {
      const remaining = p.authorizedMinor - p.capturedMinor;
      if (op.amount === undefined && remaining === 0n && p.capturedMinor > 0n) return null; // already fully captured
      if (!["authorized", "partially_captured"].includes(p.status)) throw new PaymentError("invalid_state", `A ${p.status} payment cannot be captured.`, { status: p.status });
      const amount = op.amount !== undefined ? BigInt(op.amount) : remaining;
      if (amount > remaining) throw new PaymentError("amount_exceeds_authorized", "The amount exceeds what remains authorized.", { remaining: Number(remaining) });
      return amount;
    }
    if (kind === "refund") {
      if (p.capturedMinor === 0n) throw new PaymentError("invalid_state", "Nothing is captured, so nothing can be refunded.", { status: p.status });
      const remaining = p.capturedMinor - p.refundedMinor - pendingRefunds;
      if (op.amount === undefined && remaining <= 0n) {
        if (pendingRefunds > 0n) throw new PaymentError("invalid_state", "A refund of what remains is still pending at the provider.", { pending: Number(pendingRefunds) });
        return null; // already fully refunded
      }
      const amount = op.amount !== undefined ? BigInt(op.amount) : remaining;
      if (amount > remaining) throw new PaymentError("amount_exceeds_captured", "The amount exceeds what is captured and not yet refunded.", { remaining: Number(remaining) });
      return amount;
    }
    if (p.status === "canceled") return null;
    if (p.capturedMinor > 0n) throw new PaymentError("invalid_state", "A captured payment cannot be canceled; refund it instead.", { status: p.status });
    return 0n;
  }

  /** One money verb through the operations table: claim (locks: collection -> session -> payment), call, apply. */
  async function moneyVerb(kind: Kind, paymentId: string, op: MoneyOp, internal = false): Promise<PaymentView> {
    if (op.amount !== undefined && (!Number.isSafeInteger(op.amount) || op.amount <= 0)) {
      throw new PaymentError("validation", "The amount must be a positive whole number of minor units.", { field: "amount" });
    }
    const first = await db.payment.findUniqueOrThrow({ where: { id: paymentId }, select: { sessionId: true, currency: true } });
    if (!first.sessionId) throw new PaymentError("invalid_state", `This payment has no provider session to ${kind}.`);
    const reason = op.operationKey ? `${kind}:${op.operationKey}` : internal ? "flagged_return" : "merchant";
    const audit = op.audit;
    let before: ReturnType<typeof auditState> | null = null;
    let called = false;
    let planned: bigint | undefined;
    const record = (tx: Tx | CoreDeps["db"], outcome: AuditInput["outcome"], extra: Pick<AuditInput, "after" | "detail"> = {}) =>
      audit
        ? writeAudit(tx, deps, {
            by: audit.by, action: `payment.${kind}`, targetType: "payment", targetId: paymentId, outcome,
            amountMinor: planned ?? (op.amount !== undefined ? BigInt(op.amount) : null), currency: first.currency, before, after: extra.after,
            detail: { ...(op.operationKey ? { operationKey: op.operationKey } : {}), ...(audit.reason ? { reason: audit.reason } : {}), ...(audit.note ? { note: audit.note } : {}), ...extra.detail },
          })
        : Promise.resolve();
    try {
      await calls.run(
        first.sessionId,
        async (tx, s: SessionForCall) => {
          await lockPayment(tx, paymentId);
          const p = await tx.payment.findUniqueOrThrow({ where: { id: paymentId } });
          before = auditState(p);
          // A repeat is recognised before the version is compared: the first attempt (whose answer was lost) moved
          // the version, and its retry with the same key must be a no-op, not a conflict that invites a new key.
          if (op.operationKey) {
            const seen = await tx.paymentOperation.findFirst({ where: { paymentId, reason, status: "succeeded" }, select: { amountMinor: true } });
            if (seen) {
              if (op.amount !== undefined && seen.amountMinor !== null && seen.amountMinor !== BigInt(op.amount)) {
                throw new PaymentError("idempotency_conflict", "This operation key was used with another amount.", { operationKey: op.operationKey });
              }
              return { skip: "repeat" };
            }
            // The same key's last attempt lost its answer and was closed as failed a moment ago: its request may still
            // land at the provider. Until that window has passed, a retry must wait rather than try again.
            const unknown = await tx.paymentOperation.findFirst({
              where: { paymentId, reason, status: "failed", error: { path: ["code"], equals: "provider_unavailable" }, completedAt: { gt: new Date(now().getTime() - UNKNOWN_OUTCOME_MS) } },
              select: { id: true },
            });
            if (unknown) throw new PaymentError("provider_unavailable", "The last attempt with this key may still reach the provider. Try again in a few minutes.", { operationKey: op.operationKey, operationId: unknown.id });
          }
          if (!s.providerRef) throw new PaymentError("invalid_state", `This payment has no provider intent to ${kind}.`);
          // Refunds still pending at the provider are spoken for: a second refund may not spend them again.
          const pendingRefunds = kind === "refund"
            ? ((await tx.transaction.aggregate({ where: { paymentId, type: "Refund", state: { in: ["Initial", "Pending"] } }, _sum: { amountMinor: true } }))._sum.amountMinor ?? 0n)
            : 0n;
          const amount = plan(kind, p, op, internal, pendingRefunds);
          if (amount === null) return { skip: "done" };
          if (op.expectedVersion !== undefined && op.expectedVersion !== p.version) throw versionConflict(p.version, op.expectedVersion);
          planned = kind === "cancel" ? p.authorizedMinor - p.capturedMinor : amount;
          return { kind, amountMinor: kind === "cancel" ? undefined : amount, paymentId, reason };
        },
        (c) => {
          called = true;
          const provider = providers.get(c.session.providerId);
          const data = c.session.data as Record<string, unknown>;
          const ctx = { sessionId: c.session.id, idempotencyKey: c.op.id, now: now() };
          if (kind === "capture") return provider.capture(data, { ...ctx, amount: Number(c.op.amountMinor) });
          if (kind === "refund") return provider.refund(data, { ...ctx, amount: Number(c.op.amountMinor) });
          return provider.cancel(data, ctx);
        },
        async (tx, _applied, c, snap) => {
          // A staff refund keeps its reason and note on the refund it made (matched by operation id, else the newest).
          if (kind === "refund" && audit && (audit.note || audit.reason)) {
            const made = snap.refunds.find((r) => r.operationId === c.op.id) ?? snap.refunds.at(-1);
            if (made) await tx.transaction.updateMany({ where: { paymentId, operationKey: `refund:${made.id}` }, data: { note: audit.note ?? null, reason: audit.reason ?? null } });
          }
          const after = await tx.payment.findUniqueOrThrow({ where: { id: paymentId } });
          await record(tx, "succeeded", { after: auditState(after) });
        },
      );
    } catch (e) {
      // Refused before any call (state, version, amount) or failed at the provider; a lost answer stays pending.
      const outcome = !called ? "refused" : isPaymentError(e) && e.code === "provider_unavailable" ? "pending" : "failed";
      await record(db, outcome, { detail: { error: isPaymentError(e) ? e.code : "internal" } }).catch(() => undefined);
      throw e;
    }
    return paymentView(db, paymentId);
  }

  /** Capture all that remains authorized, or `amount` of it. A repeat (same operation key, or nothing left) is a no-op. */
  async function capturePayment(paymentId: string, actor: Actor, op: MoneyOp = {}): Promise<PaymentView> {
    requireMerchant(actor);
    await loadPayment(paymentId, actor);
    return moneyVerb("capture", paymentId, op);
  }

  /** Refund `amount` (default: all that is captured and not yet refunded). A repeated operation key is a no-op. */
  async function refundPayment(paymentId: string, actor: Actor, op: MoneyOp = {}): Promise<PaymentView> {
    requireMerchant(actor);
    await loadPayment(paymentId, actor);
    return moneyVerb("refund", paymentId, op);
  }

  /** Release an authorization. Refused once anything is captured; a repeat on a canceled payment is a no-op. */
  async function cancelPayment(paymentId: string, actor: Actor, op: Pick<MoneyOp, "expectedVersion" | "audit" | "operationKey"> = {}): Promise<PaymentView> {
    requireMerchant(actor);
    await loadPayment(paymentId, actor);
    return moneyVerb("cancel", paymentId, op);
  }

  /**
   * Give back flagged money: void what is only authorized, refund what was captured. Repeats are no-ops; the payment's
   * `returnedAt` is set by the ledger when nothing is held any more. Money still settling is retried later.
   */
  async function returnFlaggedMoney(paymentId: string): Promise<{ done: boolean }> {
    const p = await db.payment.findUnique({ where: { id: paymentId } });
    if (!p || !p.flag) return { done: true };
    if (p.returnedAt) return { done: true };
    if (p.capturedMinor > p.refundedMinor) {
      // The key names the attempt: after a refund failed (at once, or later at the bank), the next one is a new refund.
      const failed = await db.paymentOperation.count({ where: { paymentId, kind: "refund", status: "failed" } });
      const bounced = await db.transaction.count({ where: { paymentId, type: "Refund", state: "Failure" } });
      await moneyVerb("refund", paymentId, { operationKey: `return:${p.id}:${p.capturedMinor - p.refundedMinor}:${failed + bounced}` }, true);
    }
    else if (p.authorizedMinor > 0n && p.status !== "canceled" && p.capturedMinor === 0n) await moneyVerb("cancel", paymentId, {}, true);
    const after = await db.payment.findUniqueOrThrow({ where: { id: paymentId } });
    const held = heldMinor(after);
    if (held <= 0n && !after.returnedAt) await db.payment.update({ where: { id: paymentId }, data: { returnedAt: now() } });
    return { done: held <= 0n };
  }

  /** The actor's payments, newest first (keyset pagination on (createdAt, id)). */
  async function listPayments(actor: Actor, opts: { limit?: number; status?: PaymentStatus; before?: { createdAt: Date; id: string } } = {}) {
    if (actor.type === "system") throw new PaymentError("forbidden", "Listing payments needs a customer or anonymous session.");
    const limit = Math.min(Math.max(opts.limit ?? 20, 1), 100);
    const rows = await db.payment.findMany({
      where: {
        ...(actor.type === "customer" ? { customerId: actor.customerId } : { anonymousId: actor.anonymousId, customerId: null }),
        ...(opts.status ? { status: opts.status } : {}),
        ...(opts.before ? { OR: [{ createdAt: { lt: opts.before.createdAt } }, { createdAt: opts.before.createdAt, id: { lt: opts.before.id } }] } : {}),
      },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: limit,
    });
    return rows.map((r) => toPaymentView(r as PaymentRow));
  }

  return { loadPayment, getPayment, listPayments, capturePayment, refundPayment, cancelPayment, returnFlaggedMoney };
}

export type MoneyOps = ReturnType<typeof createMoneyOps>;
