// The app's job worker: the queue runner (./queue.ts) on the process's database, clock and core instance, with the
// handlers of ./handlers.ts. Started by server/http/main.ts in the roles `all` (npm start) and `worker`.
import { getDb } from "../db";
import { getKassa } from "../kassa";
import { jobHandlers } from "./handlers";
import { createJobQueue, DEFAULT_LEASE_MS, type RunningQueue } from "./queue";

/** The started worker; `staleAfterMs`: a loop silent this long is stalled (readiness), the job lease. */
export function startWorker(opts: { pollMs?: number } = {}): RunningQueue & { staleAfterMs: number } {
  const kassa = getKassa();
  const { handlers, schedules } = jobHandlers(kassa);
  // KASSA_JOB_LEASE_MS: how long a claimed job is a dead worker's before another takes it (default 5 minutes)
  const leaseMs = Number(process.env.KASSA_JOB_LEASE_MS) || undefined;
  const queue = createJobQueue({ db: getDb(), now: kassa.deps.now, handlers, schedules, leaseMs });
  return { ...queue.start({ pollMs: opts.pollMs }), staleAfterMs: leaseMs ?? DEFAULT_LEASE_MS };
}
