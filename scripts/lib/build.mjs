// The production build and the check that it matches the sources. `npm run build` (scripts/build.mjs) writes
// .next/kassa/build.json with a SHA-256 over every source file that goes into the build; `NODE_ENV=production npm start`
// refuses to serve when that stamp is missing or the sources hash differently (it never builds), and the demo's
// `npm start` rebuilds in that case. Content, not file times: an image layer or a fresh clone gives every file a new
// time, and a rebuild must not hinge on that.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const kassaBuildDir = path.join(root, ".next", "kassa");
export const stampPath = path.join(kassaBuildDir, "build.json");
export const prepareBundle = path.join(kassaBuildDir, "prepare-db.mjs");

// what the build reads: a change anywhere here makes the build stale (tests and generated code do not count)
const SOURCES = [
  "app", "components", "server", "prisma", "public", "types", "scripts/prepare-db.ts", "scripts/lib", "scripts/build.mjs", "scripts/build-server.mjs",
  "next.config.js", "package.json", "tsconfig.json", "prisma.config.ts", // (not package-lock.json: npm prune rewrites it)
];
const skip = (rel) => /(^|\/)(node_modules|generated|\.[^/]+)(\/|$)/.test(rel) || /\.test\.tsx?$/.test(rel) || rel.startsWith("server/test/");

function files(rel, out) {
  const abs = path.join(root, rel);
  if (!existsSync(abs) || skip(rel)) return out;
  if (statSync(abs).isDirectory()) for (const name of readdirSync(abs).sort()) files(path.posix.join(rel, name), out);
  else out.push(rel);
  return out;
}

/** SHA-256 over the build's sources (paths and contents, in a fixed order). */
export function sourceHash() {
  const h = createHash("sha256");
  for (const rel of SOURCES.flatMap((s) => files(s, []))) h.update(rel).update("\0").update(readFileSync(path.join(root, rel))).update("\0");
  return h.digest("hex");
}

export function writeStamp(hash = sourceHash()) {
  mkdirSync(kassaBuildDir, { recursive: true });
  const nextBuildId = readFileSync(path.join(root, ".next", "BUILD_ID"), "utf8").trim();
  writeFileSync(stampPath, JSON.stringify({ sources: hash, nextBuildId, builtAt: new Date().toISOString() }, null, 2) + "\n");
}

/** Why the build cannot be served as it is (null when it can). */
export function buildProblem() {
  if (!existsSync(stampPath)) return "there is no production build (.next/kassa/build.json is missing)";
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(stampPath, "utf8"));
  } catch {
    return "the build stamp .next/kassa/build.json is unreadable";
  }
  const idFile = path.join(root, ".next", "BUILD_ID");
  if (!existsSync(idFile) || readFileSync(idFile, "utf8").trim() !== stamp.nextBuildId) return "the Next.js build in .next/ is not the one the stamp describes";
  for (const f of [path.join(kassaBuildDir, "server.mjs"), prepareBundle]) if (!existsSync(f)) return `${path.relative(root, f)} is missing`;
  if (stamp.sources !== sourceHash()) return "the sources changed since the build";
  return null;
}
