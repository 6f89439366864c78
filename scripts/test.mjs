#!/usr/bin/env node
// `npm test`: type-check, unit + integration tests (vitest; on PostgreSQL too when DATABASE_URL is set),
// then the Playwright e2e suite in Chromium against the built app.
import { spawnSync } from "node:child_process";
import path from "node:path";

const bin = (name) => path.join("node_modules", ".bin", name);
const steps = [
  ["type-check", bin("tsc"), ["--noEmit"]],
  ["unit + integration", bin("vitest"), ["run"]],
  // the Dockerfile's build in a clean folder, started on PostgreSQL (skipped without DATABASE_URL): alone, it is slow
  ["production build (clean folder)", bin("vitest"), ["run", "server/http/production-build.test.ts"], { KASSA_PRODUCTION_BUILD_TEST: "1" }],
  ["e2e (Playwright, Chromium)", bin("playwright"), ["test"]],
];
for (const [name, cmd, args, env = {}] of steps) {
  console.log(`\n=== ${name}`);
  const r = spawnSync(cmd, args, { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env } });
  if (r.status !== 0) {
    console.error(`\n${name} failed (exit ${r.status ?? r.signal}).`);
    process.exit(r.status || 1);
  }
}
