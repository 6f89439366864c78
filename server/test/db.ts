// Databases for integration tests. `embeddedTestDb()` is a fresh, migrated PGlite per call (per file);
// `postgresTestDb()` is the run's PostgreSQL database (null when DATABASE_URL is unset); `testDatabases()` lists what
// is available so a suite can run on each.
import { readFileSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { inject } from "vitest";
import { openDatabase, type DbHandle } from "../db";

export async function embeddedTestDb(): Promise<DbHandle & { pglite: PGlite }> {
  const tar = readFileSync(inject("embeddedTemplate"));
  const pglite = await PGlite.create({ loadDataDir: new Blob([tar]) });
  const handle = openDatabase({ pglite });
  return { ...handle, pglite, close: async () => { await handle.close(); await pglite.close(); } };
}

export function postgresTestDb(poolMax = 20): DbHandle | null {
  const url = inject("postgresUrl");
  return url ? openDatabase({ url, poolMax }) : null;
}

export type NamedDb = { name: "embedded" | "postgres"; open(): Promise<DbHandle> };

/** The databases this run can test on: always the embedded one, PostgreSQL too when DATABASE_URL is set. */
export function testDatabases(): NamedDb[] {
  const list: NamedDb[] = [{ name: "embedded", open: () => embeddedTestDb() }];
  if (inject("postgresUrl")) list.push({ name: "postgres", open: async () => postgresTestDb()! });
  return list;
}

let counter = 0;
/** A unique email per call, so tests sharing the PostgreSQL database never collide. */
export function uniqueEmail(tag = "t"): string {
  return `${tag}-${Date.now().toString(36)}-${process.pid}-${++counter}@test.kassa`;
}
