// `npm run bench`: builds and starts the production server on PostgreSQL (DATABASE_URL required; the embedded database
// is refused), seeds a bench dataset through the app's own APIs (plus bulk payments for the query scenario), drives
// each scenario with autocannon on loopback, and reports requests/s, p50/p99 latency, errors and database round trips
// per request (counted inside the server, KASSA_COUNT_ROUND_TRIPS=1). Writes bench/results/latest.{json,md}.
// BENCH_PROCESSES=2 (or more) also starts further server processes on the next ports, same database, and measures the
// Medusa store scenarios against one process and against all of them (autocannon spreads its connections over the
// processes' URLs, round robin), side by side. BENCH_SERVER=api benches API-only processes: no Next.js build, and the
// console and checkout-page measurements are left out.
import { serverCommand } from "./build-server.mjs";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { firstLoadScripts } from "../e2e/first-load";
import autocannon from "autocannon";
import pg from "pg";
import Stripe from "stripe";
import { createStripeLocal } from "./stripe-local/server";

const base = process.env.DATABASE_URL;
if (!base || !/^postgres(ql)?:\/\//.test(base)) {
  console.error("npm run bench needs DATABASE_URL=postgres://… (the embedded database is single-connection and not what we measure).");
  process.exit(2);
}
const PORT = Number(process.env.BENCH_PORT || 3200);
const URL_BASE = `http://127.0.0.1:${PORT}`;
const DURATION = Number(process.env.BENCH_SECONDS || 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS || 16);
const PAYMENTS = Number(process.env.BENCH_PAYMENTS || 10_000);
const PROCESSES = Math.max(1, Number(process.env.BENCH_PROCESSES || 1));
const API_ONLY = process.env.BENCH_SERVER === "api";
const FLAT_SIZES = [100, Number(process.env.BENCH_FLAT_MAX || 100_000)] as const;
const WEBHOOK_SECRET = "whsec_bench";
const bin = (n: string) => path.join("node_modules", ".bin", n);

