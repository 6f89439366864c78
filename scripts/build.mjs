#!/usr/bin/env node
// `npm run build`: everything production serves, built once (needs the dev dependencies; `npm prune --omit=dev`
// afterwards is fine): the Prisma client, Next.js, Kassa's server and its database preparation (migrations, demo seed,
// first owner) compiled to plain ES modules under .next/kassa/, then the stamp `NODE_ENV=production npm start` checks.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { build } from "esbuild";
import { buildServer, bundleOptions } from "./build-server.mjs";
import { prepareBundle, root, sourceHash, writeStamp } from "./lib/build.mjs";

function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: "inherit", cwd: root, env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const hash = sourceHash(); // before building: an edit made while the build runs leaves the build stale, not falsely fresh
run(process.execPath, ["scripts/prisma-generate.mjs"]);
run(process.execPath, [path.join("node_modules", "next", "dist", "bin", "next"), "build"]);
await buildServer();
await buildPrepare();
writeStamp(hash);
console.log("Kassa built: start it with NODE_ENV=production npm start");

/** scripts/prepare-db.ts as one module that runs on plain node with production dependencies only. */
async function buildPrepare() {
  await build(bundleOptions("scripts/prepare-db.ts", prepareBundle));
}
