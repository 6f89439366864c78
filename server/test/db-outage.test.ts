// PostgreSQL goes away in the middle of load (PostgreSQL only). Clients of all four REST dialects run checkout flows
// through the real handlers while a proxy in front of the server resets every connection and refuses new ones for a
// while, as a restart does; or freezes every connection (open, silent) as a frozen network does. During the outage every
// answer must be a 503 in the dialect's own documented shape (never a masked 500, never a hang past the request
// deadline); afterwards the same process serves again without a restart, and the ledger holds.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { inject } from "vitest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seed } from "../../prisma/seed";
import { openDatabase, type DbHandle } from "../db";
import * as ct from "../dialects/commercetools/router";
import * as magento from "../dialects/magento/router";
import * as medusa from "../dialects/medusa/router";
import * as shop from "../dialects/shop/router";
import type { DialectId } from "../reference";
import { useTestDatabase } from "./app";
import { uniqueEmail } from "./db";
import { undocumented } from "./documented";
import { ledgerViolations } from "./ledger-check";
import { pgProxy, type PgProxy } from "./pg-proxy";
import { customerService } from "../auth/credentials";
import { requestDeadline, setRequestDeadline } from "../dialects/http/deadline";

const url = inject("postgresUrl");
const CLIENTS = 12;
const OUTAGE_AT = 2_000;
const OUTAGE_MS = 2_500;
const RUN_MS = process.env.KASSA_OUTAGE_REAL_RESTART === "1" ? 14_000 : 8_000;
const HANG_LIMIT_MS = 12_000;
const FREEZE_MS = 3_000;
const DEADLINE_MS = 1_500;
/**
 * KASSA_OUTAGE_REAL_RESTART=1 stops and starts the real local PostgreSQL cluster instead of cutting the proxy. It
 * disturbs every other test using that server, so run this file alone: `npx vitest run server/test/db-outage.test.ts`.
 */
const REAL_RESTART = process.env.KASSA_OUTAGE_REAL_RESTART === "1";
function pgctl(action: "stop" | "start") {
  const version = readdirSync("/etc/postgresql")[0]!;
  const r = spawnSync("pg_ctlcluster", ["--skip-systemctl-redirect", version, "main", action, ...(action === "stop" ? ["--mode", "fast"] : [])], { stdio: "inherit" });
  if (r.status !== 0) throw new Error(`pg_ctlcluster ${action} failed`);
}

type Answer = { dialect: DialectId; route: string; status: number; body: unknown; at: number; ms: number };
type Handler = (req: Request) => Promise<Response>;

