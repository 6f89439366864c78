// The REST surfaces the production server hands straight to their fetch handlers (Request -> Response) without going
// through Next.js' routing: the same handlers the one-line route files under app/ export. Everything else (pages,
// tRPC, next-auth, health, docs) is Next's.
import * as ct from "../dialects/commercetools/router";
import * as magento from "../dialects/magento/router";
import * as medusa from "../dialects/medusa/router";
import * as medusaAdmin from "../dialects/medusa-admin/router";
import * as shop from "../dialects/shop/router";
import { POST as stripeWebhook } from "../webhooks/route";

type Handler = (req: Request) => Promise<Response>;
type Methods = Partial<Record<"GET" | "POST" | "PUT" | "DELETE", Handler>>;

const MOUNTS: [prefix: string, exact: boolean, dialect: string, methods: Methods][] = [
  ["/store/", false, "medusa", { GET: medusa.GET, POST: medusa.POST, DELETE: medusa.DELETE }],
  ["/auth/customer/emailpass", true, "medusa", { POST: medusa.emailPassPOST }],
  ["/admin/", false, "medusa-admin", { GET: medusaAdmin.GET, POST: medusaAdmin.POST }],
  ["/auth/user/emailpass", true, "medusa-admin", { POST: medusaAdmin.userEmailPassPOST }],
  ["/rest/", false, "magento", { GET: magento.GET, POST: magento.POST, PUT: magento.PUT, DELETE: magento.DELETE }],
  ["/commercetools/", false, "commercetools", { GET: ct.GET, POST: ct.POST, DELETE: ct.DELETE }],
  ["/api/v1/shop/", false, "shop", { GET: shop.GET, POST: shop.POST }],
  ["/api/webhooks/stripe", true, "stripe-webhooks", { POST: stripeWebhook }],
];

/** The path prefixes the server routes itself (for the test that ties them to app/'s route files). */
export function restMounts(): string[] {
  return MOUNTS.map(([prefix]) => prefix);
}

/**
 * The REST surface for this path: its dialect (the logs' and metrics' label) and its handler for this method, or
 * null to let Next.js answer (pages, other APIs, 405s).
 */
export function restRoute(method: string, pathname: string): { dialect: string; handler: Handler | null } | null {
  for (const [prefix, exact, dialect, methods] of MOUNTS) {
    if (exact ? pathname === prefix || pathname === `${prefix}/` : pathname.startsWith(prefix)) return { dialect, handler: methods[method as keyof Methods] ?? null };
  }
  return null;
}

/** Next.js' paths by prefix, as logs and metrics name them: a fixed set, so no client can mint new label values. */
const NEXT_ROUTES: [prefix: string, dialect: string, route: string][] = [
  ["/_next/", "static", "/_next/*"],
  ["/api/trpc/", "trpc", "/api/trpc/*"],
  ["/api/auth/", "auth", "/api/auth/*"],
  ["/api/openapi/", "api", "/api/openapi/*"],
  ["/docs", "api", "/docs*"],
  ["/mcp", "api", "/mcp"],
  ["/dashboard", "console", "/dashboard*"],
  ["/api/", "api", "(other)"],
];

/** What a request Next.js answers is, for the logs and metrics: a bounded set of labels, never a raw path. */
export function nextRoute(pathname: string): { dialect: string; route: string } {
  for (const [prefix, dialect, route] of NEXT_ROUTES) if (pathname.startsWith(prefix)) return { dialect, route };
  return { dialect: "pages", route: "(page)" };
}
