// What the ledger's rows look like to callers: payments, sessions and collections as views (money as Money, public
// provider data only). Shared by every family of payment verbs.
import type { PaymentCollectionStatus, PaymentFlag, PaymentSessionStatus, PaymentStatus, TransactionState, TransactionType } from "../db/generated/enums";
import type { IntentSnapshot } from "./provider-port";
import { parseCurrencyCode, type CurrencyCode } from "./currencies";
import { fromMinor, type Money } from "./money";

// ------------------------------------------------------------------ views

export type TransactionView = { id: string; type: TransactionType; state: TransactionState; amount: Money; interactionId: string | null; timestamp: Date; createdAt: Date; custom: Record<string, unknown> | null };
export type PaymentView = {
  id: string;
  collectionId: string | null;
  sessionId: string | null;
  customerId: string | null;
  anonymousId: string | null;
  providerId: string;
  providerRef: string | null;
  currency: CurrencyCode;
  amountPlanned: Money;
  authorized: Money;
  captured: Money;
  refunded: Money;
  status: PaymentStatus;
  version: number;
  methodInfo: Record<string, unknown>;
  custom: Record<string, unknown> | null;
  capturedAt: Date | null;
  canceledAt: Date | null;
  /** Money that must not count (docs/payments.md): why, when, and when it was returned in full. */
  flag: PaymentFlag | null;
  flaggedAt: Date | null;
  returnedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  transactions?: TransactionView[];
};
export type SessionView = {
  id: string;
  collectionId: string;
  providerId: string;
  amount: Money;
  currency: CurrencyCode;
  status: PaymentSessionStatus;
  live: boolean;
  /** What a client may see: the provider's intent id, client secret, status and next action (empty for the manual provider). */
  data: Record<string, unknown>;
  context: Record<string, unknown>;
  lastError: { code: string; declineCode?: string; message: string } | null;
  authorizedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  payment: PaymentView | null;
};
export type CollectionView = {
  id: string;
  cartId: string | null;
  orderId: string | null;
  regionId: string | null;
  currency: CurrencyCode;
  amount: Money;
  authorized: Money;
  captured: Money;
  refunded: Money;
  status: PaymentCollectionStatus;
  completedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  sessions: SessionView[];
};

export type TxRow = { id: string; type: TransactionType; state: TransactionState; amountMinor: bigint; currency: string; interactionId: string | null; timestamp: Date; createdAt: Date; custom?: unknown };
export type PaymentRow = {
  id: string; collectionId: string | null; sessionId: string | null; customerId: string | null; anonymousId: string | null; providerId: string; providerRef: string | null;
  currency: string; amountPlannedMinor: bigint; authorizedMinor: bigint; capturedMinor: bigint; refundedMinor: bigint; status: PaymentStatus; version: number;
  methodInfo: unknown; custom: unknown; capturedAt: Date | null; canceledAt: Date | null; createdAt: Date; updatedAt: Date; transactions?: TxRow[];
  flag?: PaymentFlag | null; flaggedAt?: Date | null; returnedAt?: Date | null;
};
export type SessionRow = {
  id: string; collectionId: string; liveForCollectionId: string | null; providerId: string; currency: string; amountMinor: bigint; status: PaymentSessionStatus;
  providerRef: string | null; data: unknown; context: unknown; authorizedAt: Date | null; createdAt: Date; updatedAt: Date; payment?: PaymentRow | null;
};

export function toTransactionView(t: TxRow): TransactionView {
  const currency = parseCurrencyCode(t.currency);
  return { id: t.id, type: t.type, state: t.state, amount: fromMinor(t.amountMinor, currency), interactionId: t.interactionId, timestamp: t.timestamp, createdAt: t.createdAt, custom: (t.custom as Record<string, unknown> | null | undefined) ?? null };
}

export function toPaymentView(p: PaymentRow): PaymentView {
  const currency = parseCurrencyCode(p.currency);
  return {
    id: p.id,
    collectionId: p.collectionId,
    sessionId: p.sessionId,
    customerId: p.customerId,
    anonymousId: p.anonymousId,
    providerId: p.providerId,
    providerRef: p.providerRef,
    currency,
    amountPlanned: fromMinor(p.amountPlannedMinor, currency),
    authorized: fromMinor(p.authorizedMinor, currency),
    captured: fromMinor(p.capturedMinor, currency),
    refunded: fromMinor(p.refundedMinor, currency),
    status: p.status,
    version: p.version,
    methodInfo: (p.methodInfo as Record<string, unknown>) ?? {},
    custom: (p.custom as Record<string, unknown> | null) ?? null,
    capturedAt: p.capturedAt,
    canceledAt: p.canceledAt,
    flag: p.flag ?? null,
    flaggedAt: p.flaggedAt ?? null,
    returnedAt: p.returnedAt ?? null,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
    ...(p.transactions ? { transactions: p.transactions.map(toTransactionView) } : {}),
  };
}

function publicData(s: SessionRow): Record<string, unknown> {
  if (s.providerId === "pp_system_default") return {};
  const d = (s.data ?? {}) as Partial<IntentSnapshot>;
  if (!d.ref) return {};
  return { id: d.ref, client_secret: d.clientSecret ?? null, status: d.status, next_action: d.nextAction ?? null };
}

export function toSessionView(s: SessionRow): SessionView {
  const currency = parseCurrencyCode(s.currency);
  const d = (s.data ?? {}) as Partial<IntentSnapshot>;
  return {
    id: s.id,
    collectionId: s.collectionId,
    providerId: s.providerId,
    amount: fromMinor(s.amountMinor, currency),
    currency,
    status: s.status,
    live: s.liveForCollectionId !== null,
    data: publicData(s),
    context: (s.context as Record<string, unknown>) ?? {},
    lastError: d.lastError ?? null,
    authorizedAt: s.authorizedAt,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
    payment: s.payment ? toPaymentView(s.payment) : null,
  };
}

export const sessionInclude = { payment: { include: { transactions: { orderBy: { createdAt: "asc" as const } } } } };