describe.skipIf(!url)("PostgreSQL outage under load", () => {
  let proxy: PgProxy;
  let h: DbHandle;
  let t0 = 0;
  const answers: Answer[] = [];

  async function send(dialect: DialectId, handler: Handler, route: string, path: string, init: { method?: string; headers?: Record<string, string>; json?: unknown; form?: string } = {}) {
    const headers = new Headers(init.headers);
    let body: string | undefined;
    if (init.json !== undefined) (headers.set("content-type", "application/json"), (body = JSON.stringify(init.json)));
    if (init.form !== undefined) (headers.set("content-type", "application/x-www-form-urlencoded"), (body = init.form));
    const start = Date.now();
    const res = await handler(new Request(`http://localhost${path}`, { method: init.method ?? "GET", headers, body }));
    const text = await res.text();
    const parsed = text ? JSON.parse(text) : null;
    answers.push({ dialect, route, status: res.status, body: parsed, at: start - t0, ms: Date.now() - start });
    if (res.status >= 300) throw new Error(`step failed: ${res.status}`); // abandon the flow; the answer is recorded
    return parsed;
  }

  beforeAll(async () => {
    proxy = await pgProxy(url!);
    h = openDatabase({ url: proxy.url, poolMax: 10 });
    await seed(h.db);
    useTestDatabase(h);
  });
  afterAll(async () => {
    await h?.close();
    await proxy?.close();
  });

  /** Clients of all four dialects run checkout flows for `runMs`; at OUTAGE_AT the database breaks for `breakMs`. */
  async function underLoad(breakIt: () => void, mendIt: () => void, breakMs: number, runMs: number): Promise<number> {
    answers.length = 0;
    // credentials made before the load: each client is its own customer in every dialect
    const password = "outage password";
    const people = await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        const email = uniqueEmail("outage");
        await customerService(h.db).register({ email, password });
        return email;
      }),
    );
    const pk = { "x-publishable-api-key": "pk_kassa_demo" };
    const usd = (await h.db.region.findFirstOrThrow({ where: { currency: "USD" } })).id;
    const variant = (await h.db.variant.findFirstOrThrow({ where: { sku: "TEE-BLACK-M" } })).id;
    const basic = `Basic ${Buffer.from("kassa-demo-client:kassa-demo-secret").toString("base64")}`;

    const flows: ((email: string) => Promise<void>)[] = [
      async () => {
        const { cart } = await send("medusa", medusa.POST, "POST /store/carts", "/store/carts", { method: "POST", headers: pk, json: { region_id: usd, items: [{ variant_id: variant, quantity: 1 }] } });
        const { payment_collection } = await send("medusa", medusa.POST, "POST /store/payment-collections", "/store/payment-collections", { method: "POST", headers: pk, json: { cart_id: cart.id } });
        await send("medusa", medusa.POST, "POST /store/payment-collections/{id}/payment-sessions", `/store/payment-collections/${payment_collection.id}/payment-sessions`, { method: "POST", headers: pk, json: { provider_id: "pp_system_default" } });
        await send("medusa", medusa.POST, "POST /store/carts/{id}/complete", `/store/carts/${cart.id}/complete`, { method: "POST", headers: pk });
      },
      async (email) => {
        const tok = await send("commercetools", ct.POST, "POST /oauth/{projectKey}/customers/token", "/commercetools/oauth/kassa-demo/customers/token", { method: "POST", headers: { authorization: basic }, form: `grant_type=password&username=${encodeURIComponent(email)}&password=${encodeURIComponent(password)}` });
        const auth = { authorization: `Bearer ${tok.access_token}` };
        await send("commercetools", ct.POST, "POST /{projectKey}/me/payments", "/commercetools/kassa-demo/me/payments", { method: "POST", headers: auth, json: { amountPlanned: { currencyCode: "USD", centAmount: 2800 } } });
        await send("commercetools", ct.GET, "GET /{projectKey}/me/payments", "/commercetools/kassa-demo/me/payments?limit=5", { headers: auth });
      },
      async (email) => {
        const tok = await send("magento", magento.POST, "POST /V1/integration/customer/token", "/rest/V1/integration/customer/token", { method: "POST", json: { username: email, password } });
        const auth = { authorization: `Bearer ${tok}` };
        await send("magento", magento.POST, "POST /V1/carts/mine", "/rest/V1/carts/mine", { method: "POST", headers: auth });
        await send("magento", magento.POST, "POST /V1/carts/mine/items", "/rest/V1/carts/mine/items", { method: "POST", headers: auth, json: { cartItem: { sku: "MUG-WHITE", qty: 1 } } });
        await send("magento", magento.POST, "POST /V1/carts/mine/payment-order", "/rest/V1/carts/mine/payment-order", { method: "POST", headers: auth, json: { methodCode: "payment_services_paypal_hosted_fields", paymentSource: "cc", location: "CHECKOUT" } });
      },
      async (email) => {
        const key = { "x-api-key": "shop_demo_storefront_key" };
        const login = await send("shop", shop.POST, "POST /api/v1/shop/auth/login", "/api/v1/shop/auth/login", { method: "POST", headers: key, json: { email, password } });
        const auth = { ...key, authorization: `Bearer ${login.data.token}` };
        const order = await send("shop", shop.POST, "POST /api/v1/shop/orders", "/api/v1/shop/orders", { method: "POST", headers: auth, json: { items: [{ sku: "CAP-NAVY", quantity: 1 }], currency: "USD" } });
        await send("shop", shop.POST, "POST /api/v1/shop/orders/{orderId}/payment-intent", `/api/v1/shop/orders/${order.data.id}/payment-intent`, { method: "POST", headers: auth });
      },
    ];

    t0 = Date.now();
    let restoredAt = Infinity;
    const outage = (async () => {
      await new Promise((r) => setTimeout(r, OUTAGE_AT));
      breakIt();
      await new Promise((r) => setTimeout(r, breakMs));
      mendIt();
      restoredAt = Date.now() - t0;
    })();
    const thrown: unknown[] = [];
    await Promise.all(
      people.map(async (email, i) => {
        for (let n = 0; Date.now() - t0 < runMs; n++) {
          try {
            await flows[(i + n) % flows.length]!(email);
          } catch (e) {
            if (!String(e).includes("step failed")) thrown.push(e);
            await new Promise((r) => setTimeout(r, 50));
          }
        }
      }),
    );
    await outage;
    expect(thrown.map(String)).toEqual([]);
    return restoredAt;
  }

  /** Every answer a 2xx or a documented 503 (each dialect saw some), none slower than `hangLimitMs`, all serving again after. */
  async function expectCleanOutage(restoredAt: number, hangLimitMs: number, label: string) {
    for (const a of answers.filter((x) => x.status >= 300 && x.status !== 503)) console.log("unexpected answer", a.status, a.route, a.at, a.ms, JSON.stringify(a.body));
    const statuses = [...new Set(answers.map((a) => a.status))].sort();
    expect(statuses.filter((s) => s >= 300 && s !== 503)).toEqual([]);
    // the outage was seen by every dialect, as a 503 in its own documented shape
    for (const d of ["medusa", "commercetools", "magento", "shop"] as const) {
      const down = answers.filter((a) => a.dialect === d && a.status === 503);
      expect(down.length, `${d} answered 503 during the outage`).toBeGreaterThan(0);
      for (const a of down) expect(undocumented(d, a.route.split(" ")[0]!, a.route.split(" ")[1]!, 503, a.body)).toEqual([]);
    }
    // 503s only while the server was away (a request in flight at the cut may end in one)
    expect(answers.filter((a) => a.status === 503).every((a) => a.at + a.ms >= OUTAGE_AT - 50)).toBe(true);
    // nobody waited past the limit
    expect(Math.max(...answers.map((a) => a.ms))).toBeLessThan(hangLimitMs);
    // the same process serves every dialect again after the server is back
    const back = restoredAt + 500;
    for (const d of ["medusa", "commercetools", "magento", "shop"] as const) {
      expect(answers.some((a) => a.dialect === d && a.at > back && a.status < 300), `${d} served again after the outage`).toBe(true);
    }
    expect(answers.some((a) => a.at > back && a.status === 503)).toBe(false);
    expect(await ledgerViolations(h)).toEqual([]);
    const count = (p: (a: Answer) => boolean) => answers.filter(p).length;
    console.log(`[db-outage: ${label}] ${answers.length} answers: ${count((a) => a.status < 300)} ok, ${count((a) => a.status === 503)} 503; slowest ${Math.max(...answers.map((a) => a.ms))} ms`);
  }

  it("answers 503 in each dialect's shape during the outage, recovers on its own, and the ledger holds", async () => {
    const restoredAt = REAL_RESTART
      ? await underLoad(() => pgctl("stop"), () => pgctl("start"), OUTAGE_MS, RUN_MS)
      : await underLoad(() => proxy.cut(), () => proxy.restore(), OUTAGE_MS, RUN_MS);
    await expectCleanOutage(restoredAt, HANG_LIMIT_MS, REAL_RESTART ? "restart" : "reset");
  }, 60_000);

  it.skipIf(REAL_RESTART)("a frozen network (connections open, nothing answers): 503 at the request deadline, then served again", async () => {
    // past the deadline a request is answered, whatever its database connection is doing
    const before = requestDeadline();
    setRequestDeadline(DEADLINE_MS);
    try {
      const restoredAt = await underLoad(() => proxy.freeze(), () => proxy.thaw(), FREEZE_MS, RUN_MS);
      await expectCleanOutage(restoredAt, DEADLINE_MS + 1_000, "frozen");
      // the answers to requests that met the freeze came at the deadline, not when the network came back
      const held = answers.filter((a) => a.status === 503);
      expect(held.every((a) => a.ms < DEADLINE_MS + 1_000)).toBe(true);
    } finally {
      setRequestDeadline(before);
    }
  }, 60_000);
});
