// The production server (`npm start`): one Node HTTP server in which the REST surfaces go straight to their fetch
// handlers, and everything else to Next.js' request handler. Same process, same database pool, same routes as
// `next start`; the REST hot paths skip Next's routing and rendering machinery.
// KASSA_ROLE (server/env.ts; docs/operations.md, "Process roles") picks what this process does:
// - all (default): pages, REST and the job worker;       - web: pages and REST, no worker;
// - api: the REST dialects without Next.js (much smaller in memory), no worker;
// - worker: the job worker (anything but the operational endpoints 404).
// Every role answers the health probes and /metrics itself (server/ops/), writes one JSON access-log line per request,
// and shuts down gracefully on SIGTERM (below).
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { env } from "../env";
import { nextRoute, restRoute } from "./routes";
import { finishBody, sendResponse, toRequest } from "./node";
import { REQUEST_ID } from "../dialects/http/kit";
import { log } from "../ops/log";
import { metrics } from "../ops/metrics";
import { opsHandler } from "../ops/routes";
import { inRequestScope, type RequestScope } from "../ops/scope";
import { markShuttingDown, watchWorker } from "../ops/health";
import { getDbHandle } from "../db";
import { trace } from "@opentelemetry/api";
import { flushTelemetry } from "../telemetry/flush";

const port = Number(process.env.PORT || 3000);
const host = process.env.HOST || "0.0.0.0";
const role = env.KASSA_ROLE;
const servesPages = role === "all" || role === "web";
const servesRest = role !== "worker";
const runsJobs = role === "all" || role === "worker";
const origin = `http://${host === "0.0.0.0" ? "127.0.0.1" : host}:${port}`;
// /metrics on its own listener (a private network) when KASSA_METRICS_PORT is set, else on the app's port
const metricsPort = process.env.KASSA_METRICS_PORT ? Number(process.env.KASSA_METRICS_PORT) : null;
let stopping = false;
/** The responses not yet sent (their connections close after them once shutdown has begun). */
const inFlight = new Set<ServerResponse>();
/** Shutting down: this response's connection closes after it (a pooled keep-alive connection would carry on). */
function closeAfterAnswer(res: ServerResponse): void {
  if (!res.headersSent) res.shouldKeepAlive = false;
  res.once("finish", () => setImmediate(() => server.closeIdleConnections()));
}
// how long in-flight requests may run on after SIGTERM before their connections are closed
const shutdownMs = Number(process.env.KASSA_SHUTDOWN_TIMEOUT_MS) || 10_000;
// how long to keep serving after SIGTERM with readiness at 503, so a load balancer stops sending first (default 0)
const drainDelayMs = Number(process.env.KASSA_SHUTDOWN_DELAY_MS) || 0;

async function nextRequestHandler(): Promise<(req: IncomingMessage, res: ServerResponse) => Promise<void>> {
  const { default: next } = await import("next");
  const app = next({ dev: false, dir: process.cwd(), hostname: host, port });
  await app.prepare();
  return app.getRequestHandler();
}
const notServed = role === "api" ? "this is an API-only Kassa process (KASSA_ROLE=api)" : "this Kassa process runs background jobs only (KASSA_ROLE=worker)";
const nextHandler = servesPages
  ? await nextRequestHandler()
  : async (_req: IncomingMessage, res: ServerResponse) => sendResponse(res, Response.json({ message: `Not found: ${notServed}.` }, { status: 404 }));
/**
 * The client's address for the audit log, stamped on every request as `x-kassa-client-ip` (a value a client sent is
 * dropped): the socket's peer, or with KASSA_TRUST_PROXY=1 the first address of X-Forwarded-For.
 */
const trustProxy = process.env.KASSA_TRUST_PROXY === "1";
function stampHeader(req: IncomingMessage, name: string, value: string): void {
  const raw: string[] = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2) if (req.rawHeaders[i]!.toLowerCase() !== name) raw.push(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
  raw.push(name, value);
  req.rawHeaders.splice(0, req.rawHeaders.length, ...raw);
  req.headers[name] = value;
}
function stampClientIp(req: IncomingMessage): void {
  const forwarded = trustProxy ? String(req.headers["x-forwarded-for"] ?? "").split(",")[0]!.trim() : "";
  stampHeader(req, "x-kassa-client-ip", forwarded || req.socket.remoteAddress || "");
}
/** Every request has an id (the client's X-Request-Id when well-formed, else a new one): the dialects answer it in
 * `x-request-id` and the access log carries it. */
function stampRequestId(req: IncomingMessage): string {
  const given = req.headers["x-request-id"];
  if (typeof given === "string" && REQUEST_ID.test(given)) return given;
  const id = randomUUID();
  stampHeader(req, "x-request-id", id);
  return id;
}

/** One access-log line and the request metrics when the response has gone out (or the client went away). */
function observe(req: IncomingMessage, res: ServerResponse, scope: RequestScope, labels: { dialect: string; route?: string }, started: bigint, requestId: string) {
  res.once("close", () => {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const route = scope.route ?? labels.route ?? "(unmatched)";
    const method = req.method ?? "GET";
    const status = res.writableFinished ? res.statusCode : 499; // 499: the client closed the connection first
    metrics.httpRequests.inc({ dialect: labels.dialect, route, method, status: String(status) });
    metrics.httpDuration.observe({ dialect: labels.dialect, route, method }, seconds);
    if (labels.dialect !== "static" && labels.dialect !== "ops") metrics.roundTrips.observe({ dialect: labels.dialect, route }, scope.roundTrips);
    const line = { method, route, status, ms: Math.round(seconds * 10_000) / 10, dialect: labels.dialect, requestId, roundTrips: scope.roundTrips };
    if (labels.dialect === "ops" || labels.dialect === "static") log.debug(line, "request");
    else log.info(line, "request");
  });
}

