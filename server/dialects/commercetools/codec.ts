// Ledger payments -> commercetools MyPayment JSON. Money is CentPrecisionMoney: centAmount in minor units with the
// currency's ISO 4217 fractionDigits (JPY 0, KWD 3).
import { currencyExponent } from "../../core/currencies";
import type { Money } from "../../core/money";
import type { PaymentView, TransactionView } from "../../core/payments";
import type { CustomerProfile } from "../../core/customers";

export const CT_ANON_PREFIX = "ct:";

export function centPrecision(m: Money) {
  return { type: "centPrecision", currencyCode: m.currency, centAmount: m.amount, fractionDigits: currencyExponent(m.currency) };
}

function transaction(t: TransactionView) {
  return {
    id: t.id,
    timestamp: t.timestamp.toISOString(),
    type: t.type,
    amount: centPrecision(t.amount),
    ...(t.interactionId ? { interactionId: t.interactionId } : {}),
    state: t.state,
    ...(t.custom ? { custom: t.custom } : {}),
  };
}

export function myPayment(p: PaymentView) {
  const info = p.methodInfo as { paymentInterface?: string; method?: string; name?: Record<string, string> };
  return {
    id: p.id,
    version: p.version,
    ...(p.customerId ? { customer: { typeId: "customer", id: p.customerId } } : {}),
    ...(p.anonymousId && !p.customerId ? { anonymousId: p.anonymousId.startsWith(CT_ANON_PREFIX) ? p.anonymousId.slice(CT_ANON_PREFIX.length) : p.anonymousId } : {}),
    amountPlanned: centPrecision(p.amountPlanned),
    paymentMethodInfo: {
      ...(info.paymentInterface ? { paymentInterface: info.paymentInterface } : {}),
      ...(info.method ? { method: info.method } : {}),
      ...(info.name ? { name: info.name } : {}),
    },
    transactions: (p.transactions ?? []).map(transaction),
    ...(p.custom ? { custom: p.custom } : {}),
    createdAt: p.createdAt.toISOString(),
    lastModifiedAt: p.updatedAt.toISOString(),
  };
}

/** A Customer resource as commercetools expands it into a reference's `obj` (what Kassa keeps of a customer). */
export function customer(c: CustomerProfile) {
  const [firstName, ...rest] = c.name.trim() ? c.name.trim().split(/\s+/) : [""];
  return {
    id: c.id,
    version: 1,
    createdAt: c.createdAt.toISOString(),
    lastModifiedAt: c.updatedAt.toISOString(),
    email: c.email,
    ...(firstName ? { firstName } : {}),
    ...(rest.length ? { lastName: rest.join(" ") } : {}),
    addresses: [],
    shippingAddressIds: [],
    billingAddressIds: [],
    isEmailVerified: false,
    stores: [],
    authenticationMode: "Password",
  };
}
