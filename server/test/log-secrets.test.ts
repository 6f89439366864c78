// Secrets never reach the logs: run sign-ins, token use and failing requests (including 5xx when the database is
// gone) with every kind of credential, capture everything written to the console and the structured log, and grep it.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { seed } from "../../prisma/seed";
import type { DbHandle } from "../db";
import { embeddedTestDb } from "./db";
import { useTestDatabase } from "./app";
import * as medusa from "../dialects/medusa/router";
import * as shop from "../dialects/shop/router";
import * as ct from "../dialects/commercetools/router";
import * as magento from "../dialects/magento/router";
import { captureLog } from "../ops/log";

describe("secrets in logs", () => {
  let h: DbHandle;
  const captured: string[] = [];
  let restoreLog = () => {};
  beforeAll(async () => {
    restoreLog = captureLog({ write: (line) => void captured.push(line) }); // the structured log (pino)
    h = await embeddedTestDb();
    await seed(h.db);
    useTestDatabase(h);
    for (const level of ["log", "info", "warn", "error", "debug"] as const) {
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        captured.push(args.map((a) => (a instanceof Error ? `${a.message}\n${a.stack}` : typeof a === "string" ? a : JSON.stringify(a))).join(" "));
      });
    }
  });
  afterAll(() => {
    vi.restoreAllMocks();
    restoreLog();
  });

  it("never writes passwords, keys or tokens, even when requests fail with 5xx", async () => {
    const secrets = ["alice-password", "pk_kassa_demo", "shop_demo_storefront_key", "shop_demo_payment_system_key", "kassa-demo-secret"];
    const req = (url: string, init: RequestInit) => new Request(`http://localhost${url}`, init);
    const json = { "content-type": "application/json" };
    const mage = await (await magento.POST(req("/rest/V1/integration/customer/token", { method: "POST", headers: json, body: JSON.stringify({ username: "alice@example.com", password: "alice-password" }) }))).json();
    const shopLogin = await (await shop.POST(req("/api/v1/shop/auth/login", { method: "POST", headers: { ...json, "x-api-key": "shop_demo_storefront_key" }, body: JSON.stringify({ email: "alice@example.com", password: "alice-password" }) }))).json();
    const basic = `Basic ${Buffer.from("kassa-demo-client:kassa-demo-secret").toString("base64")}`;
    const ctTok = await (await ct.POST(req("/commercetools/oauth/kassa-demo/customers/token", { method: "POST", headers: { authorization: basic }, body: "grant_type=password&username=alice%40example.com&password=alice-password" }))).json();
    secrets.push(mage as string, shopLogin.data.token, ctTok.access_token, ctTok.refresh_token);

    const calls = () => [
      medusa.GET(req("/store/regions", { headers: { "x-publishable-api-key": "pk_kassa_demo", authorization: `Bearer ${mage}` } })),
      shop.GET(req("/api/v1/shop/orders/ord_x", { headers: { "x-api-key": "shop_demo_storefront_key", authorization: `Bearer ${shopLogin.data.token}` } })),
      ct.GET(req("/commercetools/kassa-demo/me/payments", { headers: { authorization: `Bearer ${ctTok.access_token}` } })),
      magento.GET(req("/rest/V1/carts/mine", { headers: { authorization: `Bearer ${mage}` } })),
      magento.POST(req("/rest/V1/integration/customer/token", { method: "POST", headers: json, body: JSON.stringify({ username: "alice@example.com", password: "alice-password" }) })),
    ];
    await Promise.all(calls());
    await h.close(); // the database goes away: every request below fails inside
    const statuses = (await Promise.all(calls())).map((r) => r.status);
    expect(statuses.some((s) => s >= 500)).toBe(true);
    expect(captured.length).toBeGreaterThan(0);
    expect(captured.some((l) => l.startsWith("{") && JSON.parse(l).msg === "request failed"), "the 5xx reached the structured log").toBe(true);
    const log = captured.join("\n");
    for (const s of secrets) expect(log.includes(s), `a secret reached the log: ${s.slice(0, 6)}…`).toBe(false);
  });
});
