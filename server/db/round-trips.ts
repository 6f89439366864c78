// Database round trips per request, for benchmarks: when KASSA_COUNT_ROUND_TRIPS=1 the driver adapter is wrapped so
// every query it sends increments the counter of the request that caused it (AsyncLocalStorage), and route guards
// report the count in an `x-kassa-db-round-trips` response header. Off by default: no cost in normal operation.
import { AsyncLocalStorage } from "node:async_hooks";
import type { SqlDriverAdapter, SqlDriverAdapterFactory, Transaction } from "@prisma/driver-adapter-utils";

// One store per process, even when two bundles load this module (Next's server bundle and the REST server's own).
const g = globalThis as unknown as { kassaRoundTrips?: AsyncLocalStorage<{ count: number }> };
const store = (g.kassaRoundTrips ??= new AsyncLocalStorage<{ count: number }>());

export const countingEnabled = () => process.env.KASSA_COUNT_ROUND_TRIPS === "1";

function tick() {
  const s = store.getStore();
  if (s) s.count++;
}

function wrapTransaction(tx: Transaction): Transaction {
  return new Proxy(tx, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver);
      if (typeof v !== "function") return v;
      // COMMIT and ROLLBACK travel as executeRaw; the adapter's commit()/rollback() only release the connection
      if (prop === "queryRaw" || prop === "executeRaw") {
        return (...args: unknown[]) => {
          tick();
          return (v as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      return v.bind(target);
    },
  });
}

function wrapAdapter(adapter: SqlDriverAdapter): SqlDriverAdapter {
  return new Proxy(adapter, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver);
      if (typeof v !== "function") return v;
      if (prop === "queryRaw" || prop === "executeRaw" || prop === "executeScript") {
        return (...args: unknown[]) => {
          tick();
          return (v as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      if (prop === "startTransaction") {
        return async (...args: unknown[]) => {
          tick(); // BEGIN
          return wrapTransaction(await (v as (...a: unknown[]) => Promise<Transaction>).apply(target, args));
        };
      }
      return v.bind(target);
    },
  });
}

export function countingAdapterFactory<F extends SqlDriverAdapterFactory>(factory: F): F {
  return new Proxy(factory, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver);
      if (prop === "connect" && typeof v === "function") return async () => wrapAdapter(await (v as () => Promise<SqlDriverAdapter>).apply(target));
      return typeof v === "function" ? v.bind(target) : v;
    },
  });
}

/** Run `fn` counting its database round trips; adds the header to the Response it returns. */
export async function withRoundTrips(fn: () => Promise<Response>): Promise<Response> {
  if (!countingEnabled()) return fn();
  const s = { count: 0 };
  const res = await store.run(s, fn);
  res.headers.set("x-kassa-db-round-trips", String(s.count));
  return res;
}
