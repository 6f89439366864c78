// One scope per HTTP request (AsyncLocalStorage): the database round trips it caused, and the route template and
// dialect it was served by, for the access log and the metrics. Kassa's server opens it around every request; a
// handler called outside one (tests, Next dev) simply records nothing.
import { AsyncLocalStorage } from "node:async_hooks";

export type RequestScope = { roundTrips: number; route?: string };

// One store per process, even when two bundles load this module (Next's server bundle and the REST server's own).
const g = globalThis as unknown as { kassaRequestScope?: AsyncLocalStorage<RequestScope> };
const store = (g.kassaRequestScope ??= new AsyncLocalStorage<RequestScope>());

export function inRequestScope<T>(scope: RequestScope, fn: () => T): T {
  return store.run(scope, fn);
}

export function currentScope(): RequestScope | undefined {
  return store.getStore();
}

/** A routing table names the template it matched (`/store/carts/{id}`), never the raw path. */
export function noteRoute(template: string): void {
  const s = store.getStore();
  if (s) s.route = template;
}

export function countRoundTrip(): void {
  const s = store.getStore();
  if (s) s.roundTrips++;
}
