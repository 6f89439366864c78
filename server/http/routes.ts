// The REST surfaces the production server hands straight to their fetch handlers (Request -> Response) without going
// through Next.js' routing: the same handlers the one-line route files under app/ export. Everything else (pages,
// tRPC, next-auth, health, docs) is Next's.
import * as ct from "../dialects/commercetools/router";
import * as magento from "../dialects/magento/router";
import * as medusa from "../dialects/medusa/router";
import * as medusaAdmin from "../dialects/medusa-admin/router";
import * as shop from "../dialects/shop/router";
import { POST as stripeWebhook } from "../webhooks/route";
import { GET as health } from "../dialects/http/health";

type Handler = (req: Request) => Promise<Response>;
type Methods = Partial<Record<"GET" | "POST" | "PUT" | "DELETE", Handler>>;

const MOUNTS: [prefix: string, exact: boolean, methods: Methods][] = [
  ["/store/", false, { GET: medusa.GET, POST: medusa.POST, DELETE: medusa.DELETE }],
  ["/auth/customer/emailpass", true, { POST: medusa.emailPassPOST }],
  ["/admin/", false, { GET: medusaAdmin.GET, POST: medusaAdmin.POST }],
  ["/auth/user/emailpass", true, { POST: medusaAdmin.userEmailPassPOST }],
  ["/rest/", false, { GET: magento.GET, POST: magento.POST, PUT: magento.PUT, DELETE: magento.DELETE }],
  ["/commercetools/", false, { GET: ct.GET, POST: ct.POST, DELETE: ct.DELETE }],
  ["/api/v1/shop/", false, { GET: shop.GET, POST: shop.POST }],
  ["/api/webhooks/stripe", true, { POST: stripeWebhook }],
];

/** The path prefixes the server routes itself (for the test that ties them to app/'s route files). */
export function restMounts(): string[] {
  return MOUNTS.map(([prefix]) => prefix);
}

/** The health probe, which an API-only process (KASSA_ROLE=api) serves itself. */
export const healthHandler: Handler = () => health();

/** The REST handler for this method and path, or null to let Next.js answer (pages, other APIs, 405s). */
export function restHandler(method: string, pathname: string): Handler | null {
  for (const [prefix, exact, methods] of MOUNTS) {
    if (exact ? pathname === prefix || pathname === `${prefix}/` : pathname.startsWith(prefix)) return methods[method as keyof Methods] ?? null;
  }
  return null;
}
