// Vitest global setup. Builds the migrated database once per run:
// - embedded: a PGlite data dir migrated by the schema engine, dumped to a tarball each test file loads (fresh per file);
// - DATABASE_URL set: a fresh PostgreSQL database kassa_test_<stamp>, migrated, dropped at the end.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { PGlite } from "@electric-sql/pglite";
import type { TestProject } from "vitest/node";
import { migrate } from "../../scripts/lib/migrate";

export default async function setup(project: TestProject) {
  const tmp = mkdtempSync(path.join(os.tmpdir(), "kassa-test-"));
  const template = new PGlite();
  await migrate({ pglite: template });
  const dump = await template.dumpDataDir("none");
  const dumpPath = path.join(tmp, "template.tar");
  writeFileSync(dumpPath, Buffer.from(await dump.arrayBuffer()));
  await template.close();
  project.provide("embeddedTemplate", dumpPath);

  let dropPg: (() => Promise<void>) | undefined;
  const base = process.env.DATABASE_URL;
  if (base) {
    const name = `kassa_test_${Date.now().toString(36)}_${process.pid}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    const url = new URL(base);
    url.pathname = `/${name}`;
    await migrate({ url: url.toString() });
    project.provide("postgresUrl", url.toString());
    dropPg = async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    };
  } else {
    project.provide("postgresUrl", "");
  }

  return async () => {
    await dropPg?.();
    rmSync(tmp, { recursive: true, force: true });
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    embeddedTemplate: string;
    postgresUrl: string;
  }
}
