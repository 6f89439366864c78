// Real Kassa server processes for tests: the compiled bundle (scripts/build-server.mjs, run as production runs it),
// loopback ports, start / health wait / kill, and scratch PostgreSQL databases of their own. Shared by the process
// tests (server/http/*-role, outbox-kill, multi-process).
import { spawn, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import pg from "pg";
import { buildServer, serverCommand } from "../../scripts/build-server.mjs";
import { migrate } from "../../scripts/lib/migrate";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A loopback port nobody listens on right now (the OS picks it). */
export async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", () => r()));
  const { port } = srv.address() as { port: number };
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

/**
 * The server compiled to a bundle of this test's own (inside the project, so its packages resolve from node_modules as
 * they do for .next/kassa/server.mjs); `remove()` deletes it.
 */
export async function buildTestServer(tag: string): Promise<{ bundle: string; remove(): void }> {
  const bundle = await buildServer(path.resolve(".next", "kassa", `server.${tag}-${process.pid}.mjs`));
  return { bundle, remove: () => rmSync(bundle, { force: true }) };
}

export type ServerProcess = {
  child: ChildProcess;
  port: number;
  /** http://127.0.0.1:port */
  base: string;
  /** resolves with the exit code (null when killed by a signal) */
  exited: Promise<number | null>;
};

/**
 * Start the bundle as production does (serverCommand's node flags) on 127.0.0.1:`port` with `env` on top of this
 * process's environment (a key set to undefined is removed, e.g. `DATABASE_URL: undefined` for the embedded database).
 * Its stdout is dropped, stderr shown.
 */
export function startServer(bundle: string, port: number, env: Record<string, string | undefined>): ServerProcess {
  const merged: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: "127.0.0.1", NODE_ENV: "production", ...env };
  for (const [k, v] of Object.entries(merged)) if (v === undefined) delete merged[k];
  const cmd = serverCommand(merged);
  const child = spawn(cmd.command, [...cmd.args.slice(0, -1), bundle], { env: cmd.env, stdio: ["ignore", "ignore", "inherit"] });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, port, base: `http://127.0.0.1:${port}`, exited };
}

/** Wait until `base`/api/health answers 200 (up to a minute: on a loaded 2-core CI machine a start can be slow). */
export async function waitForHealth(base: string, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await fetch(`${base}/api/health`).then((r) => r.ok).catch(() => false)) return;
    await sleep(200);
  }
  throw new Error(`server at ${base} did not start`);
}

/** A fresh PostgreSQL database next to `baseUrl`'s, migrated; `drop()` removes it (connections and all). */
export async function scratchPostgres(baseUrl: string, tag: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `kassa_${tag}_${Date.now().toString(36)}_${process.pid}`;
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: baseUrl });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await admin(`CREATE DATABASE "${name}"`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  await migrate({ url: url.toString() });
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}
