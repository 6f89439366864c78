// Staff payment views -> Medusa v2's admin payment shape (recorded answers: ../shared/reference/medusa-v2-admin/).
// Amounts are decimal major units as everywhere in Medusa v2; `captured_at` is set once nothing authorized remains to
// capture, as Medusa sets it (a partial capture leaves it null).
import type { StaffPayment } from "../../core/merchant";
import { capturesAndRefunds, iso, major, raw } from "../medusa/codec";

/** The fields Medusa answers by default (GET /admin/payments, /admin/payments/{id}, capture, refund). */
export const PAYMENT_DEFAULT_FIELDS = [
  "id", "currency_code", "amount", "captured_at", "payment_collection_id", "payment_session_id",
  "captures.id", "captures.amount",
  "refunds.id", "refunds.amount", "refunds.note", "refunds.payment_id", "refunds.refund_reason_id", "refunds.refund_reason",
];

const FULLY_CAPTURED = new Set(["captured", "partially_refunded", "refunded"]);

export function adminPayment(p: StaffPayment) {
  const { captures, refunds } = capturesAndRefunds(p, p.notes);
  return {
    id: p.id,
    currency_code: p.currency.toLowerCase(),
    amount: major(p.amountPlanned),
    raw_amount: raw(p.amountPlanned),
    authorized_amount: major(p.authorized),
    captured_at: FULLY_CAPTURED.has(p.status) ? iso(p.capturedAt ?? p.updatedAt) : null,
    canceled_at: iso(p.canceledAt),
    payment_collection_id: p.collectionId,
    payment_session_id: p.sessionId,
    provider_id: p.providerId,
    data: {},
    metadata: null,
    created_at: iso(p.createdAt),
    updated_at: iso(p.updatedAt),
    deleted_at: null,
    captures,
    refunds: refunds.map((r) => ({ ...r, refund_reason: null })), // the admin routes also name the reason's record
  };
}
