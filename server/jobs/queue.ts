// The job queue runner: claims due jobs from the "Job" table, runs their handlers, records the outcome. Everything that
// matters is in the database (docs/operations.md, "Background jobs"): a timer only sets the polling cadence, so any
// number of workers (processes) may run at once on PostgreSQL, and one runs inside the process on the embedded PGlite.
//
// - Claim: one statement (UPDATE … FROM (SELECT … FOR UPDATE SKIP LOCKED) … RETURNING) takes queued jobs whose runAt
//   has come and running jobs whose lease expired (a crashed worker's), marks them running under this worker's id with a
//   lease, and counts the attempt. Two workers never claim the same row at the same time.
// - Run: the handler runs outside any transaction. Its outcome is written only if this claim still owns the job
//   (same worker, still running, same attempt count): a worker whose lease expired and whose job was claimed again
//   cannot overwrite the newer claim's result.
// - At least once: a job whose worker dies (or outlives the lease) runs again. Handlers must be idempotent.
// - The injected `now` is the only clock; SQL's now() is never used.
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { inTransaction, type Db, type Tx } from "../db";
import type { JobEnqueuer } from "../core/deps";
import { newId } from "../core/ids";
import { createJobEnqueuer, uniqueKeyOf } from "./enqueue";
import { log } from "../ops/log";
import { metrics } from "../ops/metrics";

/** What a job handler receives. `attempt` is 1 on the first run (see `attempts` in docs/operations.md). */
export type JobContext = { attempt: number; now: Date; jobId: string };

/**
 * A job handler. Resolve to finish the job; resolve `{ retryInMs }` to run it again later without counting a failure
 * (e.g. "not settled yet"); throw to fail this attempt (retried with backoff until `maxAttempts`).
 */
export type JobHandler = (payload: Record<string, unknown>, ctx: JobContext) => Promise<void | { retryInMs: number }>;

/** A recurring job: one unfinished `{name, key: "schedule"}` job at a time, run again `everyMs` after each finish. */
export type JobSchedule = { name: string; everyMs: number };

export type JobQueue = JobEnqueuer & {
  /** Claims and runs due jobs until none is due or `limit` (default 100) have run; each job at most once per call. */
  runDue(opts?: { limit?: number; stopping?: () => boolean; beat?: () => void }): Promise<{ ran: number; failed: number }>;
  /** Enqueues each schedule's job unless an unfinished one exists. */
  ensureSchedules(): Promise<void>;
  /** Polls in the background (ensureSchedules + runDue every `pollMs`, default 1000). `stop()` waits for the job in hand; jobs not yet started stay queued. */
  start(opts?: { pollMs?: number }): RunningQueue;
};

/** A started queue: `lastTickAt()` is when its loop last began or ended a run (the readiness probe's heartbeat). */
export type RunningQueue = { stop(): Promise<void>; lastTickAt(): number };

export const DEFAULT_LEASE_MS = 5 * 60_000;
const CLAIM_BATCH = 10;
const MAX_ERROR_CHARS = 1000;
const BACKOFF_BASE_MS = 1000;
const BACKOFF_CAP_MS = 60 * 60_000;
export const SCHEDULE_KEY = "schedule";
const LEASE_EXPIRED = "lease expired (the worker stopped or overran its lease)";

/** The delay before retry number `failures` (1, 2, …): 1 s, 2 s, 4 s … capped at 1 h, then ±20 % jitter. */
export function backoffMs(failures: number, random: () => number = Math.random): number {
  const base = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.min(Math.max(failures - 1, 0), 30));
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** A worker id unique to this queue instance: host, pid and a random part (two queues in one process differ too). */
export function defaultWorkerId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;
}

type Claimed = { id: string; name: string; payload: unknown; runAt: Date; attempts: number; maxAttempts: number; uniqueKey: string | null };

function errorMessage(e: unknown): string {
  let message: string;
  if (e instanceof Error) message = e.message || e.name;
  else if (typeof e === "string") message = e;
  else {
    try {
      message = JSON.stringify(e) ?? String(e);
    } catch {
      message = String(e);
    }
  }
  return message.slice(0, MAX_ERROR_CHARS);
}

