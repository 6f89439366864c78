// Prometheus metrics (prom-client), served at /metrics by Kassa's server (server/ops/routes.ts). Families:
// - kassa_http_requests_total / kassa_http_request_duration_seconds: per dialect, route template, method (and status);
// - kassa_db_round_trips: database round trips per request (PostgreSQL), per dialect and route template;
// - kassa_db_pool_connections: the PostgreSQL pool's connections by state (total, idle, waiting clients);
// - kassa_payments / kassa_payment_sessions: the ledger's rows by status (read at scrape time, cached 10 s), and
//   kassa_payments_flagged_unreturned: flagged money not yet returned;
// - kassa_webhook_events_total / kassa_webhook_intake_lag_seconds: provider events received, by outcome, and how long
//   after the provider created them they arrived;
// - kassa_jobs / kassa_job_oldest_due_seconds / kassa_job_failures_total: the job queue's depth, its oldest due job's
//   wait, and failed attempts (final="true" when the job gave up);
// - Node's process metrics (process_*, nodejs_*): CPU, memory, event-loop lag, GC.
// One registry per process, shared by the bundles that load this module (Next's and Kassa's server).
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { getDb, getDbHandle } from "../db";
import { PaymentSessionStatus, PaymentStatus } from "../db/generated/enums";

const CACHE_MS = 10_000;

/**
 * A scrape-time read, at most one every 10 s per process whatever the number of scrapers (concurrent scrapes share
 * the read in flight), bounded by a 2 s statement timeout; while the database is away the last values stay.
 */
function cachedRows<T>(sql: string): () => Promise<T[]> {
  let at = 0;
  let rows: T[] = [];
  let reading: Promise<void> | null = null;
  return async () => {
    if (Date.now() - at > CACHE_MS) {
      reading ??= getDb()
        .$transaction(async (tx) => {
          await tx.$executeRawUnsafe("SET LOCAL statement_timeout = 2000");
          return tx.$queryRawUnsafe<T[]>(sql);
        })
        .then((r) => {
          rows = r;
          at = Date.now();
        })
        .catch(() => undefined) // the database is away: readiness and the pool gauge tell the outage
        .finally(() => {
          reading = null;
        });
      await reading;
    }
    return rows;
  };
}

function create() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const httpRequests = new Counter({
    name: "kassa_http_requests_total",
    help: "HTTP requests answered, by dialect, route template, method and status",
    labelNames: ["dialect", "route", "method", "status"] as const,
    registers: [registry],
  });
  const httpDuration = new Histogram({
    name: "kassa_http_request_duration_seconds",
    help: "Time to answer an HTTP request (until the response finished), by dialect, route template and method",
    labelNames: ["dialect", "route", "method"] as const,
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const roundTrips = new Histogram({
    name: "kassa_db_round_trips",
    help: "Database round trips per request (PostgreSQL), by dialect and route template",
    labelNames: ["dialect", "route"] as const,
    buckets: [0, 1, 2, 3, 4, 6, 8, 12, 20],
    registers: [registry],
  });
  new Gauge({
    name: "kassa_db_pool_connections",
    help: "PostgreSQL pool: connections open (total), idle, and clients waiting for one (waiting)",
    labelNames: ["state"] as const,
    registers: [registry],
    collect() {
      const pool = getDbHandle().pool;
      if (!pool) return;
      this.set({ state: "total" }, pool.totalCount);
      this.set({ state: "idle" }, pool.idleCount);
      this.set({ state: "waiting" }, pool.waitingCount);
    },
  });
  const payments = cachedRows<{ status: string; n: bigint }>(`SELECT status::text AS status, count(*) AS n FROM "Payment" GROUP BY status`);
  new Gauge({
    name: "kassa_payments",
    help: "Payments in the ledger by status (read at most every 10 s)",
    labelNames: ["status"] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const s of Object.values(PaymentStatus)) this.set({ status: s }, 0);
      for (const r of await payments()) this.set({ status: r.status }, Number(r.n));
    },
  });
  const flagged = cachedRows<{ n: bigint }>(`SELECT count(*) AS n FROM "Payment" WHERE flag IS NOT NULL AND "returnedAt" IS NULL`);
  new Gauge({
    name: "kassa_payments_flagged_unreturned",
    help: "Flagged payments (money taken that no order counts) not yet voided or refunded in full (read at most every 10 s)",
    registers: [registry],
    async collect() {
      this.set(Number((await flagged())[0]?.n ?? 0));
    },
  });
  const sessions = cachedRows<{ status: string; n: bigint }>(`SELECT status::text AS status, count(*) AS n FROM "PaymentSession" GROUP BY status`);
  new Gauge({
    name: "kassa_payment_sessions",
    help: "Payment sessions by status (read at most every 10 s)",
    labelNames: ["status"] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const s of Object.values(PaymentSessionStatus)) this.set({ status: s }, 0);
      for (const r of await sessions()) this.set({ status: r.status }, Number(r.n));
    },
  });
  const jobRows = cachedRows<{ status: string; due: bigint; n: bigint; oldest: number | null }>(`
      SELECT status::text AS status, count(*) FILTER (WHERE "runAt" <= now()) AS due, count(*) AS n,
             EXTRACT(EPOCH FROM now() - min("runAt") FILTER (WHERE "runAt" <= now()))::float8 AS oldest
      FROM "Job" WHERE status IN ('queued', 'running') GROUP BY status`);
  new Gauge({
    name: "kassa_jobs",
    help: "Unfinished jobs by status (queued, running) and whether they are due (read at most every 10 s)",
    labelNames: ["status", "due"] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const s of ["queued", "running"]) for (const d of ["true", "false"]) this.set({ status: s, due: d }, 0);
      for (const r of await jobRows()) {
        this.set({ status: r.status, due: "true" }, Number(r.due));
        this.set({ status: r.status, due: "false" }, Number(r.n) - Number(r.due));
      }
    },
  });
  new Gauge({
    name: "kassa_job_oldest_due_seconds",
    help: "How long the oldest due, queued job has waited past its run time (0 when none)",
    registers: [registry],
    async collect() {
      const queued = (await jobRows()).find((r) => r.status === "queued");
      this.set(Math.max(0, queued?.oldest ?? 0));
    },
  });
  const jobFailures = new Counter({
    name: "kassa_job_failures_total",
    help: "Failed job attempts by job name; final=true when the job gave up",
    labelNames: ["job", "final"] as const,
    registers: [registry],
  });
  const webhookEvents = new Counter({
    name: "kassa_webhook_events_total",
    help: "Provider events received by outcome: applied, duplicate, refused (signature or body), failed (not applied; the provider retries)",
    labelNames: ["provider", "outcome"] as const,
    registers: [registry],
  });
  const webhookLag = new Histogram({
    name: "kassa_webhook_intake_lag_seconds",
    help: "Time from the provider creating an event to Kassa applying it",
    labelNames: ["provider"] as const,
    buckets: [1, 5, 15, 60, 300, 900, 3600, 6 * 3600, 24 * 3600, 72 * 3600],
    registers: [registry],
  });
  return { registry, httpRequests, httpDuration, roundTrips, jobFailures, webhookEvents, webhookLag };
}

const g = globalThis as unknown as { kassaMetrics?: ReturnType<typeof create> };
/** The process's metrics (created on first use). */
export const metrics = (g.kassaMetrics ??= create());

/** The exposition text and its content type (the database families keep their last values while it is away). */
export async function renderMetrics(): Promise<{ body: string; contentType: string }> {
  return { body: await metrics.registry.metrics(), contentType: metrics.registry.contentType };
}
