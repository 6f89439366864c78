#!/usr/bin/env node
// Compiles Kassa's server (server/http/main.ts and what it imports from server/) into one ES module with esbuild, so
// production runs plain `node` instead of transpiling TypeScript at run time: tsx's loader lives in a second V8 isolate
// (Node's off-thread module hooks) and kept ~120 MB resident. Packages stay external and load from node_modules.
// Takes well under a second; `npm start` and the e2e servers run it every time they start.
import { build } from "esbuild";
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const serverBundle = path.join(root, ".next", "kassa", "server.mjs");
/** The OpenTelemetry preload (server/telemetry/preload.ts), one per checkout whatever `outfile` the server goes to. */
export const tracingBundle = path.join(root, ".next", "kassa", "tracing.mjs");

/** esbuild's options for one of Kassa's run-time modules: one ES module for Node 20, packages left in node_modules. */
export function bundleOptions(entry, outfile) {
  return {
    absWorkingDir: root,
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    tsconfig: "tsconfig.json",
    logLevel: "warning",
  };
}

/** Bundle the server to `outfile` (default .next/kassa/server.mjs) and the tracing preload; returns the server's path. */
export async function buildServer(outfile = serverBundle) {
  await Promise.all([buildTracing(), build(bundleOptions("server/http/main.ts", outfile))]);
  return outfile;
}

/**
 * Bundle server/telemetry/preload.ts to .next/kassa/tracing.mjs (packages external, like the server). Written to a
 * temporary file and renamed into place, so a process starting with `--import` while another build (a parallel test
 * file) rewrites it never reads half a file.
 */
async function buildTracing() {
  const result = await build({ ...bundleOptions("server/telemetry/preload.ts", tracingBundle), write: false });
  const tmp = `${tracingBundle}.${process.pid}.${Date.now()}.tmp`;
  mkdirSync(path.dirname(tracingBundle), { recursive: true });
  writeFileSync(tmp, result.outputFiles[0].contents);
  renameSync(tmp, tracingBundle);
}

/** Tracing is on when an OTLP endpoint is configured (the standard variables) and the SDK not disabled. */
export function tracingEnabled(env = process.env) {
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) && env.OTEL_SDK_DISABLED !== "true";
}

/**
 * How production runs the compiled server: plain node with a bounded heap. Measured under the bench's load, V8 left to
 * its defaults grows the old space to ~150 MB and the process to ~400 MB of RSS although ~60 MB is live; a 192 MB
 * old-space limit, 8 MB semi-spaces and two malloc arenas keep it near 260 MB at the same throughput. Each can be
 * overridden: flags given in NODE_OPTIONS win, and so does MALLOC_ARENA_MAX from the environment.
 * With OTEL_EXPORTER_OTLP_ENDPOINT set, `--import` loads the tracing preload first (docs/operations.md, "Tracing").
 * `bundle`: a server compiled elsewhere by buildServer (tests).
 */
export function serverCommand(env = process.env, extraNodeArgs = [], bundle = serverBundle) {
  const given = env.NODE_OPTIONS ?? "";
  const flags = [
    ...(given.includes("--max-old-space-size") ? [] : ["--max-old-space-size=192"]),
    ...(given.includes("--max-semi-space-size") ? [] : ["--max-semi-space-size=8"]),
  ];
  return {
    command: process.execPath,
    args: [...flags, ...(tracingEnabled(env) ? ["--import", pathToFileURL(tracingBundle).href] : []), ...extraNodeArgs, bundle],
    env: { MALLOC_ARENA_MAX: "2", ...env },
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(`server compiled to ${path.relative(process.cwd(), await buildServer(process.argv[2]))}`);
}
