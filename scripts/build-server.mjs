#!/usr/bin/env node
// Compiles Kassa's server (server/http/main.ts and what it imports from server/) into one ES module with esbuild, so
// production runs plain `node` instead of transpiling TypeScript at run time: tsx's loader lives in a second V8 isolate
// (Node's off-thread module hooks) and kept ~120 MB resident. Packages stay external and load from node_modules.
// Takes well under a second; `npm start` and the e2e servers run it every time they start.
import { build } from "esbuild";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const serverBundle = path.join(root, ".next", "kassa", "server.mjs");

/** Bundle the server to `outfile` (default .next/kassa/server.mjs); returns the path. */
export async function buildServer(outfile = serverBundle) {
  await build({
    absWorkingDir: root,
    entryPoints: ["server/http/main.ts"],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    tsconfig: "tsconfig.json",
    logLevel: "warning",
  });
  return outfile;
}

/**
 * How production runs the compiled server: plain node with a bounded heap. Measured under the bench's load, V8 left to
 * its defaults grows the old space to ~150 MB and the process to ~400 MB of RSS although ~60 MB is live; a 192 MB
 * old-space limit, 8 MB semi-spaces and two malloc arenas keep it near 260 MB at the same throughput. Each can be
 * overridden: flags given in NODE_OPTIONS win, and so does MALLOC_ARENA_MAX from the environment.
 */
export function serverCommand(env = process.env, extraNodeArgs = []) {
  const given = env.NODE_OPTIONS ?? "";
  const flags = [
    ...(given.includes("--max-old-space-size") ? [] : ["--max-old-space-size=192"]),
    ...(given.includes("--max-semi-space-size") ? [] : ["--max-semi-space-size=8"]),
  ];
  return {
    command: process.execPath,
    args: [...flags, ...extraNodeArgs, serverBundle],
    env: { MALLOC_ARENA_MAX: "2", ...env },
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(`server compiled to ${path.relative(process.cwd(), await buildServer(process.argv[2]))}`);
}
