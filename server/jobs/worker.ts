// The app's job worker: the queue runner (./queue.ts) on the process's database, clock and core instance, with the
// handlers of ./handlers.ts. Started by server/http/main.ts in the roles `all` (npm start) and `worker`.
import { getDb } from "../db";
import { getKassa } from "../kassa";
import { jobHandlers } from "./handlers";
import { createJobQueue } from "./queue";

export function startWorker(opts: { pollMs?: number } = {}): { stop(): Promise<void> } {
  const kassa = getKassa();
  const { handlers, schedules } = jobHandlers(kassa);
  const queue = createJobQueue({ db: getDb(), now: kassa.deps.now, handlers, schedules });
  return queue.start({ pollMs: opts.pollMs });
}
