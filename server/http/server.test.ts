// Kassa's production server as a real process in its API-only role (KASSA_ROLE=api, no Next.js): the REST dialects
// answer through the Node adapter with the security headers, health works, everything else is a JSON 404.
// PostgreSQL only (the child process needs its own connection to the run's database).
import { spawn, type ChildProcess } from "node:child_process";
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
      env: { ...process.env, DATABASE_URL: url!, KASSA_ROLE: "api", PORT: String(PORT), HOST: "127.0.0.1", NODE_ENV: "production" },
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
});
