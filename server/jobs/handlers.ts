// The job handlers and recurring schedules the worker runs (server/jobs/worker.ts). Register a new family of jobs by
// spreading it in here; a job name no worker handles fails with a clear error instead of waiting forever.
import type { Kassa } from "../core/kassa";
import type { JobHandler, JobSchedule } from "./queue";
import { reconciliationJobs } from "./reconcile";
import { outboundJobs } from "../outbound/jobs";
import { retentionJobs } from "./retention";

export type { JobHandler, JobSchedule };
export type JobFamily = { handlers: Record<string, JobHandler>; schedules: JobSchedule[] };

export function jobHandlers(kassa: Kassa): JobFamily {
  const families: JobFamily[] = [reconciliationJobs(kassa), outboundJobs(kassa), retentionJobs(kassa.deps.db)];
  const handlers: Record<string, JobHandler> = {};
  for (const f of families) {
    for (const [name, handler] of Object.entries(f.handlers)) {
      if (Object.hasOwn(handlers, name)) throw new Error(`Job "${name}" is registered twice`);
      handlers[name] = handler;
    }
  }
  return { handlers, schedules: families.flatMap((f) => f.schedules) };
}
