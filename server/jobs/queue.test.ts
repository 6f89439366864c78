// The job queue runner on every test database: enqueue semantics, due times on an injected clock, retries and backoff,
// deferrals, reclaimed leases, schedules, the polling loop, and (PostgreSQL) two workers draining one queue.
// The PostgreSQL database is shared with other test files running at the same time: every queue here claims only its
// own test's job names (`names`), and assertions look only at those names.
import { randomBytes } from "node:crypto";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { inTransaction, type DbHandle, type Db } from "../db";
import { testDatabases } from "../test/db";
import { backoffMs, createJobQueue, type JobHandler, type JobSchedule } from "./queue";
import { captureLog } from "../ops/log";

type Clock = { now: () => Date; advance(ms: number): void };
function clock(start = new Date("2031-01-15T08:00:00Z")): Clock {
  let t = start.getTime();
  return { now: () => new Date(t), advance: (ms) => void (t += ms) };
}

const suffix = () => randomBytes(5).toString("hex");

function deferred<T = void>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

async function until(cond: () => Promise<boolean>, ms = 5000) {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe("backoff", () => {
  it("doubles from 1 s, caps at 1 h, and jitters by ±20 %", () => {
    expect([1, 2, 3, 4, 11].map((n) => backoffMs(n, () => 0.5))).toEqual([1000, 2000, 4000, 8000, 1_024_000]);
    expect(backoffMs(13, () => 0.5)).toBe(3_600_000);
    expect(backoffMs(500, () => 0.5)).toBe(3_600_000);
    expect(backoffMs(3, () => 0)).toBe(3200);
    expect(backoffMs(3, () => 0.999999)).toBe(4800);
    for (let i = 0; i < 200; i++) {
      const d = backoffMs(2);
      expect(d).toBeGreaterThanOrEqual(1600);
      expect(d).toBeLessThanOrEqual(2400);
    }
  });
});

for (const target of testDatabases()) {
  describe(`job queue on the ${target.name} database`, () => {
    let h: DbHandle;
    beforeAll(async () => {
      h = await target.open();
    });
    afterAll(() => h.close());
    // what the queue logs (permanent failures, lost leases, loop errors), kept out of the test output
    let logged: string[] = [];
    let restoreLog = () => {};
    beforeEach(() => {
      logged = [];
      restoreLog = captureLog({ write: (line) => void logged.push(line) });
    });
    afterEach(() => restoreLog());

    /** A queue on a test clock that claims only `names`. */
    function queue(names: string[], handlers: Record<string, JobHandler>, o: { clock?: Clock; workerId?: string; schedules?: JobSchedule[]; leaseMs?: number; db?: Db } = {}) {
      const c = o.clock ?? clock();
      const q = createJobQueue({ db: o.db ?? h.db, now: c.now, handlers, names, workerId: o.workerId, schedules: o.schedules, leaseMs: o.leaseMs, random: () => 0.5 });
      return { q, clock: c };
    }
    const jobsNamed = (name: string) => h.db.job.findMany({ where: { name }, orderBy: { createdAt: "asc" } });

    it("enqueues inside the caller's transaction: a rollback leaves no job, a commit leaves one", async () => {
      const name = `t.tx-${suffix()}`;
      const { q } = queue([name], { [name]: async () => {} });
      await expect(
        inTransaction(h.db, async (tx) => {
          await q.enqueue(tx, { name, payload: { n: 1 } });
          expect(await tx.job.count({ where: { name } })).toBe(1);
          throw new Error("roll back");
        }),
      ).rejects.toThrow("roll back");
      expect(await jobsNamed(name)).toHaveLength(0);
      await inTransaction(h.db, (tx) => q.enqueue(tx, { name, payload: { n: 2 } }));
      expect((await jobsNamed(name)).map((j) => [j.status, j.payload])).toEqual([["queued", { n: 2 }]]);
    });

    it("runs a job with its payload and context, then marks it done and releases the lease", async () => {
      const name = `t.run-${suffix()}`;
      const seen: unknown[] = [];
      const { q, clock: c } = queue([name], { [name]: async (payload, ctx) => void seen.push([payload, ctx.attempt, ctx.now.toISOString(), ctx.jobId]) });
      await q.enqueue(h.db, { name, payload: { cartId: "cart_1", nested: { a: [1, 2] } } });
      c.advance(5);
      expect(await q.runDue()).toEqual({ ran: 1, failed: 0 });
      const [job] = await jobsNamed(name);
      expect(seen).toEqual([[{ cartId: "cart_1", nested: { a: [1, 2] } }, 1, c.now().toISOString(), job!.id]]);
      expect(job).toMatchObject({ status: "done", attempts: 1, uniqueKey: null, lockedBy: null, lockedUntil: null, lastError: null, finishedAt: c.now() });
      expect(await q.runDue()).toEqual({ ran: 0, failed: 0 });
    });

    it("de-duplicates unfinished jobs by key, and frees the key once the job has finished", async () => {
      const name = `t.key-${suffix()}`;
      const runs: unknown[] = [];
      const { q, clock: c } = queue([name], { [name]: async (p) => void runs.push(p.v) });
      await q.enqueue(h.db, { name, key: "cart_1", payload: { v: 1 }, runAt: new Date(c.now().getTime() + 60_000) });
      await q.enqueue(h.db, { name, key: "cart_1", payload: { v: 2 } }); // no second job; the earlier runAt wins
      await q.enqueue(h.db, { name, key: "cart_2", payload: { v: 3 } });
      let jobs = await jobsNamed(name);
      expect(jobs.map((j) => [j.uniqueKey, j.payload, j.runAt])).toEqual([
        [`${name}:cart_1`, { v: 1 }, c.now()],
        [`${name}:cart_2`, { v: 3 }, c.now()],
      ]);
      expect(await q.runDue()).toEqual({ ran: 2, failed: 0 });
      expect(runs.sort()).toEqual([1, 3]);
      await q.enqueue(h.db, { name, key: "cart_1", payload: { v: 4 } });
      jobs = await jobsNamed(name);
      expect(jobs.map((j) => [j.status, j.uniqueKey])).toEqual([["done", null], ["done", null], ["queued", `${name}:cart_1`]]);
      expect(await q.runDue()).toEqual({ ran: 1, failed: 0 });
      expect(runs).toEqual([1, 3, 4]);
    });

    it("does not run a job before its runAt on the injected clock", async () => {
      const name = `t.later-${suffix()}`;
      let runs = 0;
      const { q, clock: c } = queue([name], { [name]: async () => void runs++ });
      await q.enqueue(h.db, { name, runAt: new Date(c.now().getTime() + 60_000) });
      expect(await q.runDue()).toEqual({ ran: 0, failed: 0 });
      c.advance(59_999);
      expect(await q.runDue()).toEqual({ ran: 0, failed: 0 });
      c.advance(1);
      expect(await q.runDue()).toEqual({ ran: 1, failed: 0 });
      expect(runs).toBe(1);
    });

    it("retries a throwing job with exponential backoff, keeps the message, and fails it after maxAttempts", async () => {
      const name = `t.fail-${suffix()}`;
      const attempts: number[] = [];
      const { q, clock: c } = queue([name], {
        [name]: async (_p, ctx) => {
          attempts.push(ctx.attempt);
          throw new Error(`boom ${ctx.attempt} ${"x".repeat(3000)}`);
        },
      });
      await q.enqueue(h.db, { name, key: "k", maxAttempts: 3 });
      expect(await q.runDue()).toEqual({ ran: 1, failed: 1 });
      let [job] = await jobsNamed(name);
      expect(job).toMatchObject({ status: "queued", attempts: 1, runAt: new Date(c.now().getTime() + 1000), lockedBy: null, uniqueKey: `${name}:k` });
      expect(job!.lastError).toHaveLength(1000);
      expect(job!.lastError!.startsWith("boom 1 xxx")).toBe(true);

      c.advance(999);
      expect(await q.runDue()).toEqual({ ran: 0, failed: 0 }); // backoff not over yet
      c.advance(1);
      expect(await q.runDue()).toEqual({ ran: 1, failed: 1 });
      [job] = await jobsNamed(name);
      expect(job).toMatchObject({ status: "queued", attempts: 2, runAt: new Date(c.now().getTime() + 2000) });
      expect(job!.lastError!.startsWith("boom 2")).toBe(true);

      c.advance(2000);
      expect(await q.runDue()).toEqual({ ran: 1, failed: 1 });
      [job] = await jobsNamed(name);
      expect(job).toMatchObject({ status: "failed", attempts: 3, uniqueKey: null, lockedBy: null, lockedUntil: null, finishedAt: c.now() });
      expect(job!.lastError!.startsWith("boom 3")).toBe(true);
      expect(logged).toHaveLength(1);
      expect(JSON.parse(logged[0]!)).toMatchObject({ level: "error", msg: "job failed for good", job: name, jobId: job!.id, attempts: 3, err: { type: "Error", message: expect.stringMatching(/^boom 3 x+$/) } });
      c.advance(3_600_000);
      expect(await q.runDue()).toEqual({ ran: 0, failed: 0 });
      expect(attempts).toEqual([1, 2, 3]);
    });

    it("a job that asks to run later ({retryInMs}) is requeued without using up an attempt", async () => {
      const name = `t.defer-${suffix()}`;
      const ctxAttempts: number[] = [];
      let settled = false;
      const { q, clock: c } = queue([name], {
        [name]: async (_p, ctx) => {
          ctxAttempts.push(ctx.attempt);
          return settled ? undefined : { retryInMs: 5000 };
        },
      });
      await q.enqueue(h.db, { name, key: "pay_1", maxAttempts: 2 });
      for (let i = 0; i < 4; i++) {
        expect(await q.runDue()).toEqual({ ran: 1, failed: 0 });
        const [job] = await jobsNamed(name);
        expect(job).toMatchObject({ status: "queued", attempts: 0, runAt: new Date(c.now().getTime() + 5000), lastError: null, lockedBy: null, uniqueKey: `${name}:pay_1` });
        expect(await q.runDue()).toEqual({ ran: 0, failed: 0 });
        c.advance(5000);
      }
      settled = true;
      expect(await q.runDue()).toEqual({ ran: 1, failed: 0 });
      expect((await jobsNamed(name))[0]).toMatchObject({ status: "done", attempts: 1, uniqueKey: null });
      expect(ctxAttempts).toEqual([1, 1, 1, 1, 1]);
    });

    it("runs a retry that is due at once only once per runDue call", async () => {
      const name = `t.now-${suffix()}`;
      let runs = 0;
      const { q } = queue([name], { [name]: async () => (++runs, { retryInMs: 0 }) });
      await q.enqueue(h.db, { name });
      expect(await q.runDue()).toEqual({ ran: 1, failed: 0 });
      expect(await q.runDue()).toEqual({ ran: 1, failed: 0 });
      expect(runs).toBe(2);
    });

    it("fails a job nobody handles, with a clear error", async () => {
      const name = `t.unknown-${suffix()}`;
      const known = `t.known-${suffix()}`;
      const { q } = queue([name, known], { [known]: async () => {} });
      await q.enqueue(h.db, { name, key: "x" });
      expect(await q.runDue()).toEqual({ ran: 1, failed: 1 });
      const [job] = await jobsNamed(name);
      expect(job).toMatchObject({ status: "failed", attempts: 1, uniqueKey: null });
      expect(job!.lastError).toBe(`No handler is registered for job "${name}" on this worker (known: ${known})`);
      expect(logged.map((l) => JSON.parse(l))).toMatchObject([{ level: "error", msg: "job failed for good", job: name, jobId: job!.id, error: job!.lastError }]);
    });

    it("reclaims a crashed worker's job once its lease expires, and the stale worker cannot overwrite the new claim", async () => {
      const name = `t.lease-${suffix()}`;
      const c = clock();
      const started = deferred();
      const hang = deferred();
      const runs: string[] = [];
      const a = queue([name], { [name]: async () => (runs.push("a"), started.resolve(), hang.promise) }, { clock: c, workerId: "worker-a", leaseMs: 60_000 }).q;
      const b = queue([name], { [name]: async (_p, ctx) => void runs.push(`b${ctx.attempt}`) }, { clock: c, workerId: "worker-b", leaseMs: 60_000 }).q;
      await a.enqueue(h.db, { name, key: "k" });
      const aRun = a.runDue(); // worker a claims the job, then "crashes" inside the handler
      await started.promise;
      expect((await jobsNamed(name))[0]).toMatchObject({ status: "running", lockedBy: "worker-a", lockedUntil: new Date(c.now().getTime() + 60_000), attempts: 1 });

      expect(await b.runDue()).toEqual({ ran: 0, failed: 0 }); // a's lease still holds
      c.advance(60_000);
      expect(await b.runDue()).toEqual({ ran: 0, failed: 0 }); // lockedUntil < now, strictly
      c.advance(1);
      expect(await b.runDue()).toEqual({ ran: 1, failed: 0 });
      const [done] = await jobsNamed(name);
      expect(done).toMatchObject({ status: "done", attempts: 2, lockedBy: null, uniqueKey: null });
      expect(done!.lastError).toBe("lease expired (the worker stopped or overran its lease): worker-a");

      // worker a comes back to life: its outcome is discarded
      hang.resolve();
      expect(await aRun).toEqual({ ran: 1, failed: 0 });
      expect(logged.join("\n")).toMatch(/lease lost before the job finished/);
      expect((await jobsNamed(name))[0]).toMatchObject({ status: "done", attempts: 2, finishedAt: done!.finishedAt, lockedBy: null });
      expect(runs).toEqual(["a", "b2"]);
    });

    it("gives up on a job whose worker keeps dying once maxAttempts claims have run", async () => {
      const name = `t.poison-${suffix()}`;
      const c = clock();
      const started = deferred();
      const a = queue([name], { [name]: async () => (started.resolve(), new Promise<void>(() => {})) }, { clock: c, workerId: "worker-a", leaseMs: 1000 }).q;
      let bRuns = 0;
      const b = queue([name], { [name]: async () => void bRuns++ }, { clock: c, workerId: "worker-b", leaseMs: 1000 }).q;
      await a.enqueue(h.db, { name, maxAttempts: 1 });
      void a.runDue(); // never finishes: the handler hangs forever, like a dead process
      await started.promise;
      c.advance(1001);
      expect(await b.runDue()).toEqual({ ran: 1, failed: 1 });
      expect(bRuns).toBe(0);
      const [job] = await jobsNamed(name);
      expect(job).toMatchObject({ status: "failed", attempts: 2, lockedBy: null });
      expect(job!.lastError).toMatch(/^lease expired .* gave up after 1 attempts$/);
    });

    it("schedules recurring jobs: one at a time, the next one everyMs after each finish, also after a failure", async () => {
      const name = `t.sweep-${suffix()}`;
      let fail = false;
      let runs = 0;
      const { q, clock: c } = queue(
        [name],
        {
          [name]: async () => {
            runs++;
            if (fail) throw new Error("sweep broke");
          },
        },
        { schedules: [{ name, everyMs: 60_000 }] },
      );
      const t0 = c.now().getTime();
      await q.ensureSchedules();
      c.advance(10);
      await q.ensureSchedules(); // already there: not moved, not doubled
      expect((await jobsNamed(name)).map((j) => [j.status, j.uniqueKey, j.runAt.getTime()])).toEqual([["queued", `${name}:schedule`, t0]]);

      expect(await q.runDue()).toEqual({ ran: 1, failed: 0 });
      await q.ensureSchedules();
      expect((await jobsNamed(name)).map((j) => [j.status, j.uniqueKey, j.runAt.getTime()])).toEqual([
        ["done", null, t0],
        ["queued", `${name}:schedule`, t0 + 10 + 60_000],
      ]);
      c.advance(59_999);
      expect(await q.runDue()).toEqual({ ran: 0, failed: 0 });
      c.advance(1);
      expect(await q.runDue()).toEqual({ ran: 1, failed: 0 });
      expect(runs).toBe(2);

      // a failing run is retried with backoff like any job (still one unfinished), and once it has failed for good the
      // schedule goes on
      fail = true;
      await h.db.job.updateMany({ where: { name, status: "queued" }, data: { maxAttempts: 2 } });
      c.advance(60_000);
      expect(await q.runDue()).toEqual({ ran: 1, failed: 1 });
      expect((await jobsNamed(name)).filter((j) => j.status === "queued")).toHaveLength(1);
      c.advance(1000);
      expect(await q.runDue()).toEqual({ ran: 1, failed: 1 });
      const jobs = await jobsNamed(name);
      expect(jobs.map((j) => j.status)).toEqual(["done", "done", "failed", "queued"]);
      expect(jobs[3]!.runAt.getTime()).toBe(c.now().getTime() + 60_000);
    });

    it("refuses a schedule without a handler", () => {
      expect(() => createJobQueue({ db: h.db, now: () => new Date(), handlers: {}, schedules: [{ name: "nope", everyMs: 1000 }] })).toThrow(/no handler/);
    });

    it("start() polls in the background, survives a failing poll, and stop() waits for the job in hand, leaving the rest of its batch queued", async () => {
      const name = `t.loop-${suffix()}`;
      const sched = `t.loop-schedule-${suffix()}`;
      const release = deferred();
      const started = deferred();
      const runs: unknown[] = [];
      let failNext = true;
      // a database whose next statement fails once: the loop logs it and carries on
      const flaky = new Proxy(h.db, {
        get(target, prop) {
          const v = Reflect.get(target, prop);
          if (prop === "$executeRaw" && failNext) {
            failNext = false;
            return () => Promise.reject(new Error("database went away"));
          }
          return typeof v === "function" ? v.bind(target) : v;
        },
      }) as Db;
      const { q } = queue(
        [name, sched],
        {
          [name]: async (p) => {
            runs.push(p.n);
            if ((p.n as number) >= 2) {
              started.resolve();
              await release.promise;
            }
          },
          [sched]: async () => {},
        },
        { db: flaky, clock: { now: () => new Date(), advance() {} }, schedules: [{ name: sched, everyMs: 3_600_000 }] },
      );
      const worker = q.start({ pollMs: 20 });
      await q.enqueue(h.db, { name, payload: { n: 1 } });
      await until(async () => runs.length === 1 && (await jobsNamed(sched)).map((j) => j.status).join() === "done,queued");
      expect(logged.join("\n")).toMatch(/database went away/);

      // three due at once (one claimed batch); stop() while the first of them runs
      await inTransaction(h.db, async (tx) => {
        for (const n of [2, 3, 4]) await q.enqueue(tx, { name, payload: { n } });
      });
      await started.promise;
      let stopped = false;
      const stopping = worker.stop().then(() => (stopped = true));
      await new Promise((r) => setTimeout(r, 50));
      expect(stopped).toBe(false); // waits for the job in hand
      release.resolve();
      await stopping;
      expect(runs).toHaveLength(2); // the one in hand finished; the rest of the batch never started
      const rows = await jobsNamed(name);
      expect(rows.map((j) => j.status).sort()).toEqual(["done", "done", "queued", "queued"]);
      // given back as they were: no attempt spent, no lock held
      expect(rows.filter((j) => j.status === "queued").map((j) => [j.attempts, j.lockedBy, j.lockedUntil])).toEqual([[0, null, null], [0, null, null]]);
      await q.enqueue(h.db, { name, payload: { n: 5 } });
      await new Promise((r) => setTimeout(r, 100));
      expect(runs).toHaveLength(2); // stopped: nothing more runs
    });

    it("two workers draining 50 jobs concurrently run each exactly once", async () => {
      const name = `t.race-${suffix()}`;
      // on PostgreSQL each worker has its own connection pool, as two processes would; PGlite is one connection
      const other = target.name === "postgres" ? await target.open() : h;
      try {
        const runs = new Map<string, string[]>();
        const handler = (w: string): JobHandler => async (p) => {
          const id = String(p.i);
          runs.set(id, [...(runs.get(id) ?? []), w]);
          await new Promise((r) => setTimeout(r, Math.random() * 3));
        };
        const c = clock();
        const a = queue([name], { [name]: handler("a") }, { clock: c, workerId: "race-a" }).q;
        const b = queue([name], { [name]: handler("b") }, { clock: c, workerId: "race-b", db: other.db }).q;
        for (let i = 0; i < 50; i++) await a.enqueue(h.db, { name, payload: { i } });
        const drain = async (q: typeof a) => {
          let total = 0;
          for (;;) {
            const { ran } = await q.runDue({ limit: 7 });
            if (ran === 0) return total;
            total += ran;
          }
        };
        const [ra, rb] = await Promise.all([drain(a), drain(b)]);
        expect(ra + rb).toBe(50);
        expect(runs.size).toBe(50);
        expect([...runs.values()].every((ws) => ws.length === 1)).toBe(true);
        if (target.name === "postgres") expect(ra * rb).toBeGreaterThan(0); // both took part
        const jobs = await jobsNamed(name);
        expect(jobs.every((j) => j.status === "done" && j.attempts === 1)).toBe(true);
      } finally {
        if (other !== h) await other.close();
      }
    });
  });
}
