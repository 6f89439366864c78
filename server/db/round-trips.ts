// Database round trips per request. On PostgreSQL the driver adapter is wrapped so every query it sends counts for the
// request that caused it (server/ops/scope.ts): the metrics' round-trips histogram. With KASSA_COUNT_ROUND_TRIPS=1 route
// guards also report the count in an `x-kassa-db-round-trips` response header (the bench reads it).
import type { SqlDriverAdapter, SqlDriverAdapterFactory, Transaction } from "@prisma/driver-adapter-utils";
import { countRoundTrip as tick, currentScope, inRequestScope } from "../ops/scope";

export const countingEnabled = () => process.env.KASSA_COUNT_ROUND_TRIPS === "1";

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

/** Run `fn` counting its database round trips (in the request's scope, or a new one); with KASSA_COUNT_ROUND_TRIPS=1
 * the count goes into a response header. */
export async function withRoundTrips(fn: () => Promise<Response>): Promise<Response> {
  if (!countingEnabled()) return fn();
  const outer = currentScope();
  const s = outer ?? { roundTrips: 0 };
  const before = s.roundTrips;
  const res = outer ? await fn() : await inRequestScope(s, fn);
  res.headers.set("x-kassa-db-round-trips", String(s.roundTrips - before));
  return res;
}