// ---------------------------------------------------------------- database and server
const dbName = `kassa_bench_${Date.now().toString(36)}`;
const admin = new pg.Client({ connectionString: base });
await admin.connect();
await admin.query(`CREATE DATABASE "${dbName}"`);
const url = new URL(base);
url.pathname = `/${dbName}`;
const DATABASE_URL = url.toString();
// Stripe-backed paths (Magento payment order, shop payment intent) talk to the local Stripe-compatible server.
const stripeLocal = createStripeLocal();
const stripeApi = (await stripeLocal.listen()).url;
const env = {
  ...process.env,
  DATABASE_URL,
  KASSA_SEED_DEMO: "1",
  KASSA_COUNT_ROUND_TRIPS: "1",
  NEXT_TELEMETRY_DISABLED: "1",
  NODE_ENV: "production" as const,
  STRIPE_SECRET_KEY: "sk_test_bench",
  STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
  STRIPE_API_BASE: stripeApi,
  DATABASE_POOL_MAX: process.env.DATABASE_POOL_MAX || "16",
};
const must = (cmd: string, args: string[]) => {
  // Preparing (migrations, seed, build) is start.mjs' own work, not a production start (which refuses to build): no
  // NODE_ENV=production here. An API-only bench needs no Next.js build: start.mjs skips it for KASSA_ROLE=api.
  const prepEnv: Record<string, string | undefined> = { ...env, ...(API_ONLY ? { KASSA_ROLE: "api" } : {}) };
  delete prepEnv.NODE_ENV;
  const r = spawnSync(cmd, args, { stdio: "inherit", env: prepEnv as NodeJS.ProcessEnv });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed`);
};
must(process.execPath, ["scripts/start.mjs", "--build-only"]);
let server: ChildProcess | undefined;
const extraServers: ChildProcess[] = [];
/** Kassa's compiled server on `port` (the role and node flags as for the main process). */
function kassaServer(port: number): ChildProcess {
  const cmd = serverCommand(
    { ...env, PORT: String(port), HOST: "127.0.0.1", ...(API_ONLY ? { KASSA_ROLE: "api" } : {}) },
    process.env.BENCH_NODE_ARGS?.split(" ").filter(Boolean) ?? [],
  );
  return spawn(cmd.command, cmd.args, { stdio: ["ignore", "ignore", "inherit"], env: cmd.env });
}
async function waitUp(base: string) {
  for (let i = 0; ; i++) {
    if (await fetch(`${base}/api/health`).then((r) => r.ok).catch(() => false)) return;
    if (i > 120) throw new Error(`server at ${base} did not start`);
    await new Promise((r) => setTimeout(r, 500));
  }
}
const startServer = (port: number): ChildProcess =>
  process.env.BENCH_SERVER === "next"
    ? spawn(bin("next"), ["start", "-p", String(port), "-H", "127.0.0.1"], { stdio: ["ignore", "ignore", "inherit"], env })
    : kassaServer(port);
const cleanup = async () => {
  server?.kill("SIGTERM");
  for (const s of extraServers) s.kill("SIGTERM");
  await new Promise((r) => setTimeout(r, 500));
  await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`).catch(() => undefined);
  await admin.end();
  await stripeLocal.close();
};
try {
  // BENCH_SERVER=next measures plain `next start` instead of Kassa's server (REST direct, pages via Next.js);
  // BENCH_SERVER=api an API-only process (KASSA_ROLE=api, no Next.js; the console and checkout page are then not measured).
  server = startServer(PORT);
  await waitUp(URL_BASE);

  // ---------------------------------------------------------------- bench dataset through the APIs
  const json = async (p: string, init: RequestInit & { body?: string } = {}) => {
    const r = await fetch(URL_BASE + p, init);
    const t = await r.text();
    if (!r.ok) throw new Error(`${init.method ?? "GET"} ${p}: ${r.status} ${t}`);
    return JSON.parse(t);
  };
  const mj = { "content-type": "application/json", "x-publishable-api-key": "pk_kassa_demo" };
  const regions = (await json("/store/regions", { headers: mj })).regions;
  const us = regions.find((r: { currency_code: string }) => r.currency_code === "usd").id;
  const products = (await json(`/store/products?region_id=${us}`, { headers: mj })).products;
  const tee = products.flatMap((p: { variants: { id: string; sku: string }[] }) => p.variants).find((v: { sku: string }) => v.sku === "TEE-BLACK-M").id;
  const cart = (await json("/store/carts", { method: "POST", headers: mj, body: JSON.stringify({ region_id: us }) })).cart;
  await json(`/store/carts/${cart.id}/line-items`, { method: "POST", headers: mj, body: JSON.stringify({ variant_id: tee, quantity: 1 }) });
  const collection = (await json("/store/payment-collections", { method: "POST", headers: mj, body: JSON.stringify({ cart_id: cart.id }) })).payment_collection;

  const basic = `Basic ${Buffer.from("kassa-demo-client:kassa-demo-secret").toString("base64")}`;
  const ct = await json("/commercetools/oauth/kassa-demo/customers/token", {
    method: "POST",
    headers: { authorization: basic, "content-type": "application/x-www-form-urlencoded" },
    body: "grant_type=password&username=bob%40example.com&password=bob-password&scope=manage_my_payments:kassa-demo",
  });
  const bobId = /customer_id:(\S+)/.exec(ct.scope)![1]!;
  const db = new pg.Client({ connectionString: DATABASE_URL });
  await db.connect();
  await db.query(
    `INSERT INTO "Payment" (id, "customerId", "providerId", currency, "amountPlannedMinor", "methodInfo", "createdAt", "updatedAt")
     SELECT 'pay_bench_' || lpad(g::text, 7, '0'), $1, 'external', 'USD', (g % 5000) + 100, '{"method":"card"}', now() - (g || ' seconds')::interval, now()
     FROM generate_series(1, $2) g`,
    [bobId, PAYMENTS],
  );
  await db.query(`ANALYZE "Payment"`);
  await db.end();

  const mage = await json("/rest/V1/integration/customer/token", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: "alice@example.com", password: "alice-password" }) });
  const mh = { "content-type": "application/json", authorization: `Bearer ${mage}` };
  await json("/rest/V1/carts/mine", { method: "POST", headers: mh });
  await json("/rest/V1/carts/mine/items", { method: "POST", headers: mh, body: JSON.stringify({ cartItem: { sku: "MUG-WHITE", qty: 1 } }) });
  const poBody = JSON.stringify({ methodCode: "payment_services_paypal_hosted_fields", paymentSource: "cc", location: "CHECKOUT" });
  await json("/rest/V1/carts/mine/payment-order", { method: "POST", headers: mh, body: poBody });

  const sh = { "content-type": "application/json", "x-api-key": "shop_demo_storefront_key" };
  const shopToken = (await json("/api/v1/shop/auth/login", { method: "POST", headers: sh, body: JSON.stringify({ email: "alice@example.com", password: "alice-password" }) })).data.token;
  const shopAuth = { ...sh, authorization: `Bearer ${shopToken}` };
  const order = (await json("/api/v1/shop/orders", { method: "POST", headers: shopAuth, body: JSON.stringify({ items: [{ sku: "CAP-NAVY", quantity: 2 }], currency: "USD" }) })).data;

  // the merchant console: a staff session (cookie) for the payments list over tRPC (pages only: not on an API process)
  let staffCookie = "";
  if (!API_ONLY) {
    const signedIn = await fetch(`${URL_BASE}/api/trpc/dashboard.signIn`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ json: { email: "viewer@example.com", password: "viewer-password" } }) });
    if (!signedIn.ok) throw new Error(`staff sign-in: ${signedIn.status} ${await signedIn.text()}`);
    staffCookie = signedIn.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  }
  const consoleList = (input: unknown) => `/api/trpc/dashboard.payments.list?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;

  // ---------------------------------------------------------------- scenarios
  const signer = new Stripe("sk_test_bench");
  let eventSeq = 0;
  type Scenario = { name: string; method: string; path: string; headers: Record<string, string>; body?: string; setupRequest?: (req: Record<string, unknown>) => Record<string, unknown>; budget?: { p99?: number } };
  const scenarios: Scenario[] = [
    { name: "1. Medusa: POST /store/payment-collections (existing)", method: "POST", path: "/store/payment-collections", headers: mj, body: JSON.stringify({ cart_id: cart.id }), budget: { p99: 50 } },
    { name: "2. Medusa: POST …/payment-sessions (pp_system_default)", method: "POST", path: `/store/payment-collections/${collection.id}/payment-sessions`, headers: mj, body: JSON.stringify({ provider_id: "pp_system_default" }) },
    {
      name: `3. commercetools: GET /me/payments?where=…&limit=20 (${PAYMENTS} payments)`,
      method: "GET",
      path: `/commercetools/kassa-demo/me/payments?where=${encodeURIComponent("amountPlanned(centAmount > 1000)")}&limit=20&sort=${encodeURIComponent("createdAt desc")}&withTotal=false`,
      headers: { authorization: `Bearer ${ct.access_token}` },
      budget: { p99: 50 },
    },
    { name: "4. Magento: POST /rest/V1/carts/mine/payment-order (unchanged cart)", method: "POST", path: "/rest/V1/carts/mine/payment-order", headers: mh, body: poBody, budget: { p99: 50 } },
    { name: "5. Shop: POST /orders/{id}/payment-intent (unpaid)", method: "POST", path: `/api/v1/shop/orders/${order.id}/payment-intent`, headers: shopAuth, body: "{}" },
    {
      name: "6. Stripe webhook ingestion (distinct signed events)",
      method: "POST",
      path: "/api/webhooks/stripe",
      headers: { "content-type": "application/json" },
      setupRequest: (req) => {
        const intent = { id: `pi_bench_${eventSeq}`, object: "payment_intent", amount: 2800, amount_capturable: 0, amount_received: 0, currency: "usd", status: "processing", capture_method: "automatic", latest_charge: null, last_payment_error: null, next_action: null, payment_method: null, client_secret: null };
        const payload = JSON.stringify({ id: `evt_bench_${process.pid}_${++eventSeq}`, object: "event", type: "payment_intent.processing", created: Math.floor(Date.now() / 1000), data: { object: intent } });
        return { ...req, body: payload, headers: { ...(req.headers as object), "stripe-signature": signer.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET }) } };
      },
    },
    ...(API_ONLY ? [] : [{ name: `7. Console: payments list, newest 25 of every payment (staff, tRPC)`, method: "GET", path: consoleList({ limit: 25 }), headers: { cookie: staffCookie } }]),
  ];

  async function roundTrips(s: Scenario): Promise<number | null> {
    const init: RequestInit = { method: s.method, headers: s.headers, body: s.body };
    if (s.setupRequest) {
      const r = s.setupRequest({ headers: s.headers }) as { body: string; headers: Record<string, string> };
      init.body = r.body;
      init.headers = r.headers;
    }
    const res = await fetch(URL_BASE + s.path, init);
    await res.text();
    const h = res.headers.get("x-kassa-db-round-trips");
    return h === null ? null : Number(h);
  }

  type Row = { scenario: string; rps: number; p50: number; p99: number; errors: number; non2xx: number; roundTrips: number | null; p99Budget: number | null };
  const rows: Row[] = [];
  // BENCH_ONLY=1,3 runs just those scenarios (for profiling); the report then lists only them.
  const only = process.env.BENCH_ONLY?.split(",").map(Number);
  for (const s of scenarios.filter((_, i) => !only || only.includes(i + 1))) {
    await roundTrips(s); // warm the path once
    const trips = await roundTrips(s);
    const common = {
      url: URL_BASE + s.path,
      method: s.method as "GET",
      headers: s.headers,
      body: s.body,
      connections: CONNECTIONS,
      ...(s.setupRequest ? { requests: [{ setupRequest: s.setupRequest as never }] } : {}),
    };
    await autocannon({ ...common, duration: 3 }); // warm-up (JIT, pools), not measured
    const result = await autocannon({
      url: URL_BASE + s.path,
      method: s.method as "GET",
      headers: s.headers,
      body: s.body,
      connections: CONNECTIONS,
      duration: DURATION,
      ...(s.setupRequest ? { requests: [{ setupRequest: s.setupRequest as never }] } : {}),
    });
    rows.push({
      scenario: s.name,
      rps: Math.round(result.requests.average),
      p50: result.latency.p50,
      p99: result.latency.p99,
      errors: result.errors + result.timeouts,
      non2xx: result.non2xx,
      roundTrips: trips,
      p99Budget: s.budget?.p99 ?? null,
    });
    console.error(`${s.name}: ${Math.round(result.requests.average)} req/s, p99 ${result.latency.p99} ms, ${result.non2xx} non-2xx, ${trips} round trips`);
  }

  // ---------------------------------------------------------------- scenario 3 flatness: 100 vs 100,000 payments
  // Two anonymous commercetools sessions, one holding 100 payments and one 100,000; the same query, shorter runs.
  const flat: { payments: number; rps: number; p50: number; p99: number }[] = [];
  const seedDb = new pg.Client({ connectionString: DATABASE_URL });
  await seedDb.connect();
  for (const n of FLAT_SIZES) {
    const anon = `bench-flat-${n}-${process.pid}`;
    const tok = await json("/commercetools/oauth/kassa-demo/anonymous/token", {
      method: "POST",
      headers: { authorization: basic, "content-type": "application/x-www-form-urlencoded" },
      body: `grant_type=client_credentials&anonymous_id=${anon}`,
    });
    await seedDb.query(
      `INSERT INTO "Payment" (id, "anonymousId", "providerId", currency, "amountPlannedMinor", "methodInfo", "createdAt", "updatedAt")
       SELECT 'pay_flat_' || $3 || '_' || lpad(g::text, 7, '0'), $1, 'external', 'USD', (g % 5000) + 100, '{"method":"card"}', now() - (g || ' seconds')::interval, now()
       FROM generate_series(1, $2) g`,
      [`ct:${anon}`, n, String(n)],
    );
    await seedDb.query(`ANALYZE "Payment"`);
    const s3 = scenarios[2]!;
    const opts = { url: URL_BASE + s3.path, method: "GET" as const, headers: { authorization: `Bearer ${tok.access_token}` }, connections: CONNECTIONS };
    await autocannon({ ...opts, duration: 2 });
    const r = await autocannon({ ...opts, duration: Math.max(3, Math.round(DURATION / 2)) });
    flat.push({ payments: n, rps: Math.round(r.requests.average), p50: r.latency.p50, p99: r.latency.p99 });
    console.error(`3. flatness, ${n} payments: ${Math.round(r.requests.average)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, ${r.non2xx} non-2xx`);
  }
  await seedDb.end();
  const flatRatio = Math.round((flat[1]!.p99 / Math.max(1, flat[0]!.p99)) * 100) / 100;

  // ---------------------------------------------------------------- console list: first page vs a page 90,000 deep
  // Keyset paging on (createdAt, id): a page deep in the list costs what the first page costs.
  const depthDb = new pg.Client({ connectionString: DATABASE_URL });
  await depthDb.connect();
  const total = Number((await depthDb.query(`SELECT count(*) AS n FROM "Payment"`)).rows[0].n);
  const deep = (await depthDb.query(`SELECT "createdAt", id FROM "Payment" ORDER BY "createdAt" DESC, id DESC OFFSET $1 LIMIT 1`, [Math.min(90_000, total - 30)])).rows[0];
  await depthDb.end();
  const deepCursor = Buffer.from(`${new Date(deep.createdAt).toISOString()}|${deep.id}`, "utf8").toString("base64url");
  const consoleDepth: { page: string; p50: number; p99: number; rps: number }[] = [];
  for (const [page, input] of API_ONLY ? [] : ([["first page", { limit: 25 }], ["90,000 deep", { limit: 25, after: deepCursor }], ["filtered: captured, USD", { limit: 25, filters: { status: ["captured"], currency: "USD" } }]] as const)) {
    const opts = { url: URL_BASE + consoleList(input), method: "GET" as const, headers: { cookie: staffCookie }, connections: CONNECTIONS };
    await autocannon({ ...opts, duration: 2 });
    const r = await autocannon({ ...opts, duration: Math.max(3, Math.round(DURATION / 2)) });
    consoleDepth.push({ page, rps: Math.round(r.requests.average), p50: r.latency.p50, p99: r.latency.p99 });
    console.error(`7. console list, ${page} (${total} payments): ${Math.round(r.requests.average)} req/s, p99 ${r.latency.p99} ms, ${r.non2xx} non-2xx`);
  }

  // ---------------------------------------------------------------- scale-out: one process vs several
  // The Medusa store scenarios against the first process alone, then against every process (autocannon takes several
  // URLs and spreads its connections over them round robin), with the same connections in all and the same database.
  type ScaleRow = { scenario: string; single: { rps: number; p50: number; p99: number; non2xx: number }; all: { rps: number; p50: number; p99: number; non2xx: number } };
  const scaleOut: ScaleRow[] = [];
  if (PROCESSES > 1) {
    const ports = Array.from({ length: PROCESSES - 1 }, (_, i) => PORT + 1 + i);
    for (const p of ports) extraServers.push(startServer(p));
    await Promise.all(ports.map((p) => waitUp(`http://127.0.0.1:${p}`)));
    const bases = [URL_BASE, ...ports.map((p) => `http://127.0.0.1:${p}`)];
    const measure = async (s: Scenario, targets: string[]) => {
      const opts = {
        // several URLs: connection i goes to url[i % n] (autocannon 8; its type declares a string only)
        url: (targets.length === 1 ? targets[0]! + s.path : targets.map((b) => b + s.path)) as unknown as string,
        method: s.method as "GET",
        headers: s.headers,
        body: s.body,
        connections: CONNECTIONS,
        ...(s.setupRequest ? { requests: [{ setupRequest: s.setupRequest as never }] } : {}),
      };
      await autocannon({ ...opts, duration: 3 }); // warm-up (JIT, pools on every process), not measured
      const r = await autocannon({ ...opts, duration: DURATION });
      return { rps: Math.round(r.requests.average), p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx + r.errors + r.timeouts };
    };
    for (const s of scenarios.filter((x) => x.name.includes("Medusa:"))) {
      const single = await measure(s, [URL_BASE]);
      const all = await measure(s, bases);
      scaleOut.push({ scenario: s.name, single, all });
      console.error(`${s.name}: 1 process ${single.rps} req/s (p99 ${single.p99} ms), ${PROCESSES} processes ${all.rps} req/s (p99 ${all.p99} ms)`);
    }
  }

  // ---------------------------------------------------------------- checkout first-load JavaScript
  const html = API_ONLY ? "" : await (await fetch(`${URL_BASE}/checkout`)).text();
  // what a browser with ES modules downloads: Next's legacy polyfills come as a `noModule` script, which such a browser
  // never fetches (e2e/budget.spec.ts checks the same figure against what Chromium really loads)
  const scripts = firstLoadScripts(html);
  let gz = 0;
  for (const src of scripts) gz += gzipSync(Buffer.from(await (await fetch(new URL(src, URL_BASE))).arrayBuffer())).length;
  const firstLoadKb = Math.round((gz / 1024) * 10) / 10;
  const rss = Number(spawnSync("ps", ["-o", "rss=", "-p", String(server.pid)]).stdout.toString().trim()) / 1024;

  // ---------------------------------------------------------------- report
  const machine = `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.cpus()[0]?.model ?? "cpu"}, Node ${process.version}`;
  const at = new Date().toISOString();
  const md = [
    `Kassa bench — ${at} — ${machine}; PostgreSQL; ${CONNECTIONS} connections, ${DURATION} s per scenario`,
    "",
    "| scenario | req/s | p50 ms | p99 ms | p99 budget | errors | non-2xx | DB round trips/request (budget 4) |",
    "|---|---:|---:|---:|---:|---:|---:|---:|",
    ...rows.map((r) => `| ${r.scenario} | ${r.rps} | ${r.p50} | ${r.p99} | ${r.p99Budget ?? "—"} | ${r.errors} | ${r.non2xx} | ${r.roundTrips ?? "?"} |`),
    "",
    ...(API_ONLY ? [] : [`Console list over ${total} payments (${consoleDepth.map((c) => `${c.page}: ${c.rps} req/s, p50 ${c.p50} ms, p99 ${c.p99} ms`).join("; ")}).`, ""]),
    `Scenario 3 flatness (same query, ${flat.map((f) => `${f.payments} payments: ${f.rps} req/s, p50 ${f.p50} ms, p99 ${f.p99} ms`).join("; ")}): p99 ratio ${flatRatio} (budget: within 2×).`,
    "",
    ...(scaleOut.length
      ? [
          `Scale-out: the Medusa store scenarios on 1 process and on ${PROCESSES} (same database, ${CONNECTIONS} connections in all, spread round robin; ${os.cpus().length} cores shared by the processes, PostgreSQL and autocannon)`,
          "",
          `| scenario | 1 process req/s | p50 ms | p99 ms | ${PROCESSES} processes req/s | p50 ms | p99 ms | ratio | non-2xx (1 / ${PROCESSES}) |`,
          "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
          ...scaleOut.map((r) => `| ${r.scenario} | ${r.single.rps} | ${r.single.p50} | ${r.single.p99} | ${r.all.rps} | ${r.all.p50} | ${r.all.p99} | ${Math.round((r.all.rps / Math.max(1, r.single.rps)) * 100) / 100}× | ${r.single.non2xx} / ${r.all.non2xx} |`),
          "",
        ]
      : []),
    `${API_ONLY ? "API-only process (KASSA_ROLE=api): no pages measured." : `Checkout first-load JavaScript: ${firstLoadKb} kB gzipped (budget 180 kB).`} Server RSS after the run: ${Math.round(rss)} MB.`,
  ].join("\n");
  mkdirSync("bench/results", { recursive: true });
  writeFileSync("bench/results/latest.json", JSON.stringify({ at, machine, connections: CONNECTIONS, seconds: DURATION, payments: PAYMENTS, rows, flatness: { sizes: flat, p99Ratio: flatRatio }, consoleList: { payments: total, pages: consoleDepth }, firstLoadKb, rssMb: Math.round(rss), ...(scaleOut.length ? { scaleOut: { processes: PROCESSES, rows: scaleOut } } : {}) }, null, 2) + "\n");
  writeFileSync("bench/results/latest.md", md + "\n");
  console.log(md);
} finally {
  await cleanup();
}
process.exit(0);
