// Health probes, answered by every process role:
// - /api/health/live: the process answers (a liveness probe: restart only when this fails);
// - /api/health/ready: the process should get traffic: not shutting down, the database answers within 2 s, every
//   migration in prisma/migrations is applied, and, when this process runs the job worker, its loop began or ended a run
//   within the job lease (5 minutes; a readiness probe: a database blip takes instances out of rotation without restarting them);
// - /api/health: the database check alone, `{status, database}` (kept for existing monitors).
import { readdirSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { getDb, getDbHandle } from "../db";
import { log } from "./log";

const headers = { "cache-control": "no-store" };
const CHECK_TIMEOUT_MS = 2_000;

type Worker = { lastTickAt(): number; staleAfterMs: number };
const g = globalThis as unknown as { kassaHealth?: { shuttingDown: boolean; worker?: Worker; migrationsCurrent: boolean; probe?: pg.Pool } };
const state = (g.kassaHealth ??= { shuttingDown: false, migrationsCurrent: false });

/** Shutdown has begun: readiness answers 503 from now on, so a load balancer stops sending requests. */
export function markShuttingDown(): void {
  state.shuttingDown = true;
}

/** The in-process job worker, whose loop readiness watches. */
export function watchWorker(worker: Worker): void {
  state.worker = worker;
}

/**
 * A query for the probes. On PostgreSQL through a connection of their own (a pool of one), so a saturated app pool
 * cannot make every instance look unready at once; on the embedded database through the app's client (one connection).
 */
async function probeQuery<T>(sql: string): Promise<T[]> {
  if (getDbHandle().kind !== "postgres") return getDb().$queryRawUnsafe<T[]>(sql);
  state.probe ??= new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 1, connectionTimeoutMillis: CHECK_TIMEOUT_MS, idleTimeoutMillis: 60_000 }).on("error", () => undefined);
  return (await state.probe.query(sql)).rows as T[];
}

function withTimeout<T>(p: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
    }),
  ]).finally(() => clearTimeout(timer));
}

async function databaseAnswers(): Promise<boolean> {
  try {
    await withTimeout(probeQuery("SELECT 1"), "database");
    return true;
  } catch (e) {
    log.warn({ err: e }, "health: the database check failed");
    return false;
  }
}

/**
 * Every migration folder shipped with this build is recorded as applied (checked until true, then remembered; a
 * database a newer release has migrated further is current too). No migrations table yet is "pending".
 */
async function migrationsApplied(): Promise<"ok" | "pending" | "unknown"> {
  if (state.migrationsCurrent) return "ok";
  let shipped: string[];
  try {
    shipped = readdirSync(path.join(process.cwd(), "prisma", "migrations"), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
  } catch {
    return "unknown"; // no migrations folder beside this process: nothing to compare with
  }
  let rows: { name: string }[];
  try {
    rows = await withTimeout(
      probeQuery<{ name: string }>(`SELECT migration_name AS name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`),
      "migrations",
    );
  } catch (e) {
    if (/_prisma_migrations|42P01|does not exist/.test(String((e as { code?: string }).code ?? "") + String((e as Error).message))) return "pending";
    throw e;
  }
  const applied = new Set(rows.map((r) => r.name));
  state.migrationsCurrent = shipped.every((n) => applied.has(n));
  return state.migrationsCurrent ? "ok" : "pending";
}

export function live(): Response {
  return Response.json({ status: "ok" }, { headers });
}

export async function ready(): Promise<Response> {
  if (state.shuttingDown) return Response.json({ status: "unavailable", shutdown: "in_progress" }, { status: 503, headers });
  const checks: Record<string, string> = {};
  const db = await databaseAnswers();
  checks.database = db ? "ok" : "unavailable";
  if (db) checks.migrations = await migrationsApplied().catch(() => "unavailable");
  if (state.worker) {
    const age = Date.now() - state.worker.lastTickAt();
    checks.worker = age <= state.worker.staleAfterMs ? "ok" : "stalled";
  }
  const ok = db && (checks.migrations === "ok" || checks.migrations === "unknown") && checks.worker !== "stalled";
  return Response.json({ status: ok ? "ok" : "unavailable", ...checks }, { status: ok ? 200 : 503, headers });
}

/** /api/health: the database alone. */
export async function database(): Promise<Response> {
  return (await databaseAnswers())
    ? Response.json({ status: "ok", database: "ok" }, { headers })
    : Response.json({ status: "error", database: "unavailable" }, { status: 503, headers });
}
