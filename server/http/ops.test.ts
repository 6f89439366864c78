// The operational surface of the production server as real processes on PostgreSQL, behind a test proxy in front of
// a scratch database of their own (server/test/pg-proxy.ts; the shared server other tests use is never touched):
// - /metrics after a short load: every family, parsed (and the bearer token when KASSA_METRICS_TOKEN is set);
// - /metrics on its own listener (KASSA_METRICS_PORT), not on the app's port;
// - /api/health/ready: 503 while the database is unreachable, 200 again after, without a restart; /api/health/live 200
//   throughout; the worker's heartbeat in a worker process's readiness;
// - SIGTERM: readiness 503 during the drain delay, then no new connections, the request in flight finishes, exit 0; a request stuck past
//   KASSA_SHUTDOWN_TIMEOUT_MS is cut and the process still exits.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openDatabase } from "../db";
import { seed } from "../../prisma/seed";
import { pgProxy, type PgProxy } from "../test/pg-proxy";
import { buildTestServer, freePort, scratchPostgres, startServer, waitForHealth, type ServerProcess } from "../test/processes";

const runUrl = inject("postgresUrl");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Sample = { name: string; labels: Record<string, string>; value: number };
/** The Prometheus text format, parsed: samples and each family's TYPE. */
function parseMetrics(text: string): { samples: Sample[]; types: Map<string, string> } {
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    const type = line.match(/^# TYPE (\S+) (\S+)$/);
    if (type) types.set(type[1]!, type[2]!);
    if (line.startsWith("#")) continue;
    const m = line.match(/^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/);
    expect(m, `not a sample line: ${line}`).not.toBeNull();
    const labels: Record<string, string> = {};
    for (const [, k, v] of m![2]?.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g) ?? []) labels[k!] = v!;
    samples.push({ name: m![1]!, labels, value: Number(m![3]) });
  }
  return { samples, types };
}
const find = (s: Sample[], name: string, labels: Record<string, string> = {}) => s.filter((x) => x.name === name && Object.entries(labels).every(([k, v]) => x.labels[k] === v));

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check().catch(() => false)) return;
    await sleep(150);
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe.skipIf(!runUrl)("operations: metrics, health and shutdown of real processes (PostgreSQL)", () => {
  let db: Awaited<ReturnType<typeof scratchPostgres>>;
  let proxy: PgProxy;
  let bundle: Awaited<ReturnType<typeof buildTestServer>>;
  const procs: ServerProcess[] = [];
  const TOKEN = "metrics-test-token";

  beforeAll(async () => {
    db = await scratchPostgres(runUrl, "ops");
    const h = openDatabase({ url: db.url });
    await seed(h.db);
    await h.close();
    proxy = await pgProxy(db.url);
    bundle = await buildTestServer("ops-test");
  }, 120_000);
  afterAll(async () => {
    for (const p of procs) p.child.kill("SIGKILL");
    bundle?.remove();
    await proxy?.close();
    await db?.drop();
  });

  async function start(env: Record<string, string | undefined>): Promise<ServerProcess> {
    const p = startServer(bundle.bundle, await freePort(), { DATABASE_URL: proxy.url, DATABASE_POOL_MAX: "4", ...env });
    procs.push(p);
    await waitForHealth(p.base);
    return p;
  }

  it("serves every metric family after a short load, behind the bearer token when one is set", async () => {
    const api = await start({ KASSA_ROLE: "api", KASSA_METRICS_TOKEN: TOKEN });
    const pk = { "x-publishable-api-key": "pk_kassa_demo", "content-type": "application/json" };
    // a short load: reads, a Medusa checkout up to a payment session, a refusal, and an unknown route
    const regions = (await (await fetch(`${api.base}/store/regions`, { headers: pk })).json()) as { regions: { id: string; currency_code: string }[] };
    const usd = regions.regions.find((r) => r.currency_code === "usd")!.id;
    const products = (await (await fetch(`${api.base}/store/products?region_id=${usd}`, { headers: pk })).json()) as { products: { variants: { id: string }[] }[] };
    for (let i = 0; i < 3; i++) {
      const { cart } = (await (await fetch(`${api.base}/store/carts`, { method: "POST", headers: pk, body: JSON.stringify({ region_id: usd, email: `ops-${i}@test.kassa`, items: [{ variant_id: products.products[0]!.variants[0]!.id, quantity: 1 }] }) })).json()) as { cart: { id: string } };
      const { payment_collection: col } = (await (await fetch(`${api.base}/store/payment-collections`, { method: "POST", headers: pk, body: JSON.stringify({ cart_id: cart.id }) })).json()) as { payment_collection: { id: string } };
      expect((await fetch(`${api.base}/store/payment-collections/${col.id}/payment-sessions`, { method: "POST", headers: pk, body: JSON.stringify({ provider_id: "pp_system_default" }) })).status).toBe(200);
    }
    expect((await fetch(`${api.base}/store/regions`)).status).toBe(400); // no publishable key
    expect((await fetch(`${api.base}/store/nowhere/x1`, { headers: pk })).status).toBe(404);
    await fetch(`${api.base}/api/health/ready`);

    // the token: none and a wrong one refused, the right one answered
    expect((await fetch(`${api.base}/metrics`)).status).toBe(401);
    expect((await fetch(`${api.base}/metrics`, { headers: { authorization: "Bearer wrong" } })).status).toBe(401);
    const res = await fetch(`${api.base}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const { samples, types } = parseMetrics(await res.text());

    expect(Object.fromEntries([...types].filter(([n]) => n.startsWith("kassa_")).sort())).toEqual({
      kassa_db_pool_connections: "gauge",
      kassa_db_round_trips: "histogram",
      kassa_http_request_duration_seconds: "histogram",
      kassa_http_requests_total: "counter",
      kassa_job_failures_total: "counter",
      kassa_job_oldest_due_seconds: "gauge",
      kassa_jobs: "gauge",
      kassa_payment_sessions: "gauge",
      kassa_payments: "gauge",
      kassa_payments_flagged_unreturned: "gauge",
      kassa_webhook_events_total: "counter",
      kassa_webhook_intake_lag_seconds: "histogram",
    });
    // requests by dialect, route template (never the raw path) and status
    expect(find(samples, "kassa_http_requests_total", { dialect: "medusa", route: "/store/payment-collections/{id}/payment-sessions", method: "POST", status: "200" })[0]?.value).toBe(3);
    expect(find(samples, "kassa_http_requests_total", { dialect: "medusa", route: "/store/regions", status: "400" })[0]?.value).toBe(1);
    expect(find(samples, "kassa_http_requests_total", { dialect: "medusa", route: "(unmatched)", status: "404" })[0]?.value).toBe(1);
    expect(samples.some((s) => s.name === "kassa_http_requests_total" && /x1|pay_col_|cart_/.test(s.labels.route ?? ""))).toBe(false);
    expect(find(samples, "kassa_http_request_duration_seconds_count", { dialect: "medusa", route: "/store/carts", method: "POST" })[0]?.value).toBe(3);
    expect(find(samples, "kassa_http_requests_total", { dialect: "ops", route: "/api/health/ready" })[0]?.value).toBeGreaterThanOrEqual(1);
    // round trips per request: counted on PostgreSQL, at least one per session created
    const trips = find(samples, "kassa_db_round_trips_sum", { dialect: "medusa", route: "/store/payment-collections/{id}/payment-sessions" })[0];
    expect(trips?.value).toBeGreaterThanOrEqual(3);
    // the pool, the ledger, the queue
    expect(find(samples, "kassa_db_pool_connections", { state: "total" })[0]?.value).toBeGreaterThanOrEqual(1);
    expect(find(samples, "kassa_db_pool_connections", { state: "waiting" })[0]?.value).toBe(0);
    expect(find(samples, "kassa_payment_sessions", { status: "pending" })[0]?.value).toBe(3);
    expect(find(samples, "kassa_payments", { status: "captured" })[0]?.value).toBe(0);
    expect(find(samples, "kassa_payments_flagged_unreturned")[0]?.value).toBe(0);
    expect(find(samples, "kassa_jobs", { status: "queued", due: "true" })).toHaveLength(1);
    // the process
    expect(find(samples, "process_resident_memory_bytes")[0]?.value).toBeGreaterThan(10_000_000);
    expect(find(samples, "nodejs_eventloop_lag_seconds")).toHaveLength(1);
  }, 120_000);

  it("serves /metrics on KASSA_METRICS_PORT instead of the app's port; a worker's readiness watches its loop", async () => {
    const metricsPort = await freePort();
    const worker = await start({ KASSA_ROLE: "worker", KASSA_METRICS_PORT: String(metricsPort) });
    expect((await fetch(`${worker.base}/metrics`)).status).toBe(404);
    const res = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    expect(res.status).toBe(200);
    expect(parseMetrics(await res.text()).types.get("kassa_jobs")).toBe("gauge");
    const ready = await fetch(`${worker.base}/api/health/ready`);
    expect([ready.status, await ready.json()]).toEqual([200, { status: "ok", database: "ok", migrations: "ok", worker: "ok" }]);
    worker.child.kill("SIGTERM");
    expect(await worker.exited).toBe(0);
  }, 120_000);

  it("is not ready on a database without Kassa's migrations (KASSA_MIGRATE=0 on a fresh database)", async () => {
    const admin = new pg.Client({ connectionString: runUrl });
    await admin.connect();
    const name = `kassa_ops_bare_${Date.now().toString(36)}_${process.pid}`;
    await admin.query(`CREATE DATABASE "${name}"`);
    try {
      const url = new URL(runUrl);
      url.pathname = `/${name}`;
      const p = startServer(bundle.bundle, await freePort(), { KASSA_ROLE: "api", DATABASE_URL: url.toString() });
      procs.push(p);
      await waitForHealth(p.base); // the database answers
      const r = await fetch(`${p.base}/api/health/ready`);
      expect([r.status, await r.json()]).toEqual([503, { status: "unavailable", database: "ok", migrations: "pending" }]);
      p.child.kill("SIGTERM");
      expect(await p.exited).toBe(0);
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    }
  }, 120_000);

  it("turns ready 503 while the database is unreachable and 200 again after, live 200 throughout, no restart", async () => {
    const api = await start({ KASSA_ROLE: "api" });
    const ready = async () => {
      const r = await fetch(`${api.base}/api/health/ready`);
      return { status: r.status, body: (await r.json()) as Record<string, string> };
    };
    expect(await ready()).toEqual({ status: 200, body: { status: "ok", database: "ok", migrations: "ok" } });
    proxy.cut();
    try {
      await waitFor("ready to turn 503", async () => (await ready()).status === 503);
      expect(await ready()).toEqual({ status: 503, body: { status: "unavailable", database: "unavailable" } });
      const live = await fetch(`${api.base}/api/health/live`);
      expect([live.status, await live.json()]).toEqual([200, { status: "ok" }]);
      // the REST routes answer 503 (with Retry-After), not hang
      const r = await fetch(`${api.base}/store/regions`, { headers: { "x-publishable-api-key": "pk_kassa_demo" } });
      expect(r.status).toBe(503);
    } finally {
      proxy.restore();
    }
    await waitFor("ready to come back", async () => (await ready()).status === 200);
    expect((await fetch(`${api.base}/store/regions`, { headers: { "x-publishable-api-key": "pk_kassa_demo" } })).status).toBe(200);
    expect(api.child.exitCode).toBeNull(); // the same process throughout
  }, 120_000);

  it("on SIGTERM reports not ready during the drain delay, then refuses new connections, finishes the request in flight, and exits 0", async () => {
    const api = await start({ KASSA_ROLE: "api", KASSA_SHUTDOWN_TIMEOUT_MS: "20000", KASSA_SHUTDOWN_DELAY_MS: "3000" });
    const pk = { "x-publishable-api-key": "pk_kassa_demo" };
    expect((await fetch(`${api.base}/store/regions`, { headers: pk })).status).toBe(200);
    // a request held in flight: the database stops moving bytes (frozen, not failed)
    proxy.freeze();
    let inFlight: Promise<Response>;
    try {
      inFlight = fetch(`${api.base}/store/regions?in-flight=1`, { headers: pk }); // on a pooled keep-alive connection
      await sleep(500);
      api.child.kill("SIGTERM");
      let notReady: unknown;
      await waitFor("ready to turn 503", async () => {
        const r = await fetch(`${api.base}/api/health/ready`, { headers: { connection: "close" } });
        notReady = await r.json();
        return r.status === 503 && (notReady as { shutdown?: string }).shutdown !== undefined; // (a probe racing the signal sees the frozen database)
      }, 8_000);
      expect(notReady).toEqual({ status: "unavailable", shutdown: "in_progress" });
      // then the listener closes: a new connection is refused
      await waitFor("the listener to close", async () => {
        try {
          await fetch(`${api.base}/api/health/live`, { headers: { connection: "close" } });
          return false;
        } catch {
          return true;
        }
      });
      expect(api.child.exitCode).toBeNull(); // still finishing the request in flight
    } finally {
      proxy.thaw();
    }
    const thawedAt = Date.now();
    const res = await inFlight!;
    expect(res.status).toBe(200);
    expect(res.headers.get("connection")).toBe("close"); // its keep-alive connection ends with it
    expect(((await res.json()) as { regions: unknown[] }).regions.length).toBeGreaterThan(0);
    expect(await api.exited).toBe(0);
    expect(Date.now() - thawedAt).toBeLessThan(8_000); // not held until the 20 s deadline by idle keep-alive connections
  }, 120_000);

  it("cuts a request still stuck at the shutdown deadline and exits all the same", async () => {
    const api = await start({ KASSA_ROLE: "api", KASSA_SHUTDOWN_TIMEOUT_MS: "1500" });
    proxy.freeze();
    try {
      const stuck = fetch(`${api.base}/store/regions?stuck=1`, { headers: { "x-publishable-api-key": "pk_kassa_demo", connection: "close" } }).then(
        (r) => r.status,
        () => "cut",
      );
      await sleep(500);
      const t0 = Date.now();
      api.child.kill("SIGTERM");
      expect(await api.exited).toBe(0);
      expect(Date.now() - t0).toBeLessThan(10_000);
      expect(await stuck).toBe("cut");
    } finally {
      proxy.thaw();
    }
  }, 120_000);
});
