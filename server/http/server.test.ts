// Kassa's production server as a real process in its API-only role (KASSA_ROLE=api, no Next.js): the REST dialects
// answer through the Node adapter with the security headers, health works, everything else is a JSON 404.
// PostgreSQL only (the child process needs its own connection to the run's database).
import { spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import { rmSync } from "node:fs";
import path from "node:path";
import { buildServer } from "../../scripts/build-server.mjs";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { seed } from "../../prisma/seed";
import { openDatabase } from "../db";

const url = inject("postgresUrl");
const PORT = 3400 + (process.pid % 500);
const base = `http://127.0.0.1:${PORT}`;

describe.skipIf(!url)("the production server, API-only role", () => {
  let child: ChildProcess;
  let bundle: string | undefined;
  beforeAll(async () => {
    const h = openDatabase({ url: url! });
    await seed(h.db);
    await h.close();
    // the server as production runs it: compiled by scripts/build-server.mjs, plain node
    // (inside the project, so its packages resolve from node_modules as they do for .next/kassa/server.mjs)
    bundle = await buildServer(path.resolve(".next", "kassa", `server.test-${process.pid}.mjs`));
    child = spawn(process.execPath, [bundle], {
      // Stripe configured (never called here) so that the webhook intake reads its body
      env: { ...process.env, DATABASE_URL: url!, KASSA_ROLE: "api", PORT: String(PORT), HOST: "127.0.0.1", NODE_ENV: "production", STRIPE_SECRET_KEY: "sk_test_server", STRIPE_WEBHOOK_SECRET: "whsec_server", STRIPE_API_BASE: "http://127.0.0.1:9" },
      stdio: ["ignore", "ignore", "inherit"],
    });
    for (let i = 0; i < 100; i++) {
      if (await fetch(`${base}/api/health`).then((r) => r.ok).catch(() => false)) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error("server did not start");
  }, 30_000);
  afterAll(() => {
    child?.kill("SIGTERM");
    if (bundle) rmSync(bundle, { force: true });
  });

  it("serves the REST dialects with security headers, and refuses what it does not serve", async () => {
    const regions = await fetch(`${base}/store/regions`, { headers: { "x-publishable-api-key": "pk_kassa_demo" } });
    expect(regions.status).toBe(200);
    expect(((await regions.json()) as { regions: unknown[] }).regions).toHaveLength(3);
    expect(regions.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(regions.headers.get("x-request-id")).toBeTruthy();

    const refused = await fetch(`${base}/store/regions`);
    expect([refused.status, ((await refused.json()) as { type: string }).type]).toEqual([400, "not_allowed"]);

    const token = await fetch(`${base}/rest/V1/integration/customer/token`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: "alice@example.com", password: "alice-password" }) });
    expect(token.status).toBe(200);
    expect(typeof (await token.json())).toBe("string");

    const big = await fetch(`${base}/api/v1/shop/auth/login`, { method: "POST", headers: { "content-type": "application/json", "x-api-key": "shop_demo_storefront_key" }, body: "x".repeat(300 * 1024) });
    expect([big.status, await big.json()]).toEqual([413, { message: "The request body is too large." }]);

    const page = await fetch(`${base}/checkout`);
    expect(page.status).toBe(404);
    expect(page.headers.get("content-type")).toMatch(/json/);
    expect(page.headers.get("x-frame-options")).toBe("DENY");
  });

  it("answers a 5 MB body with 413 in each surface's shape, and the client reads it (drained, not reset)", async () => {
    const five = "x".repeat(5 * 1024 * 1024);
    const cases: [string, Record<string, string>, (b: unknown) => boolean][] = [
      ["/api/webhooks/stripe", { "stripe-signature": "t=1,v1=x" }, (b) => (b as { error?: { type?: string } }).error?.type === "payload_too_large"],
      ["/store/carts", { "x-publishable-api-key": "pk_kassa_demo" }, (b) => (b as { type?: string }).type === "invalid_data"],
      ["/rest/V1/integration/customer/token", {}, (b) => typeof (b as { message?: string }).message === "string"],
      ["/commercetools/kassa-demo/me/payments", { authorization: "Bearer x" }, (b) => typeof (b as { statusCode?: number }).statusCode === "number"],
      ["/api/v1/shop/orders", { "x-api-key": "shop_demo_storefront_key" }, (b) => typeof (b as { message?: string }).message === "string"],
    ];
    for (const [path, headers, shape] of cases) {
      for (const chunked of [false, true]) {
        // with a declared length, and streamed without one (the handler finds out while reading)
        const body = chunked
          ? new ReadableStream({ start(c) { for (let i = 0; i < 5; i++) c.enqueue(new TextEncoder().encode(five.slice(i * 1024 * 1024, (i + 1) * 1024 * 1024))); c.close(); } })
          : five;
        const started = Date.now();
        const res = await fetch(`${base}${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body, ...(chunked ? { duplex: "half" } : {}) } as RequestInit);
        const answer = await res.json();
        expect([path, chunked, res.status, shape(answer)]).toEqual([path, chunked, path === "/commercetools/kassa-demo/me/payments" && res.status === 401 ? 401 : 413, true]);
        expect(Date.now() - started).toBeLessThan(10_000);
      }
    }
    // the connection is still good for the next request
    expect((await fetch(`${base}/api/health`)).status).toBe(200);
  }, 120_000);

  it("a body left unread (credentials refused first) does not stall the next request on the same keep-alive connection", async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const send = (method: string, p: string, body?: string, headers: Record<string, string> = {}) =>
      new Promise<{ status: number; socket: unknown }>((resolve, reject) => {
        const req = http.request(`${base}${p}`, { method, agent, headers: { ...headers, ...(body ? { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)) } : {}) } }, (res) => {
          res.resume();
          res.on("end", () => resolve({ status: res.statusCode!, socket: req.socket }));
        });
        req.setTimeout(5_000, () => req.destroy(new Error("stalled")));
        req.on("error", reject);
        req.end(body);
      });
    const refused = await send("POST", "/commercetools/kassa-demo/me/payments", JSON.stringify({ pad: "y".repeat(200_000) }), { authorization: "Bearer nope" });
    const next = await send("GET", "/api/health");
    expect([refused.status, next.status, next.socket === refused.socket]).toEqual([401, 200, true]);
    agent.destroy();
  });
});
