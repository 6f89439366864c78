#!/usr/bin/env node
// The server Playwright starts: `npm start` on a fresh embedded database under .data/e2e, so browser tests never
// depend on (or disturb) the developer's own data or DATABASE_URL.
import { rmSync } from "node:fs";
import { spawn } from "node:child_process";
import path from "node:path";

const dataDir = path.resolve(".data", "e2e");
rmSync(dataDir, { recursive: true, force: true });
const env = { ...process.env, KASSA_DATA_DIR: dataDir, NEXTAUTH_URL: `http://127.0.0.1:${process.env.PORT}` };
delete env.DATABASE_URL;
const child = spawn(process.execPath, ["scripts/start.mjs"], { stdio: "inherit", env });
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code) => process.exit(code ?? 0));
