import { mkdir } from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { noFilters, openSchemaEngine, readMigrations } from "./schema-engine";
import { embeddedDataDir } from "../../server/db/config";

/** Apply pending migrations with the schema engine. Returns the names of those applied now. */
export async function migrate(opts: { url?: string; dataDir?: string; pglite?: PGlite }): Promise<string[]> {
  let factory: SqlMigrationAwareDriverAdapterFactory;
  let close = async () => {};
  if (opts.pglite) {
    factory = new PrismaPGlite(opts.pglite);
  } else if (opts.url) {
    // Our own pool, ended afterwards: the engine's advisory lock lives on a session, and a pooled connection left
    // open would hold it until the pool's idle timeout (a second migrate right after would wait for it).
    const pool = new pg.Pool({ connectionString: opts.url, max: 2 });
    factory = wholeScripts(new PrismaPg(pool), pool);
    close = () => pool.end();
  } else {
    const dir = opts.dataDir ?? embeddedDataDir();
    await mkdir(dir, { recursive: true });
    const db = new PGlite(dir);
    factory = new PrismaPGlite(db);
    close = () => db.close();
  }
  const engine = await openSchemaEngine(factory);
  try {
    const out = await engine.applyMigrations({ migrationsList: await readMigrations(), filters: noFilters });
    return out.appliedMigrationNames;
  } finally {
    engine.free();
    await close();
  }
}

/**
 * adapter-pg runs a script by splitting it on ";", which cuts a dollar-quoted function body apart. The native engine
 * sends a migration whole (simple query protocol: its statements run as one implicit transaction); so do we.
 */
function wholeScripts(factory: PrismaPg, pool: pg.Pool): SqlMigrationAwareDriverAdapterFactory {
  const wrap = <A extends SqlDriverAdapter>(adapter: A): A =>
    new Proxy(adapter, {
      get(target, prop, receiver) {
        if (prop === "executeScript") return async (script: string) => void (await pool.query(script));
        const v = Reflect.get(target, prop, receiver);
        return typeof v === "function" ? v.bind(target) : v;
      },
    });
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => wrap(await factory.connect()),
    connectToShadowDb: async () => wrap(await factory.connectToShadowDb()),
  };
}
