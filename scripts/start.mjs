#!/usr/bin/env node
// `npm start`: migrate + seed, build when the sources changed since the last build, then serve on PORT (3000).
// `NODE_ENV=production npm start`: migrate (unless KASSA_MIGRATE=0) and serve what `npm run build` made, refusing a
// missing or stale build; it needs no dev dependency.
// `npm run dev`: the same database preparation, then `next dev` (which runs no job worker: see docs/operations.md).
// KASSA_ROLE picks what the server process does (default `all`: pages, REST and the job worker); the roles without
// pages (`api`, `worker`) need no Next.js build.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { constants } from "node:os";
import path from "node:path";
import { buildProblem } from "./lib/build.mjs";

const dev = process.argv.includes("--dev");
const buildOnly = process.argv.includes("--build-only"); // prepare the database and the build, then exit
const production = process.env.NODE_ENV === "production" && !dev;
const port = process.env.PORT || "3000";
const bin = (name) => path.join("node_modules", ".bin", name);

// Every step runs as a child this process waits for without blocking, so a SIGTERM or SIGINT (this is PID 1 in the
// Docker image) reaches whichever child runs now — the migrations, the build or the server — and this process exits
// with the child's code (128 + the signal's number when a signal ended it).
let current = null;
let stopSignal = null;
for (const sig of ["SIGINT", "SIGTERM"]) {
  process.on(sig, () => {
    stopSignal = sig;
    current?.kill(sig);
  });
}
const exitCode = (code, signal) => code ?? (signal ? 128 + (constants.signals[signal] ?? 0) : 0);

function spawnChild(cmd, args, env = process.env) {
  if (stopSignal) return Promise.resolve(exitCode(null, stopSignal)); // asked to stop between two steps: start nothing
  current = spawn(cmd, args, { stdio: "inherit", env });
  return new Promise((resolve) => current.on("exit", (code, signal) => resolve(exitCode(code, signal))));
}

async function run(cmd, args, env = process.env) {
  const code = await spawnChild(cmd, args, env);
  if (code !== 0 || stopSignal) process.exit(code || exitCode(null, stopSignal));
}

if (production) {
  // Serve what `npm run build` made, with production dependencies only; never build here.
  const problem = buildProblem();
  if (problem) {
    console.error(`[kassa] cannot start in production: ${problem}. Run \`npm run build\` first (with the dev dependencies installed), then NODE_ENV=production npm start.`);
    process.exit(1);
  }
  if (process.env.KASSA_MIGRATE !== "0") await run(process.execPath, [path.join(".next", "kassa", "prepare-db.mjs")]);
} else {
  if (!existsSync(path.join("server", "db", "generated", "client.ts"))) await run(process.execPath, ["scripts/prisma-generate.mjs"]);
  await run(bin("tsx"), ["scripts/prepare-db.ts"]);
}

if (dev) {
  process.exit(await spawnChild(bin("next"), ["dev", "-p", port], { LOG_PRETTY: "1", ...process.env }));
} else {
  const { buildServer, serverCommand } = await import("./build-server.mjs");
  if (!production) {
    // the demo builds for itself: all of it when the sources changed (pages needed), else only Kassa's server (cheap)
    const pages = !["api", "worker"].includes(process.env.KASSA_ROLE ?? "");
    if ((pages && buildProblem()) || process.env.KASSA_FORCE_BUILD === "1") await run(process.execPath, ["scripts/build.mjs"]);
    else await buildServer();
  }
  if (buildOnly) process.exit(0);
  // Kassa's server (server/http/main.ts), compiled: the REST dialects straight to their handlers, pages and the rest via
  // Next.js.
  const server = serverCommand({ ...process.env, PORT: port, HOST: process.env.HOST || "0.0.0.0", NEXT_TELEMETRY_DISABLED: "1" });
  process.exit(await spawnChild(server.command, server.args, server.env));
}
