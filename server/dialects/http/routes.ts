// Routing tables as data. Each dialect lists its routes as (method, OpenAPI path template, handler); the same list is
// what its OpenAPI document must describe (the route-coverage test compares the two), so a route cannot exist
// undocumented.
import { noteRoute } from "../../ops/scope";

export type RouteSpec<H> = readonly [method: string, path: string, handler: H];

export type RouteMatch<H> = { handler: H; params: Record<string, string>; method: string; path: string };

export type RouteTable<H> = {
  /** Every route as METHOD + OpenAPI template (e.g. `POST /store/carts/{id}/line-items`). */
  readonly routes: readonly { method: string; path: string }[];
  /** The handler and decoded path parameters for a request, or null when no route has this method and path. */
  match(method: string, path: string): RouteMatch<H> | null;
};

/**
 * Compile a table. `{name}` matches one path segment, or `params[name]` (a regex source) when given. A trailing
 * slash is accepted when `trailingSlash` is set, as Medusa's and the shop API's routers do.
 */
export function routeTable<H>(specs: readonly RouteSpec<H>[], opts: { params?: Record<string, string>; trailingSlash?: boolean } = {}): RouteTable<H> {
  const compiled = specs.map(([method, path, handler]) => {
    const keys: string[] = [];
    const source = path
      .split(/(\{\w+\})/)
      .map((part) => {
        const m = part.match(/^\{(\w+)\}$/);
        if (!m) return part.replace(/[.*+?^$()|[\]\\]/g, "\\$&");
        keys.push(m[1]!);
        return `(${opts.params?.[m[1]!] ?? "[^/]+"})`;
      })
      .join("");
    return { method, path, handler, keys, pattern: new RegExp(`^${source}${opts.trailingSlash ? "/?" : ""}$`) };
  });
  return {
    routes: compiled.map(({ method, path }) => ({ method, path })),
    match(method, path) {
      for (const r of compiled) {
        if (r.method !== method) continue;
        const m = path.match(r.pattern);
        if (!m) continue;
        let params: Record<string, string>;
        try {
          params = Object.fromEntries(r.keys.map((k, i) => [k, decodeURIComponent(m[i + 1]!)]));
        } catch {
          return null; // a malformed escape (`%E0%A4`) names nothing
        }
        noteRoute(r.path); // the access log's and the metrics' route label
        return { handler: r.handler, params, method: r.method, path: r.path };
      }
      return null;
    },
  };
}
