#!/usr/bin/env node
// The servers Playwright starts, each on a fresh embedded database under .data/ (never the developer's own data or
// DATABASE_URL): the app as `npm start` runs it on E2E_PORT (3100), and a second app instance configured for Stripe
// on E2E_STRIPE_PORT (3101) talking to the local Stripe-compatible server (12111), which delivers signed webhooks to it.
import { rmSync } from "node:fs";
import { spawn, spawnSync } from "node:child_process";
import path from "node:path";
import { serverCommand } from "./build-server.mjs";

const port = process.env.PORT || "3100";
const stripePort = process.env.E2E_STRIPE_PORT || "3101";
const stripeApiPort = process.env.E2E_STRIPE_API_PORT || "12111";
// access lines (info) would bury the test output: warnings and errors only, unless LOG_LEVEL says otherwise
const base = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", LOG_LEVEL: process.env.LOG_LEVEL || "warn" };
delete base.DATABASE_URL;

// webhooks to the test's own receivers on loopback, retried after about a second instead of thirty
const plain = { ...base, KASSA_DATA_DIR: path.resolve(".data", "e2e"), NEXTAUTH_URL: `http://127.0.0.1:${port}`, PORT: port, KASSA_WEBHOOK_ALLOW_PRIVATE: "1", KASSA_WEBHOOK_RETRY_BASE_MS: "1000" };
const stripe = {
  ...base,
  KASSA_DATA_DIR: path.resolve(".data", "e2e-stripe"),
  NEXTAUTH_URL: `http://127.0.0.1:${stripePort}`,
  PORT: stripePort,
  STRIPE_SECRET_KEY: "sk_test_e2e",
  STRIPE_PUBLISHABLE_KEY: "pk_test_e2e",
  STRIPE_WEBHOOK_SECRET: "whsec_e2e",
  STRIPE_API_BASE: `http://127.0.0.1:${stripeApiPort}`,
};
for (const env of [plain, stripe]) rmSync(env.KASSA_DATA_DIR, { recursive: true, force: true });

function must(cmd, args, env) {
  const r = spawnSync(cmd, args, { stdio: "inherit", env });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
must(process.execPath, ["scripts/start.mjs", "--build-only"], plain); // migrate + seed + build, server compiled (once)
must(path.join("node_modules", ".bin", "tsx"), ["scripts/prepare-db.ts"], stripe);

const children = [
  spawn(path.join("node_modules", ".bin", "tsx"), ["scripts/stripe-local/cli.ts", "--port", stripeApiPort], {
    stdio: "inherit",
    env: { ...base, STRIPE_LOCAL_WEBHOOK_URL: `http://127.0.0.1:${stripePort}/api/webhooks/stripe`, STRIPE_WEBHOOK_SECRET: stripe.STRIPE_WEBHOOK_SECRET },
  }),
  // as `npm start` serves: Kassa's server (REST direct, pages via Next.js)
  ...[stripe, plain].map((env) => {
    const server = serverCommand({ ...env, HOST: "127.0.0.1" });
    return spawn(server.command, server.args, { stdio: "inherit", env: server.env });
  }),
];
const stop = (sig) => children.forEach((c) => c.kill(sig));
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => stop(sig));
for (const c of children) c.on("exit", (code) => { stop("SIGTERM"); process.exit(code ?? 0); });
