import type { Db, Tx } from "../db";
import type { ProviderRegistry } from "./provider-port";
import type { IdGenerator } from "./ids";

/** A background job to run later, durably (server/jobs). `key` makes it unique among unfinished jobs of its name. */
export type JobSpec = { name: string; key?: string; payload?: Record<string, unknown>; runAt?: Date; maxAttempts?: number };

/** Enqueue inside the caller's transaction (or on its own when given the client): the job exists iff the change commits. */
export type JobEnqueuer = { enqueue(tx: Tx | Db, job: JobSpec): Promise<void> };

/** What every core service is built from. No container: a plain object passed to each factory. */
export type CoreDeps = {
  db: Db;
  providers: ProviderRegistry;
  now: () => Date;
  ids: IdGenerator;
  jobs: JobEnqueuer;
};
