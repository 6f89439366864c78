// `npm run db:seed`: the demo data on the configured database (DATABASE_URL, else the embedded one under .data/).
// Apart from prisma/seed.ts so that bundling the seed (the production build's prepare step) never runs it on import.
import { openDatabase } from "../server/db";
import { seed } from "../prisma/seed";

const handle = openDatabase({ url: process.env.DATABASE_URL || undefined });
try {
  await seed(handle.db);
  console.log(`Seeded demo data (${handle.kind} database).`);
} finally {
  await handle.close();
}
