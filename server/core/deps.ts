import type { Db } from "../db";
import type { ProviderRegistry } from "./provider-port";
import type { IdGenerator } from "./ids";

/** What every core service is built from. No container: a plain object passed to each factory. */
export type CoreDeps = {
  db: Db;
  providers: ProviderRegistry;
  now: () => Date;
  ids: IdGenerator;
};