function asPayload(v: unknown): Record<string, unknown> {
  if (typeof v === "string") {
    try {
      v = JSON.parse(v);
    } catch {
      return {};
    }
  }
  return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

export function createJobQueue(opts: {
  db: Db;
  now: () => Date;
  workerId?: string;
  handlers: Record<string, JobHandler>;
  schedules?: JobSchedule[];
  leaseMs?: number;
  /**
   * Claim only jobs of these names. Default: every name, so a job no handler knows fails (visibly) instead of waiting
   * forever. Tests sharing a database set it to their own names.
   */
  names?: string[];
  /** For tests: the jitter's randomness (0..1). */
  random?: () => number;
}): JobQueue {
  const { db, now, handlers } = opts;
  const workerId = opts.workerId ?? defaultWorkerId();
  const leaseMs = opts.leaseMs ?? DEFAULT_LEASE_MS;
  const random = opts.random ?? Math.random;
  const schedules = opts.schedules ?? [];
  const names = opts.names ? [...opts.names] : null;
  const everyMs = new Map<string, number>();
  for (const s of schedules) {
    if (!Object.hasOwn(handlers, s.name)) throw new Error(`Job schedule "${s.name}" has no handler`);
    if (!(s.everyMs > 0)) throw new Error(`Job schedule "${s.name}": everyMs must be positive`);
    everyMs.set(s.name, s.everyMs);
  }
  const enqueuer = createJobEnqueuer(now);

  async function claim(limit: number, skip: string[]): Promise<Claimed[]> {
    const at = now();
    const until = new Date(at.getTime() + leaseMs);
    const rows = await db.$queryRaw<Claimed[]>`
      UPDATE "Job" AS j
         SET status = 'running', "lockedBy" = ${workerId}, "lockedUntil" = ${until}::timestamptz, attempts = j.attempts + 1,
             "lastError" = CASE WHEN j.status = 'running' THEN ${LEASE_EXPIRED} || ': ' || j."lockedBy" ELSE j."lastError" END
        FROM (SELECT id FROM "Job"
               WHERE ((status = 'queued' AND "runAt" <= ${at}::timestamptz)
                   OR (status = 'running' AND "lockedUntil" < ${at}::timestamptz))
                 AND NOT (id = ANY(${skip}::text[]))
                 AND (${names}::text[] IS NULL OR name = ANY(${names}::text[]))
               ORDER BY "runAt"
               LIMIT ${limit}
               FOR UPDATE SKIP LOCKED) AS due
       WHERE j.id = due.id
      RETURNING j.id, j.name, j.payload, j."runAt", j.attempts, j."maxAttempts", j."uniqueKey"`;
    return rows.sort((a, b) => new Date(a.runAt).getTime() - new Date(b.runAt).getTime()); // RETURNING has no order
  }

  // The outcome writers. Each matches the claim exactly (id, this worker, running, the attempt count it claimed), so a
  // claim that lost its lease changes nothing; they return whether the row was still ours.
  const mine = (job: Claimed) => [job.id, workerId, job.attempts] as const;

  async function finish(job: Claimed, status: "done" | "failed", lastError: string | null): Promise<boolean> {
    const at = now();
    const write = async (q: Tx | Db) => {
      const [id, by, attempts] = mine(job);
      const n = await q.$executeRaw`
        UPDATE "Job" SET status = ${status}::"JobStatus", "finishedAt" = ${at}::timestamptz, "uniqueKey" = NULL,
                         "lockedBy" = NULL, "lockedUntil" = NULL, "lastError" = COALESCE(${lastError}, "lastError")
         WHERE id = ${id} AND "lockedBy" = ${by} AND status = 'running' AND attempts = ${attempts}`;
      return n === 1;
    };
    const every = job.uniqueKey === uniqueKeyOf({ name: job.name, key: SCHEDULE_KEY }) ? everyMs.get(job.name) : undefined;
    if (every === undefined) return write(db);
    // a recurring job: its next run is enqueued in the same transaction that finishes this one
    return inTransaction(db, async (tx) => {
      if (!(await write(tx))) return false;
      await insertSchedule(tx, job.name, new Date(at.getTime() + every));
      return true;
    });
  }

  async function requeue(job: Claimed, runAt: Date, lastError: string | null, giveBackAttempt: boolean): Promise<boolean> {
    const [id, by, attempts] = mine(job);
    const n = await db.$executeRaw`
      UPDATE "Job" SET status = 'queued', "runAt" = ${runAt}::timestamptz, "lockedBy" = NULL, "lockedUntil" = NULL,
                       attempts = attempts - ${giveBackAttempt ? 1 : 0}, "lastError" = COALESCE(${lastError}, "lastError")
       WHERE id = ${id} AND "lockedBy" = ${by} AND status = 'running' AND attempts = ${attempts}`;
    return n === 1;
  }

  async function insertSchedule(q: Tx | Db, name: string, runAt: Date): Promise<void> {
    // DO NOTHING (not enqueue's "move runAt forward"): a schedule already waiting keeps its time
    await q.$executeRaw`
      INSERT INTO "Job" (id, name, "uniqueKey", payload, "runAt", "createdAt")
      VALUES (${newId("job")}, ${name}, ${uniqueKeyOf({ name, key: SCHEDULE_KEY })}, '{}'::jsonb, ${runAt}::timestamptz, ${now()}::timestamptz)
      ON CONFLICT ("uniqueKey") DO NOTHING`;
  }

  const failedForGood = (job: Claimed, e: unknown) => {
    metrics.jobFailures.inc({ job: job.name, final: "true" });
    log.error({ job: job.name, jobId: job.id, attempts: job.attempts, ...(e instanceof Error ? { err: e } : { error: String(e) }) }, "job failed for good");
  };

  const lost = (job: Claimed) =>
    log.warn({ job: job.name, jobId: job.id }, "job lease lost before the job finished (another worker claimed it again); its outcome here was discarded");

  /** Runs one claimed job; true when it failed (threw, or no handler). */
  async function runOne(job: Claimed): Promise<boolean> {
    const handler = Object.hasOwn(handlers, job.name) ? handlers[job.name] : undefined;
    if (!handler) {
      const known = Object.keys(handlers).sort().join(", ") || "none";
      const error = `No handler is registered for job "${job.name}" on this worker (known: ${known})`.slice(0, MAX_ERROR_CHARS);
      if (await finish(job, "failed", error)) failedForGood(job, error);
      else lost(job);
      return true;
    }
    if (job.attempts > job.maxAttempts) {
      // only a reclaimed lease gets here (a throw on the last attempt fails the job): a job that keeps killing or
      // stalling its worker stops being retried
      const error = `${LEASE_EXPIRED} on its last attempt: gave up after ${job.maxAttempts} attempts`;
      if (await finish(job, "failed", error)) failedForGood(job, error);
      else lost(job);
      return true;
    }
    let outcome: void | { retryInMs: number };
    try {
      outcome = await handler(asPayload(job.payload), { attempt: job.attempts, now: now(), jobId: job.id });
    } catch (e) {
      const message = errorMessage(e);
      const retry = job.attempts < job.maxAttempts;
      const owned = retry
        ? await requeue(job, new Date(now().getTime() + backoffMs(job.attempts, random)), message, false)
        : await finish(job, "failed", message);
      if (!owned) lost(job);
      else if (!retry) failedForGood(job, e);
      else metrics.jobFailures.inc({ job: job.name, final: "false" });
      return true;
    }
    const owned =
      outcome && typeof outcome.retryInMs === "number"
        ? await requeue(job, new Date(now().getTime() + Math.max(0, outcome.retryInMs)), null, true)
        : await finish(job, "done", null);
    if (!owned) lost(job);
    return false;
  }

  /** Gives a claimed job that was never started back to the queue, as it was (a stopping worker's rest of a batch). */
  async function release(job: Claimed): Promise<void> {
    const [id, by, attempts] = mine(job);
    await db.$executeRaw`
      UPDATE "Job" SET status = 'queued', "lockedBy" = NULL, "lockedUntil" = NULL, attempts = attempts - 1
       WHERE id = ${id} AND "lockedBy" = ${by} AND status = 'running' AND attempts = ${attempts}`;
  }

  /**
   * Claims and runs due jobs, up to `limit`. `stopping()`: checked before each job; once true no further job starts and
   * the claimed rest goes back to the queue. `beat()`: called as each job starts and ends (the worker's heartbeat).
   */
  async function runDue(o: { limit?: number; stopping?: () => boolean; beat?: () => void } = {}): Promise<{ ran: number; failed: number }> {
    const limit = o.limit ?? 100;
    const seen: string[] = [];
    let ran = 0;
    let failed = 0;
    while (seen.length < limit && !o.stopping?.()) {
      const batch = await claim(Math.min(CLAIM_BATCH, limit - seen.length), seen);
      if (batch.length === 0) break;
      for (const job of batch) {
        seen.push(job.id);
        if (o.stopping?.()) {
          await release(job).catch(() => undefined); // else its lease runs out and another worker takes it then
          continue;
        }
        o.beat?.();
        ran++;
        if (await runOne(job)) failed++;
        o.beat?.();
      }
    }
    return { ran, failed };
  }

  async function ensureSchedules(): Promise<void> {
    for (const s of schedules) await insertSchedule(db, s.name, now());
  }

  let running: RunningQueue | null = null;
  function start(o: { pollMs?: number } = {}): RunningQueue {
    if (running) throw new Error("This job queue is already started");
    const pollMs = o.pollMs ?? 1000;
    const limit = 100;
    let stopped = false;
    let timer: NodeJS.Timeout | undefined;
    let current: Promise<void> | undefined;
    let beat = Date.now();
    const tick = () => {
      timer = undefined;
      beat = Date.now();
      current = (async () => {
        let busy = false;
        try {
          await ensureSchedules();
          busy = (await runDue({ limit, stopping: () => stopped, beat: () => void (beat = Date.now()) })).ran >= limit; // more may be due: go again at once
        } catch (e) {
          log.error({ err: e }, "job worker loop: run failed, continuing");
        }
        current = undefined;
        beat = Date.now();
        if (!stopped) timer = setTimeout(tick, busy ? 0 : pollMs);
      })();
    };
    tick();
    running = {
      async stop() {
        stopped = true;
        if (timer) clearTimeout(timer);
        await current;
        running = null;
      },
      lastTickAt: () => beat,
    };
    return running;
  }

  return { enqueue: enqueuer.enqueue, runDue, ensureSchedules, start };
}
