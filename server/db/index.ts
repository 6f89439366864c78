// One Prisma client per process. DATABASE_URL=postgres://… → PostgreSQL through @prisma/adapter-pg with a pool;
// no DATABASE_URL → the embedded database (PGlite, PostgreSQL in WebAssembly) persisted under .data/.
import { createHash } from "node:crypto";
import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "./generated/client";
import { embeddedDataDir } from "./config";
import { countingAdapterFactory } from "./round-trips";

export type Db = PrismaClient;
export { Prisma } from "./generated/client";
export type { PrismaClient };

/** What a transaction callback receives: the client without the connection-level methods. */
export type Tx = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

/** `pool`: PostgreSQL's connection pool (its counts are metrics); the embedded database has none. */
export type DbHandle = { db: Db; kind: "postgres" | "embedded"; pool?: pg.Pool; close(): Promise<void> };

// Prepared statements by name: PostgreSQL then parses and plans each query shape once per connection, not on every
// call. Prisma's relation reads are large lateral-join statements, and parsing plus planning them cost ~1 ms of server
// CPU per call, ten times their execution (measured on PostgreSQL 15). The name is a hash of the SQL text, so one name
// always means one text. Distinct texts are the app's query shapes, a bounded set; the memo only spares the hashing.
const statementNames = new Map<string, string>();
export function statementName(query: { sql: string }): string {
  let name = statementNames.get(query.sql);
  if (!name) {
    name = `kassa_${createHash("sha256").update(query.sql).digest("base64url").slice(0, 32)}`;
    if (statementNames.size >= 10_000) statementNames.clear();
    statementNames.set(query.sql, name);
  }
  return name;
}

export function openDatabase(opts: { url?: string; dataDir?: string; pglite?: PGlite; poolMax?: number; preparedStatements?: boolean } = {}): DbHandle {
  if (opts.url) {
    const pool = new pg.Pool({
      connectionString: opts.url,
      max: opts.poolMax ?? 10,
      idleTimeoutMillis: 30_000,
      connectionTimeoutMillis: 5_000,
    });
    pool.on("error", () => undefined); // an idle connection dropped by the server: the pool replaces it on next use
    const adapter = new PrismaPg(
      pool,
      // off for poolers that cannot keep named statements on a server connection (PgBouncer before 1.21 in transaction mode)
      opts.preparedStatements === false ? {} : { statementNameGenerator: statementName },
    );
    // every query counted for the request that sent it (metrics; the bench's header)
    const db = new PrismaClient({ adapter: countingAdapterFactory(adapter) });
    return {
      db,
      kind: "postgres",
      pool,
      close: async () => {
        await db.$disconnect();
        await pool.end().catch(() => undefined);
      },
    };
  }
  let pglite = opts.pglite;
  const owned = !pglite;
  if (!pglite) {
    const dir = opts.dataDir ?? embeddedDataDir();
    mkdirSync(dir, { recursive: true });
    pglite = new PGlite(dir);
  }
  const db = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  const instance = pglite;
  return {
    db,
    kind: "embedded",
    close: async () => {
      await db.$disconnect();
      if (owned) await instance.close();
    },
  };
}

const globalForDb = globalThis as unknown as { kassaDb?: DbHandle };

/** The process's database, opened on first use from the environment (survives Next dev hot reloads). */
export function getDbHandle(): DbHandle {
  globalForDb.kassaDb ??= openDatabase({
    url: process.env.DATABASE_URL || undefined,
    poolMax: process.env.DATABASE_POOL_MAX ? Number(process.env.DATABASE_POOL_MAX) : undefined,
    preparedStatements: process.env.DATABASE_PREPARED_STATEMENTS !== "0",
  });
  return globalForDb.kassaDb;
}

export function getDb(): Db {
  return getDbHandle().db;
}

/** One `SELECT 1`: resolves when the database answers (the health check's probe). */
export async function pingDatabase(db: Db = getDb()): Promise<void> {
  await db.$queryRaw`SELECT 1`;
}

/** Run `fn` in a transaction. On PGlite (one connection) always use the `tx` handed in, never the outer client. */
export function inTransaction<T>(db: Db, fn: (tx: Tx) => Promise<T>, opts?: { timeout?: number }): Promise<T> {
  return db.$transaction(fn, { timeout: opts?.timeout ?? 15_000, maxWait: 10_000 });
}

/** Prisma's unique-constraint violation (P2002). Adapters differ in the details, so only the code is checked. */
export function isUniqueViolation(e: unknown): boolean {
  return typeof e === "object" && e !== null && (e as { code?: unknown }).code === "P2002";
}
