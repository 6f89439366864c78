// The production build, as the Dockerfile makes it, in a clean folder: the project's files (what `COPY . .` takes,
// .dockerignore applied), then the build stage's RUN steps read from the Dockerfile (install with dev dependencies,
// `npm run build`, `npm prune --omit=dev`), then the final stage's ENV and CMD on a scratch PostgreSQL database. No
// image can be built on our machines (no Docker engine): this runs the same steps without one.
// The start must need no dev dependency: npm keeps a few as peers of production packages (prisma, typescript), so they
// are moved away before the start. A stale build is refused, never rebuilt. compose.yaml is parsed and its references
// checked.
// Slow (an install and a build, ~3 minutes): `npm test` runs it as a step of its own after the other suites
// (scripts/test.mjs), so it does not compete with them for the machine's two cores.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { appendFileSync, cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { freePort, scratchPostgres } from "../test/processes";

const runUrl = inject("postgresUrl");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Stage = { name?: string; from: string; args: Record<string, string>; env: Record<string, string>; run: string[]; cmd?: string[]; user?: string; healthcheck?: string };

/** The Dockerfile's stages: FROM, ARG defaults, ENV, RUN (continuations joined), USER, HEALTHCHECK and CMD (JSON form). */
export function parseDockerfile(text: string): Stage[] {
  const lines = text.replace(/\\\n\s*/g, "").split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
  const stages: Stage[] = [];
  for (const line of lines) {
    const [, op, rest] = line.match(/^(\w+)\s+(.*)$/) ?? [];
    const stage = stages.at(-1);
    switch (op) {
      case "FROM": {
        const m = rest!.match(/^(\S+)(?:\s+AS\s+(\S+))?$/i)!;
        stages.push({ from: m[1]!, name: m[2], args: {}, env: {}, run: [] });
        break;
      }
      case "ARG": {
        const m = rest!.match(/^(\w+)(?:=(?:"(.*)"|(\S*)))?$/)!;
        stage!.args[m[1]!] = m[2] ?? m[3] ?? "";
        break;
      }
      case "ENV":
        for (const [, k, v] of rest!.matchAll(/(\w+)=("[^"]*"|\S+)/g)) stage!.env[k!] = v!.replace(/^"|"$/g, "");
        break;
      case "RUN":
        stage!.run.push(rest!.replace(/\$\{(\w+)\}|\$(\w+)/g, (_, a, b) => stage!.args[a ?? b] ?? ""));
        break;
      case "CMD":
        stage!.cmd = JSON.parse(rest!);
        break;
      case "USER":
        stage!.user = rest;
        break;
      case "HEALTHCHECK":
        stage!.healthcheck = rest;
        break;
    }
  }
  return stages;
}

/** The files `COPY . .` sends: the project's (tracked or new, not git-ignored) minus .dockerignore's entries. */
function buildContext(): string[] {
  const ignored = readFileSync(".dockerignore", "utf8").split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
  const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { encoding: "utf8" }).split("\0").filter(Boolean);
  const hit = (f: string) => ignored.some((p) => (p.startsWith("*.") ? f.endsWith(p.slice(1)) : f === p || f.startsWith(`${p}/`)));
  return files.filter((f) => existsSync(f) && !hit(f));
}

describe("the Dockerfile and compose.yaml", () => {
  const stages = parseDockerfile(readFileSync("Dockerfile", "utf8"));

  it("builds in a stage of its own and runs as an unprivileged user with a readiness healthcheck", () => {
    expect(stages.map((s) => s.name ?? "final")).toEqual(["build", "final"]);
    expect(stages[0]!.run.map((r) => r.split(" ").slice(0, 3).join(" "))).toEqual(["npm install --no-audit", "npm run build", "npm prune --omit=dev", "rm -rf .next/cache"]);
    const final = stages[1]!;
    expect(final.run).toEqual([]); // nothing is built in the image that runs
    expect(final.env.NODE_ENV).toBe("production");
    expect(final.user).toBe("node");
    expect(final.healthcheck).toContain("/api/health/ready");
    expect(final.cmd).toEqual(["node", "scripts/start.mjs"]);
  });

  it("compose.yaml: PostgreSQL, two web processes behind a proxy, one worker; every reference resolves", () => {
    const doc = parseYaml(readFileSync("compose.yaml", "utf8"), { merge: true }) as {
      services: Record<string, { environment?: Record<string, string>; depends_on?: string[] | Record<string, unknown>; volumes?: string[]; command?: string[]; image?: string; healthcheck?: unknown; stop_grace_period?: string; env_file?: unknown[] }>;
      volumes: Record<string, unknown>;
    };
    const services = doc.services;
    expect(Object.keys(services).sort()).toEqual(["migrate", "postgres", "proxy", "web1", "web2", "worker"]);
    expect([services.web1!.environment!.KASSA_ROLE, services.web2!.environment!.KASSA_ROLE, services.worker!.environment!.KASSA_ROLE]).toEqual(["web", "web", "worker"]);
    for (const [name, s] of Object.entries(services)) {
      const deps = Array.isArray(s.depends_on) ? s.depends_on : Object.keys(s.depends_on ?? {});
      for (const d of deps) expect(Object.keys(services), `${name} depends on ${d}`).toContain(d);
      for (const v of s.volumes ?? []) {
        const source = v.split(":")[0]!;
        if (source.startsWith(".")) expect(existsSync(source), `${name} mounts ${source}`).toBe(true);
        else expect(Object.keys(doc.volumes), `${name} mounts volume ${source}`).toContain(source);
      }
      if (name.startsWith("web") || name === "worker" || name === "migrate") {
        expect(s.environment!.DATABASE_URL, name).toMatch(/@postgres:5432\//);
        expect(s.environment!.NEXTAUTH_SECRET, name).toMatch(/^\$\{NEXTAUTH_SECRET:\?/);
        expect(s.env_file, name).toHaveLength(1); // the rest of the settings (Stripe, SMTP, the first owner)
      }
      if (name.startsWith("web") || name === "worker") {
        // the graceful stop fits in the grace period: the drain delay plus the requests' deadline, with room
        const grace = Number(s.stop_grace_period!.replace(/s$/, "")) * 1000;
        const needed = Number(s.environment!.KASSA_SHUTDOWN_DELAY_MS ?? 0) + Number(s.environment!.KASSA_SHUTDOWN_TIMEOUT_MS ?? 10_000);
        expect(grace, name).toBeGreaterThan(needed + 5_000);
      }
    }
    expect(services.postgres!.healthcheck).toBeTruthy();
    expect(services.migrate!.command).toEqual(["node", ".next/kassa/prepare-db.mjs"]);
    // the proxy sends traffic to both web processes and watches their readiness
    const caddy = readFileSync("deploy/Caddyfile", "utf8");
    expect(caddy).toMatch(/reverse_proxy web1:3000 web2:3000/);
    expect(caddy).toMatch(/health_uri \/api\/health\/ready/);
  });
});

// npm test runs this step on its own (KASSA_PRODUCTION_BUILD_TEST=1, scripts/test.mjs); it needs PostgreSQL
describe.skipIf(!runUrl || process.env.KASSA_PRODUCTION_BUILD_TEST !== "1")("a production build in a clean folder, started on PostgreSQL", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "kassa-prod-"));
  let db: Awaited<ReturnType<typeof scratchPostgres>> | undefined;
  afterAll(async () => {
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  function sh(command: string, env: Record<string, string> = {}) {
    const merged: Record<string, string | undefined> = { ...process.env, ...env };
    delete merged.DATABASE_URL; // the build needs no database
    delete merged.NODE_ENV; // the build stage installs the dev dependencies
    const r = spawnSync("sh", ["-c", command], { cwd: dir, env: merged as NodeJS.ProcessEnv, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    expect(r.status, `${command}\n${r.stdout.slice(-3000)}\n${r.stderr.slice(-3000)}`).toBe(0);
    return r.stdout;
  }

  it("builds with the Dockerfile's steps, needs no dev dependency to start, serves pages and REST, and refuses a stale build", async () => {
    const [build, final] = parseDockerfile(readFileSync("Dockerfile", "utf8"));
    for (const f of buildContext()) cpSync(f, path.join(dir, f), { recursive: true });
    for (const step of build!.run) sh(step, build!.env);

    expect(existsSync(path.join(dir, "node_modules", "vitest"))).toBe(false); // pruned
    // what npm kept of the dev dependencies (peers of production packages) goes away: the start must not need it
    const pkg = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as { devDependencies: Record<string, string> };
    for (const name of Object.keys(pkg.devDependencies)) {
      const at = path.join(dir, "node_modules", name);
      if (existsSync(at)) renameSync(at, `${at}.moved-away`);
    }

    db = await scratchPostgres(runUrl, "prodbuild");
    const port = await freePort();
    const env = { ...process.env, ...final!.env, PORT: String(port), HOST: "127.0.0.1", DATABASE_URL: db.url, KASSA_SEED_DEMO: "1", NEXTAUTH_SECRET: "production-build-test-secret", NEXTAUTH_URL: `http://127.0.0.1:${port}` };
    const child = spawn(final!.cmd![0]!, final!.cmd!.slice(1), { cwd: dir, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
    try {
      const base = `http://127.0.0.1:${port}`;
      const until = Date.now() + 90_000;
      while (!(await fetch(`${base}/api/health/ready`).then((r) => r.ok).catch(() => false))) {
        expect(child.exitCode, output).toBeNull();
        expect(Date.now() < until, `not ready in 90 s:\n${output}`).toBe(true);
        await sleep(250);
      }
      const ready = await fetch(`${base}/api/health/ready`);
      expect(await ready.json()).toEqual({ status: "ok", database: "ok", migrations: "ok", worker: "ok" });
      const page = await fetch(`${base}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain("</html>");
      const regions = await fetch(`${base}/store/regions`, { headers: { "x-publishable-api-key": "pk_kassa_demo" } });
      expect(regions.status).toBe(200);
      expect(((await regions.json()) as { regions: unknown[] }).regions.length).toBeGreaterThan(0);
      // one JSON access-log line per request
      const logged = () => output.split("\n").some((l) => l.startsWith("{") && JSON.parse(l).route === "/store/regions" && JSON.parse(l).status === 200);
      for (let i = 0; i < 40 && !logged(); i++) await sleep(50); // written when the response has closed
      expect(logged(), output.slice(-2000)).toBe(true);
    } finally {
      child.kill("SIGTERM");
    }
    expect(await exited).toBe(0);

    // an edited source makes the build stale: production refuses to start (and does not build)
    appendFileSync(path.join(dir, "server", "env.ts"), "\n// edited after the build\n");
    const stale = spawnSync(final!.cmd![0]!, final!.cmd!.slice(1), { cwd: dir, env, encoding: "utf8", timeout: 60_000 });
    expect(stale.status).toBe(1);
    expect(stale.stderr).toContain("cannot start in production: the sources changed since the build");
  }, 900_000);
});
