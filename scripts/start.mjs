#!/usr/bin/env node
// `npm start`: migrate + seed, build when the sources changed since the last build, then serve on PORT (3000).
// `NODE_ENV=production npm start`: migrate (unless KASSA_MIGRATE=0) and serve what `npm run build` made, refusing a
// missing or stale build; it needs no dev dependency.
// `npm run dev`: the same database preparation, then `next dev` (which runs no job worker: see docs/operations.md).
// KASSA_ROLE picks what the server process does (default `all`: pages, REST and the job worker); the roles without
// pages (`api`, `worker`) need no Next.js build.
import { spawnSync, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { buildProblem } from "./lib/build.mjs";

const dev = process.argv.includes("--dev");
const buildOnly = process.argv.includes("--build-only"); // prepare the database and the build, then exit
const production = process.env.NODE_ENV === "production" && !dev;
const port = process.env.PORT || "3000";
const bin = (name) => path.join("node_modules", ".bin", name);

function run(cmd, args, env = process.env) {
  const r = spawnSync(cmd, args, { stdio: "inherit", env });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

if (production) {
  // Serve what `npm run build` made, with production dependencies only; never build here.
  const problem = buildProblem();
  if (problem) {
    console.error(`[kassa] cannot start in production: ${problem}. Run \`npm run build\` first (with the dev dependencies installed), then NODE_ENV=production npm start.`);
    process.exit(1);
  }
  if (process.env.KASSA_MIGRATE !== "0") run(process.execPath, [path.join(".next", "kassa", "prepare-db.mjs")]);
} else {
  if (!existsSync(path.join("server", "db", "generated", "client.ts"))) run(process.execPath, ["scripts/prisma-generate.mjs"]);
  run(bin("tsx"), ["scripts/prepare-db.ts"]);
}

if (dev) {
  const child = spawn(bin("next"), ["dev", "-p", port], { stdio: "inherit", env: { LOG_PRETTY: "1", ...process.env } });
  child.on("exit", (code) => process.exit(code ?? 0));
} else {
  const { buildServer, serverCommand } = await import("./build-server.mjs");
  if (!production) {
    // the demo builds for itself: all of it when the sources changed (pages needed), else only Kassa's server (cheap)
    const pages = !["api", "worker"].includes(process.env.KASSA_ROLE ?? "");
    if ((pages && buildProblem()) || process.env.KASSA_FORCE_BUILD === "1") run(process.execPath, ["scripts/build.mjs"]);
    else await buildServer();
  }
  if (buildOnly) process.exit(0);
  // Kassa's server (server/http/main.ts), compiled: the REST dialects straight to their handlers, pages and the rest via
  // Next.js.
  const server = serverCommand({ ...process.env, PORT: port, HOST: process.env.HOST || "0.0.0.0", NEXT_TELEMETRY_DISABLED: "1" });
  const child = spawn(server.command, server.args, { stdio: "inherit", env: server.env });
  for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 128 : 0)));
}
