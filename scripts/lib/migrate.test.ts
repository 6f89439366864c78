import { readdirSync } from "node:fs";
import pg from "pg";
import { PGlite } from "@electric-sql/pglite";
import { describe, expect, it, inject } from "vitest";
import { migrate } from "./migrate";
import { migrationsDir } from "./schema-engine";

const committed = readdirSync(migrationsDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();

describe("migrations (schema engine, WebAssembly build)", () => {
  it("apply to an empty embedded database, keep _prisma_migrations, and are a no-op the second time", async () => {
    const db = new PGlite();
    expect(await migrate({ pglite: db })).toEqual(committed);
    const rows = await db.query<{ migration_name: string; finished_at: Date | null; rolled_back_at: Date | null }>(
      `SELECT migration_name, finished_at, rolled_back_at FROM _prisma_migrations ORDER BY migration_name`,
    );
    expect(rows.rows.map((r) => r.migration_name)).toEqual(committed);
    expect(rows.rows.every((r) => r.finished_at && !r.rolled_back_at)).toBe(true);
    expect(await migrate({ pglite: db })).toEqual([]);
    await db.close();
  }, 60_000);

  it.runIf(!!inject("postgresUrl"))("apply to an empty PostgreSQL database", async () => {
    const base = process.env.DATABASE_URL!;
    const name = `kassa_migrate_${Date.now().toString(36)}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    try {
      const url = new URL(base);
      url.pathname = `/${name}`;
      expect(await migrate({ url: url.toString() })).toEqual(committed);
      expect(await migrate({ url: url.toString() })).toEqual([]);
      const c = new pg.Client({ connectionString: url.toString() });
      await c.connect();
      const r = await c.query(`SELECT count(*)::int AS n FROM _prisma_migrations WHERE finished_at IS NOT NULL`);
      expect(r.rows[0].n).toBe(committed.length);
      await c.end();
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    }
  }, 60_000);
});
