// Applies prisma/migrations to the configured database (DATABASE_URL, else the embedded one under .data/),
// through Prisma's own schema engine (WebAssembly build). Keeps the standard _prisma_migrations table.
import { migrate } from "./lib/migrate";

const applied = await migrate({ url: process.env.DATABASE_URL || undefined });
console.log(applied.length ? `Applied ${applied.length} migration(s): ${applied.join(", ")}` : "Database is up to date.");
process.exit(0); // the engine leaves a timer behind