/** With tracing on, the request's span is named by its route template (`POST /store/carts/{id}`), as it is logged. */
function nameSpan(method: string, route: string): void {
  const span = trace.getActiveSpan();
  if (!span) return;
  span.setAttribute("http.route", route);
  span.updateName(`${method} ${route}`);
}

async function handle(req: IncomingMessage, res: ServerResponse, scope: RequestScope): Promise<void> {
  const started = process.hrtime.bigint();
  inFlight.add(res);
  res.once("close", () => inFlight.delete(res));
  if (stopping) closeAfterAnswer(res);
  stampClientIp(req);
  const requestId = stampRequestId(req);
  const method = req.method ?? "GET";
  const pathname = (req.url ?? "/").split("?")[0]!;
  const ops = opsHandler(method, pathname, { metrics: metricsPort === null });
  const rest = !ops && servesRest ? restRoute(method, pathname) : null;
  observe(req, res, scope, ops ? { dialect: "ops", route: pathname } : rest ?? nextRoute(pathname), started, requestId);
  const handler = ops ?? rest?.handler;
  if (!handler) return nextHandler(req, res);
  try {
    const response = await handler(toRequest(req, origin));
    nameSpan(method, scope.route ?? (ops ? pathname : "(unmatched)"));
    await sendResponse(res, response);
    finishBody(req);
  } catch (e) {
    // the handlers answer their own errors; this is the adapter itself failing
    log.error({ err: e, method, path: pathname }, "server: request failed");
    if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
    res.end(JSON.stringify({ message: "Internal server error" }));
  }
}

const server = createServer((req, res) => {
  const scope: RequestScope = { roundTrips: 0 };
  void inRequestScope(scope, () => handle(req, res, scope));
});
server.keepAliveTimeout = 65_000;
const serving = { all: "REST direct, pages via Next.js, job worker", web: "REST direct, pages via Next.js", api: "API only", worker: "job worker, health only" }[role];
server.listen(port, host, () => log.info({ port, host, role }, `Kassa on http://${host}:${port} (KASSA_ROLE=${role}: ${serving})`));

let metricsServer: Server | null = null;
if (metricsPort !== null) {
  metricsServer = createServer((req, res) => {
    const pathname = (req.url ?? "/").split("?")[0]!;
    const handler = opsHandler(req.method ?? "GET", pathname, { metrics: true });
    void Promise.resolve(handler ? handler(toRequest(req, origin)) : Response.json({ message: "Not found" }, { status: 404 }))
      .catch((e: unknown) => {
        log.error({ err: e }, "metrics: scrape failed");
        return Response.json({ message: "Internal server error" }, { status: 500 });
      })
      .then((r) => sendResponse(res, r));
  });
  metricsServer.listen(metricsPort, host, () => log.info({ port: metricsPort }, `metrics on http://${host}:${metricsPort}/metrics`));
}

if (!runsJobs && !env.DATABASE_URL) {
  log.warn(`KASSA_ROLE=${role} on the embedded database: no other process can open it, so its background jobs will not run (use KASSA_ROLE=all)`);
}
const worker = runsJobs ? (await import("../jobs/worker")).startWorker() : null;
if (worker) watchWorker(worker);

// Graceful shutdown on SIGTERM/SIGINT: readiness turns 503 at once; after KASSA_SHUTDOWN_DELAY_MS (default 0, for a
// load balancer to notice) the listener stops accepting; idle keep-alive
// connections close; in-flight requests get KASSA_SHUTDOWN_TIMEOUT_MS (10 s) to finish, then their connections are cut;
// the worker finishes the job in hand (a job cut short would only run again after its lease); the pool closes.
// A repeated signal (npm start forwards the terminal's) changes nothing.
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  markShuttingDown();
  log.info({ signal, delayMs: drainDelayMs, deadlineMs: shutdownMs }, "shutting down: not ready; finishing requests in flight");
  if (drainDelayMs) await new Promise((r) => setTimeout(r, drainDelayMs));
  const deadline = setTimeout(() => {
    log.warn("shutdown deadline reached: closing the connections still open");
    server.closeAllConnections();
  }, shutdownMs);
  deadline.unref();
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  // requests in flight on keep-alive connections: their connections close when they have answered
  for (const res of inFlight) closeAfterAnswer(res);
  metricsServer?.close();
  metricsServer?.closeAllConnections();
  try {
    // the job in hand finishes; the rest of its batch goes back to the queue. Bounded like the requests.
    await Promise.race([worker?.stop(), new Promise((r) => setTimeout(r, shutdownMs).unref())]);
  } catch (e) {
    log.error({ err: e }, "stopping the job worker failed");
  }
  await closed;
  clearTimeout(deadline);
  // the pool waits for its connections; one stuck on a dead network must not keep the process alive
  await Promise.race([getDbHandle().close().catch(() => undefined), new Promise((r) => setTimeout(r, 2_000).unref())]);
  await flushTelemetry(); // the spans still waiting for their batch (at once without tracing)
  log.info("stopped");
  process.exit(0);
}
for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => void shutdown(sig));
