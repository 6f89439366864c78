// Prisma 7 reads the connection from here. process.env (not env()) so an unset DATABASE_URL is fine:
// the app and our migration scripts then use the embedded database through a driver adapter.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations", seed: "tsx scripts/db-seed.ts" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost/unset" },
});
