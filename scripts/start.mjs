#!/usr/bin/env node
// `npm start`: migrate + seed, build when the sources changed since the last build, then serve on PORT (3000).
// `npm run dev`: the same database preparation, then `next dev` (which runs no job worker: see docs/operations.md).
// KASSA_ROLE picks what the server process does (default `all`: pages, REST and the job worker); the roles without
// pages (`api`, `worker`) need no Next.js build.
import { spawnSync, spawn } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

const dev = process.argv.includes("--dev");
const buildOnly = process.argv.includes("--build-only"); // prepare the database and the build, then exit
const port = process.env.PORT || "3000";
const bin = (name) => path.join("node_modules", ".bin", name);

function run(cmd, args, env = process.env) {
  const r = spawnSync(cmd, args, { stdio: "inherit", env });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

function newestMtime(dir) {
  let newest = 0;
  if (!existsSync(dir)) return 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name === "node_modules" || entry.name === "generated" || entry.name.startsWith(".")) continue;
      newest = Math.max(newest, newestMtime(p));
    } else newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

function buildIsStale() {
  const id = path.join(".next", "BUILD_ID");
  if (!existsSync(id)) return true;
  const built = statSync(id).mtimeMs;
  const sources = ["app", "server", "components", "prisma", "next.config.js", "package.json", "tsconfig.json"];
  return sources.some((s) => (existsSync(s) && statSync(s).isDirectory() ? newestMtime(s) : existsSync(s) ? statSync(s).mtimeMs : 0) > built);
}

if (!existsSync(path.join("server", "db", "generated", "client.ts"))) run(process.execPath, ["scripts/prisma-generate.mjs"]);
run(bin("tsx"), ["scripts/prepare-db.ts"]);

if (dev) {
  const child = spawn(bin("next"), ["dev", "-p", port], { stdio: "inherit" });
  child.on("exit", (code) => process.exit(code ?? 0));
} else {
  const pages = !["api", "worker"].includes(process.env.KASSA_ROLE ?? "");
  if ((pages && buildIsStale()) || process.env.KASSA_FORCE_BUILD === "1") run(bin("next"), ["build"], { ...process.env, NEXT_TELEMETRY_DISABLED: "1" });
  // Kassa's server (server/http/main.ts), compiled: the REST dialects straight to their handlers, pages and the rest via
  // Next.js.
  const { buildServer, serverCommand } = await import("./build-server.mjs");
  await buildServer();
  if (buildOnly) process.exit(0);
  const server = serverCommand({ ...process.env, PORT: port, HOST: process.env.HOST || "0.0.0.0", NEXT_TELEMETRY_DISABLED: "1" });
  const child = spawn(server.command, server.args, { stdio: "inherit", env: server.env });
  for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
  child.on("exit", (code) => process.exit(code ?? 0));
}
