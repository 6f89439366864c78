// The installation's providers: the manual one and the built-in test cards always; Stripe when configured.
import { PaymentError } from "../core/errors";
import { createSystemProvider } from "./system";
import { createTestCardProvider } from "./test-card";
import type { PaymentProvider, ProviderRegistry } from "../core/provider-port";

export function createRegistry(list: PaymentProvider[]): ProviderRegistry {
  const map = new Map(list.map((p) => [p.id, p]));
  return {
    get(id) {
      const p = map.get(id);
      if (!p) throw new PaymentError("validation", `Payment provider ${id} is not enabled.`, { field: "provider_id", providerId: id });
      return p;
    },
    has: (id) => map.has(id),
    ids: () => [...map.keys()],
  };
}

export function defaultProviders(opts: { asyncSettleMs?: number } = {}): PaymentProvider[] {
  return [createSystemProvider(), createTestCardProvider({ asyncSettleMs: opts.asyncSettleMs })];
}
