// Enqueueing a job: one INSERT, inside the caller's transaction when given one, so the job exists iff the change that
// asked for it commits. A key makes the job unique among the unfinished jobs of its name (a second enqueue is a no-op,
// except that an earlier `runAt` moves the queued job forward). ON CONFLICT keeps a PostgreSQL transaction usable.
import type { Db, Tx } from "../db";
import type { JobEnqueuer, JobSpec } from "../core/deps";
import { newId } from "../core/ids";

export function uniqueKeyOf(job: Pick<JobSpec, "name" | "key">): string | null {
  return job.key === undefined ? null : `${job.name}:${job.key}`;
}

export function createJobEnqueuer(now: () => Date = () => new Date()): JobEnqueuer {
  return {
    async enqueue(tx: Tx | Db, job: JobSpec) {
      const runAt = job.runAt ?? now();
      await tx.$executeRaw`
        INSERT INTO "Job" (id, name, "uniqueKey", payload, "runAt", "maxAttempts", "createdAt")
        VALUES (${newId("job")}, ${job.name}, ${uniqueKeyOf(job)}, ${JSON.stringify(job.payload ?? {})}::jsonb, ${runAt}::timestamptz,
                ${job.maxAttempts ?? 10}, ${now()}::timestamptz)
        ON CONFLICT ("uniqueKey") DO UPDATE SET "runAt" = LEAST("Job"."runAt", EXCLUDED."runAt")
          WHERE "Job".status = 'queued'`;
    },
  };
}
