// Prisma's schema engine, compiled to WebAssembly (@prisma/schema-engine-wasm), driven through a driver adapter.
// The native engine cannot be downloaded on our machines; this is the same engine, so migrations it writes and the
// `_prisma_migrations` table it keeps stay compatible with `prisma migrate deploy` elsewhere.
import { readFile, readdir, stat } from "node:fs/promises";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { bindMigrationAwareSqlAdapterFactory, type SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import * as bg from "@prisma/schema-engine-wasm/schema_engine_bg";
import type { MigrationList, SchemaEngine } from "@prisma/schema-engine-wasm";

// two levels up: from scripts/lib/ here, and from .next/kassa/ in the production build's prepare-db.mjs bundle
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const schemaPath = path.join(root, "prisma/schema.prisma");
export const migrationsDir = path.join(root, "prisma/migrations");

let loaded = false;
async function loadWasm(): Promise<void> {
  if (loaded) return;
  const glue = createRequire(import.meta.url).resolve("@prisma/schema-engine-wasm/schema_engine_bg");
  const bytes = await readFile(path.join(path.dirname(glue), "schema_engine_bg.wasm"));
  const module = new WebAssembly.Module(bytes);
  const imports: WebAssembly.Imports = {};
  for (const imp of WebAssembly.Module.imports(module)) imports[imp.module] ??= bg as unknown as WebAssembly.ModuleImports;
  const instance = new WebAssembly.Instance(module, imports);
  (bg as unknown as { __wbg_set_wasm(w: unknown): void }).__wbg_set_wasm(instance.exports);
  (instance.exports as { __wbindgen_start(): void }).__wbindgen_start();
  (globalThis as Record<string, unknown>).PRISMA_WASM_PANIC_REGISTRY ??= { set_message(m: string) { console.error(m); } };
  loaded = true;
}

export async function openSchemaEngine(factory: SqlMigrationAwareDriverAdapterFactory): Promise<SchemaEngine> {
  await loadWasm();
  const schema = await readFile(schemaPath, "utf8");
  const adapter = bindMigrationAwareSqlAdapterFactory(factory);
  const log = (line: string) => {
    if (process.env.KASSA_MIGRATE_DEBUG) console.error(line);
  };
  return (bg as unknown as { SchemaEngine: typeof SchemaEngine }).SchemaEngine.new(
    { datamodels: [[schemaPath, schema]] },
    log,
    adapter,
  );
}

export async function readMigrations(): Promise<MigrationList> {
  const names = (await readdir(migrationsDir).catch(() => [] as string[])).sort();
  const migrationDirectories: MigrationList["migrationDirectories"] = [];
  for (const name of names) {
    const dir = path.join(migrationsDir, name);
    if (!(await stat(dir)).isDirectory()) continue;
    const content = await readFile(path.join(dir, "migration.sql"), "utf8");
    migrationDirectories.push({ path: name, migrationFile: { path: "migration.sql", content: { tag: "ok", value: content } } });
  }
  const lockPath = path.join(migrationsDir, "migration_lock.toml");
  const lock = await readFile(lockPath, "utf8").catch(() => null);
  return {
    baseDir: migrationsDir,
    lockfile: { path: lockPath, content: lock },
    shadowDbInitScript: "",
    migrationDirectories,
  };
}

export const noFilters = { externalTables: [], externalEnums: [] };
