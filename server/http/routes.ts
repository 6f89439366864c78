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

/** What a request Next.js answers is, for the logs and metrics: a bounded set of labels, never a raw path. */
export function nextRoute(pathname: string): { dialect: string; route: string } {
  if (pathname.startsWith("/_next/")) return { dialect: "static", route: "/_next/*" };
  if (pathname.startsWith("/api/trpc/")) return { dialect: "trpc", route: "/api/trpc/*" };
  if (pathname.startsWith("/api/auth/")) return { dialect: "auth", route: "/api/auth/*" };
  if (pathname.startsWith("/api/") || pathname === "/mcp" || pathname.startsWith("/docs")) return { dialect: "api", route: pathname.split("/").slice(0, 3).join("/") || "/" };
  if (pathname.startsWith("/dashboard")) return { dialect: "console", route: "/dashboard/*" };
  return { dialect: "pages", route: "(page)" };
}
