// OpenTelemetry tracing (server/telemetry/, docs/operations.md "Tracing"): off unless OTEL_EXPORTER_OTLP_ENDPOINT is
// set, then the compiled server, started as production starts it (serverCommand's `--import` of the preload), sends one
// trace per request to an OTLP/HTTP collector (a small receiver here) with the database work as its descendants: Prisma's
// spans on both databases, and on PostgreSQL pg's own query spans too (pg is a CommonJS package the server reaches
// through an ES module import: this is what shows it is instrumented). Also: the sampler that keeps background database
// work out, the preload's loader hook (node:http reached by ES imports alone), and the flush at exit.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, existsSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { seed } from "../../prisma/seed";
import { serverCommand, serverBundle, tracingBundle } from "../../scripts/build-server.mjs";
import { ROOT_CONTEXT, SpanKind, trace, TraceFlags } from "@opentelemetry/api";
import { openDatabase } from "../db";
import { KassaSampler, samplerFromEnv } from "../telemetry/sampler";
import { flushTelemetry, TELEMETRY_KEY } from "../telemetry/flush";
import { buildTestServer, freePort, scratchPostgres, startServer, waitForHealth, type ServerProcess } from "../test/processes";

const runUrl = inject("postgresUrl");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("tracing is off unless an OTLP endpoint is configured", () => {
  it("adds --import of the preload only with OTEL_EXPORTER_OTLP_ENDPOINT (or the traces endpoint), never when disabled", () => {
    const command = (env: Record<string, string>) => serverCommand(env as NodeJS.ProcessEnv);
    const imports = (env: Record<string, string>) => command(env).args.filter((a) => a === "--import" || a.includes("tracing"));
    expect(imports({})).toEqual([]);
    expect(imports({ OTEL_SERVICE_NAME: "kassa", OTEL_EXPORTER_OTLP_ENDPOINT: "" })).toEqual([]);
    expect(imports({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318", OTEL_SDK_DISABLED: "true" })).toEqual([]);
    const on = command({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318" });
    expect(on.args.slice(-3)).toEqual(["--import", pathToFileURL(tracingBundle).href, serverBundle]); // before the app
    expect(imports({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "http://collector:4318/v1/traces" })).toEqual(["--import", pathToFileURL(tracingBundle).href]);
    expect(on.args).toContain("--max-old-space-size=192"); // the memory flags stay
  });
});

describe("the sampler", () => {
  const traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
  const parent = trace.setSpanContext(ROOT_CONTEXT, { traceId, spanId: "00f067aa0ba902b7", traceFlags: TraceFlags.SAMPLED, isRemote: false });
  const sampled = (sampler: KassaSampler, context: typeof ROOT_CONTEXT, name: string, kind: SpanKind, attrs = {}) =>
    sampler.shouldSample(context, traceId, name, kind, attrs, []).decision === 2; // RECORD_AND_SAMPLED

  it("drops database spans with no parent (the job worker's polling), keeps them under a request, keeps requests", () => {
    const s = new KassaSampler();
    expect(sampled(s, ROOT_CONTEXT, "prisma:client:operation", SpanKind.INTERNAL)).toBe(false);
    expect(sampled(s, ROOT_CONTEXT, "pg.query:SELECT kassa", SpanKind.CLIENT, { "db.system.name": "postgresql" })).toBe(false);
    expect(sampled(s, ROOT_CONTEXT, "GET", SpanKind.SERVER)).toBe(true);
    expect(sampled(s, ROOT_CONTEXT, "POST", SpanKind.CLIENT)).toBe(true); // a provider call from a job: its own trace
    expect(sampled(s, parent, "prisma:client:operation", SpanKind.INTERNAL)).toBe(true);
    expect(sampled(s, parent, "pg.query:SELECT kassa", SpanKind.CLIENT, { "db.system.name": "postgresql" })).toBe(true);
  });

  it("otherwise follows OTEL_TRACES_SAMPLER", () => {
    const off = new KassaSampler(samplerFromEnv({ OTEL_TRACES_SAMPLER: "always_off" }));
    expect(sampled(off, ROOT_CONTEXT, "GET", SpanKind.SERVER)).toBe(false);
    const none = new KassaSampler(samplerFromEnv({ OTEL_TRACES_SAMPLER: "parentbased_traceidratio", OTEL_TRACES_SAMPLER_ARG: "0" }));
    expect(sampled(none, ROOT_CONTEXT, "GET", SpanKind.SERVER)).toBe(false);
    expect(sampled(none, parent, "GET", SpanKind.SERVER)).toBe(true); // a sampled caller's trace is continued
  });
});

describe("the preload in a process of plain ES modules", () => {
  const root = path.dirname(path.dirname(path.dirname(tracingBundle))); // the project: packages resolve from node_modules
  let built: Awaited<ReturnType<typeof buildTestServer>> | undefined;
  let receiver: Awaited<ReturnType<typeof otlpReceiver>> | undefined;
  beforeAll(async () => {
    [built, receiver] = await Promise.all([buildTestServer("tracing-preload"), otlpReceiver()]); // also compiles the preload
  });
  afterAll(() => {
    receiver?.close();
    built?.remove();
  });
  /** `node --import tracing.mjs` running `code` as an ES module; the spans it exported. */
  async function run(code: string, env: Record<string, string> = {}): Promise<Span[]> {
    const before = receiver!.spans.length;
    const child = spawn(process.execPath, ["--import", pathToFileURL(tracingBundle).href, "--input-type=module", "-e", code], {
      cwd: root, env: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: receiver!.url, ...env }, stdio: ["ignore", "ignore", "inherit"],
    });
    expect(await new Promise((r) => child.on("exit", r))).toBe(0);
    await sleep(200);
    return receiver!.spans.slice(before);
  }

  it("traces node:http reached by ES imports alone (the loader hook): SERVER span, CLIENT span under it, traceparent sent", async () => {
    // what the server does (`import { createServer } from "node:http"`) and what the Stripe SDK and the webhook delivery
    // do (`http.request` on the default import), with no CommonJS package requiring http to patch it by chance
    let traceparent: string | string[] | undefined;
    const target = createServer((req, res) => void ((traceparent = req.headers.traceparent), res.end("ok")));
    await new Promise<void>((r) => target.listen(0, "127.0.0.1", () => r()));
    try {
      const spans = await run(`import { createServer } from "node:http"; import http from "node:http";
        const s = createServer((req, res) => http.request("http://127.0.0.1:${(target.address() as AddressInfo).port}/hook", (r) => { r.resume(); r.on("end", () => res.end("hi")); }).end());
        s.listen(0, "127.0.0.1", async () => {
          await (await fetch("http://127.0.0.1:" + s.address().port + "/pay")).text();
          await globalThis[Symbol.for("kassa.telemetry")].shutdown(); process.exit(0);
        });`);
      const server = spans.find((s) => s.kind === SERVER && s.attrs["url.path"] === "/pay");
      const client = spans.find((s) => s.kind === CLIENT && String(s.attrs["url.full"]).endsWith("/hook"));
      expect(server).toBeDefined();
      expect(client?.parentSpanId).toBe(server!.spanId);
      expect(traceparent).toBe(`00-${server!.traceId}-${client!.spanId}-01`);
    } finally {
      target.close();
    }
  });

  it("leaves a handle that exports the spans still queued; flushTelemetry() uses it, bounded in time", async () => {
    // a span queued for a batch a minute away, then exit at once: only the flush sends it
    const code = (flush: boolean) => `const { trace } = await import("@opentelemetry/api"); trace.getTracer("t").startSpan("queued").end();
      ${flush ? `await globalThis[Symbol.for("kassa.telemetry")].shutdown();` : ""} process.exit(0);`;
    expect(await run(code(false), { OTEL_BSP_SCHEDULE_DELAY: "60000" })).toEqual([]);
    expect((await run(code(true), { OTEL_BSP_SCHEDULE_DELAY: "60000" })).map((s) => s.name)).toEqual(["queued"]);

    const g = globalThis as Record<symbol, unknown>;
    await flushTelemetry(); // no tracing: nothing to do
    let calls = 0;
    g[TELEMETRY_KEY] = { shutdown: () => (calls++, new Promise<void>(() => {})) }; // a collector that never answers
    const t0 = Date.now();
    await flushTelemetry(300);
    expect([calls, Date.now() - t0 < 2_000]).toEqual([1, true]);
    delete g[TELEMETRY_KEY];
  });
});

type Span = { traceId: string; spanId: string; parentSpanId?: string; name: string; kind: number; scope: string; service?: string; attrs: Record<string, unknown> };
const SERVER = 2; // OTLP SpanKind: SPAN_KIND_SERVER
const CLIENT = 3;

/** A minimal OTLP/HTTP collector: POST /v1/traces with JSON bodies (the installed exporter's encoding). */
async function otlpReceiver(): Promise<{ url: string; spans: Span[]; contentTypes: Set<string>; close(): void; server: Server }> {
  const spans: Span[] = [];
  const contentTypes = new Set<string>();
  const value = (v: Record<string, unknown>) => Object.values(v ?? {})[0];
  const server = createServer(async (req, res) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    if (req.method !== "POST" || req.url !== "/v1/traces") return void res.writeHead(404).end();
    contentTypes.add(String(req.headers["content-type"]));
    const payload = JSON.parse(body) as { resourceSpans?: any[] }; // eslint-disable-line @typescript-eslint/no-explicit-any
    for (const rs of payload.resourceSpans ?? []) {
      const service = rs.resource?.attributes?.find((a: { key: string }) => a.key === "service.name")?.value?.stringValue;
      for (const ss of rs.scopeSpans ?? []) {
        for (const s of ss.spans ?? []) {
          const attrs = Object.fromEntries((s.attributes ?? []).map((a: { key: string; value: Record<string, unknown> }) => [a.key, value(a.value)]));
          spans.push({ traceId: s.traceId, spanId: s.spanId, parentSpanId: s.parentSpanId || undefined, name: s.name, kind: s.kind, scope: ss.scope?.name ?? "", service, attrs });
        }
      }
    }
    res.writeHead(200, { "content-type": "application/json" }).end("{}");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, spans, contentTypes, server, close: () => server.close() };
}

/** Is `span` below `ancestor` (following parent ids within its trace)? */
function descends(span: Span, ancestor: Span, all: Span[]): boolean {
  const byId = new Map(all.filter((s) => s.traceId === span.traceId).map((s) => [s.spanId, s]));
  for (let p = span.parentSpanId, hops = 0; p && hops < 50; hops++) {
    if (p === ancestor.spanId) return true;
    p = byId.get(p)?.parentSpanId;
  }
  return false;
}

const databases = [
  { name: "embedded", available: true },
  { name: "postgres", available: Boolean(runUrl) },
] as const;

describe.each(databases)("a traced api process on the $name database", ({ name, available }) => {
  let built: Awaited<ReturnType<typeof buildTestServer>> | undefined;
  let scratch: Awaited<ReturnType<typeof scratchPostgres>> | undefined;
  let receiver: Awaited<ReturnType<typeof otlpReceiver>> | undefined;
  let proc: ServerProcess | undefined;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "kassa-tracing-"));

  beforeAll(async () => {
    if (!available) return;
    const dbEnv: Record<string, string | undefined> = {};
    if (name === "postgres") {
      scratch = await scratchPostgres(process.env.DATABASE_URL || runUrl, "tracing");
      const h = openDatabase({ url: scratch.url });
      await seed(h.db);
      await h.close();
      dbEnv.DATABASE_URL = scratch.url;
    } else {
      const pgliteDir = path.join(dataDir, "pglite");
      const template = await PGlite.create({ dataDir: pgliteDir, loadDataDir: new Blob([readFileSync(inject("embeddedTemplate"))]) });
      await template.close();
      const h = openDatabase({ dataDir: pgliteDir });
      await seed(h.db);
      await h.close();
      dbEnv.DATABASE_URL = undefined;
      dbEnv.KASSA_DATA_DIR = dataDir;
    }
    [built, receiver] = await Promise.all([buildTestServer(`tracing-${name}`), otlpReceiver()]);
    expect(existsSync(tracingBundle)).toBe(true);
    proc = startServer(built.bundle, await freePort(), {
      ...dbEnv,
      KASSA_ROLE: "api",
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: "http/json",
      OTEL_SERVICE_NAME: "kassa-tracing-test",
      OTEL_BSP_SCHEDULE_DELAY: "200",
      OTEL_TRACES_SAMPLER: undefined,
    });
    await waitForHealth(proc.base, 90_000);
  }, 150_000);

  afterAll(async () => {
    if (proc) {
      proc.child.kill("SIGTERM");
      await Promise.race([proc.exited, sleep(10_000)]);
      proc.child.kill("SIGKILL");
    }
    receiver?.close();
    built?.remove();
    await scratch?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }, 30_000);

  it.skipIf(!available)("sends a SERVER span per request with the database spans as its descendants, in the caller's trace", async () => {
    // a secret in the query (as the password-reset link carries one) never reaches a span
    const regions = await fetch(`${proc!.base}/store/regions?token=reset-secret-123`, { headers: { "x-publishable-api-key": "pk_kassa_demo" } });
    expect(regions.status).toBe(200);
    expect(((await regions.json()) as { regions: unknown[] }).regions).toHaveLength(3);
    // a caller's W3C trace context is continued: the request's span joins that trace under the caller's span
    const callerTrace = "4bf92f3577b34da6a3ce929d0e0e4736";
    const callerSpan = "00f067aa0ba902b7";
    const joined = await fetch(`${proc!.base}/store/regions`, { headers: { "x-publishable-api-key": "pk_kassa_demo", traceparent: `00-${callerTrace}-${callerSpan}-01` } });
    expect(joined.status).toBe(200);
    await joined.arrayBuffer();

    const spans = receiver!.spans;
    const servers = () => spans.filter((s) => s.kind === SERVER && s.attrs["url.path"] === "/store/regions");
    for (let i = 0; i < 100 && servers().length < 2; i++) await sleep(100);
    await sleep(600); // the database spans end before the request's, but may leave in the next batch

    expect(servers()).toHaveLength(2);
    expect(JSON.stringify(spans)).not.toContain("reset-secret-123");
    const first = servers().find((s) => s.traceId !== callerTrace);
    const second = servers().find((s) => s.traceId === callerTrace);
    expect(first!.parentSpanId).toBeUndefined(); // a trace of its own
    expect(first!.service).toBe("kassa-tracing-test");
    expect(first!.attrs["http.request.method"]).toBe("GET");
    expect(first!.attrs["http.response.status_code"]).toBe(200);
    // named by the route template, as the access log and the metrics name it
    expect([first!.name, first!.attrs["http.route"]]).toEqual(["GET /store/regions", "/store/regions"]);
    expect([second!.traceId, second!.parentSpanId]).toEqual([callerTrace, callerSpan]);

    for (const server of [first!, second!]) {
      const inTrace = spans.filter((s) => s.traceId === server.traceId && s !== server);
      const prisma = inTrace.filter((s) => s.name === "prisma:client:db_query");
      const pg = inTrace.filter((s) => s.scope === "@opentelemetry/instrumentation-pg" && s.name.startsWith("pg.query"));
      // Prisma's spans on either database (the regions read; the API key read is cached for 10 s)
      expect(prisma.length).toBeGreaterThanOrEqual(1);
      expect(prisma.every((s) => descends(s, server, spans))).toBe(true);
      expect(prisma.some((s) => String(s.attrs["db.query.text"]).includes('"Region"'))).toBe(true);
      if (name === "postgres") {
        // pg's own query spans, under Prisma's, under the request; statement text only, never the parameters
        expect(pg.length).toBeGreaterThanOrEqual(1);
        expect(pg.every((s) => descends(s, server, spans) && s.attrs["db.system.name"] === "postgresql")).toBe(true);
        expect(pg.some((s) => prisma.some((p) => s.parentSpanId === p.spanId))).toBe(true);
        expect(pg.some((s) => "db.query.parameter.0" in s.attrs || "db.postgresql.values" in s.attrs)).toBe(false);
      } else {
        expect(pg).toEqual([]); // no pg on the embedded database
      }
    }
    // one trace per request: nothing else went out (health probes are not traced, background database work is dropped)
    expect(new Set(spans.map((s) => s.traceId))).toEqual(new Set([first!.traceId, callerTrace]));
    expect(spans.some((s) => String(s.attrs["url.path"] ?? "").startsWith("/api/health"))).toBe(false);
    expect([...receiver!.contentTypes]).toEqual(["application/json"]);
  }, 60_000);
});
