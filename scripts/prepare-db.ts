// Brings the database up to date before the app starts: migrations (schema engine, WebAssembly build), then the
// demo seed — always on the embedded database, on PostgreSQL only when KASSA_SEED_DEMO=1.
import { migrate } from "./lib/migrate";
import { openDatabase } from "../server/db";
import { seed } from "../prisma/seed";

const url = process.env.DATABASE_URL || undefined;
const applied = await migrate({ url });
if (applied.length) console.log(`[kassa] applied migrations: ${applied.join(", ")}`);
if (!url || process.env.KASSA_SEED_DEMO === "1") {
  const handle = openDatabase({ url });
  await seed(handle.db);
  await handle.close();
  console.log(`[kassa] demo data ready (${handle.kind} database)`);
}
process.exit(0); // the schema engine leaves a timer behind
