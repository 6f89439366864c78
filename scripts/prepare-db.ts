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
// The first owner from the environment (KASSA_OWNER_EMAIL / KASSA_OWNER_PASSWORD), once: skipped when an owner exists.
if (process.env.KASSA_OWNER_EMAIL && process.env.KASSA_OWNER_PASSWORD) {
  const { staffService } = await import("../server/auth/staff");
  const handle = openDatabase({ url });
  if (!(await handle.db.staff.findFirst({ where: { role: "owner" }, select: { id: true } }))) {
    const owner = await staffService(handle.db).createFirstOwner({ email: process.env.KASSA_OWNER_EMAIL, password: process.env.KASSA_OWNER_PASSWORD }, "cli");
    console.log(`[kassa] created the first owner ${owner.email}`);
  }
  await handle.close();
}
process.exit(0); // the schema engine leaves a timer behind
