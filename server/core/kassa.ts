// The core, assembled: one factory, dependencies passed in (db, providers, clock, ids). No container.
import type { Db } from "../db";
import type { ProviderRegistry } from "./provider-port";
import { createCartService } from "./carts";
import type { CoreDeps } from "./deps";
import { newId, type IdGenerator } from "./ids";
import { createOrderService } from "./orders";
import { createPaymentService } from "./payments";
import { createCheckoutService } from "./checkout";
import { createMyPaymentService } from "./my-payments";
import { createPaymentOrderService } from "./payment-orders";
import { createJobEnqueuer } from "../jobs/enqueue";
import { createReconciliation } from "./reconcile";
import { createLookupService } from "./lookups";
import type { JobEnqueuer } from "./deps";
import { createMerchantService } from "./merchant";

export function createKassa(input: { db: Db; providers: ProviderRegistry; now?: () => Date; ids?: IdGenerator; jobs?: JobEnqueuer }) {
  const now = input.now ?? (() => new Date());
  const deps: CoreDeps = { db: input.db, providers: input.providers, now, ids: input.ids ?? newId, jobs: input.jobs ?? createJobEnqueuer(now) };
  const payments = createPaymentService(deps);
  const carts = createCartService({ ...deps, syncSessionAmount: payments.syncSessionAmount, retireCollection: payments.retireCollection });
  const orders = createOrderService(deps);
  return { deps, carts, payments, orders, reconcile: createReconciliation(deps, { payments, orders }), checkout: createCheckoutService({ carts, payments, orders }), myPayments: createMyPaymentService(deps), paymentOrders: createPaymentOrderService({ ...deps, payments }), lookups: createLookupService(deps), merchant: createMerchantService(deps, payments) };
}

export type Kassa = ReturnType<typeof createKassa>;
