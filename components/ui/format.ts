import { formatMoney, type Money } from "~/server/core/money";

export { formatMoney };
export type { Money };

export function formatDate(d: Date | string): string {
  return new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }).format(new Date(d));
}

const PAYMENT_STATUS_LABEL: Record<string, string> = {
  initial: "started",
  pending: "processing",
  requires_action: "needs confirmation",
  authorized: "authorized",
  partially_captured: "partially captured",
  captured: "paid",
  partially_refunded: "partially refunded",
  refunded: "refunded",
  canceled: "canceled",
  failed: "failed",
};

export function paymentStatusLabel(status: string): string {
  return PAYMENT_STATUS_LABEL[status] ?? status;
}

const ORDER_STATUS_LABEL: Record<string, string> = { not_paid: "not paid", awaiting: "processing", authorized: "authorized", paid: "paid", refunded: "refunded", canceled: "canceled" };
export function orderStatusLabel(status: string): string {
  return ORDER_STATUS_LABEL[status] ?? status;
}

export const PROVIDER_LABEL: Record<string, string> = { pp_kassa_test: "Test card", pp_system_default: "Manual", pp_stripe_stripe: "Stripe" };
