// The production server (`npm start`): one Node HTTP server in which the REST surfaces go straight to their fetch
// handlers, and everything else to Next.js' request handler. Same process, same database pool, same routes as
// `next start`; the REST hot paths skip Next's routing and rendering machinery.
// KASSA_ROLE (server/env.ts; docs/operations.md, "Process roles") picks what this process does:
// - all (default): pages, REST and the job worker;       - web: pages and REST, no worker;
// - api: the REST dialects and /api/health without Next.js (much smaller in memory), no worker;
// - worker: the job worker, answering only /api/health (anything else 404).
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { env } from "../env";
import { healthHandler, restHandler } from "./routes";
import { finishBody, sendResponse, toRequest } from "./node";

const port = Number(process.env.PORT || 3000);
const host = process.env.HOST || "0.0.0.0";
const role = env.KASSA_ROLE;
const servesPages = role === "all" || role === "web";
const servesRest = role !== "worker";
const runsJobs = role === "all" || role === "worker";
const origin = `http://${host === "0.0.0.0" ? "127.0.0.1" : host}:${port}`;

async function nextRequestHandler(): Promise<(req: IncomingMessage, res: ServerResponse) => Promise<void>> {
  const { default: next } = await import("next");
  const app = next({ dev: false, dir: process.cwd(), hostname: host, port });
  await app.prepare();
  return app.getRequestHandler();
}
const notServed = role === "api" ? "this is an API-only Kassa process (KASSA_ROLE=api)" : "this Kassa process runs background jobs only (KASSA_ROLE=worker)";
const nextHandler = servesPages
  ? await nextRequestHandler()
  : async (req: IncomingMessage, res: ServerResponse) => {
      if ((req.url ?? "").split("?")[0] === "/api/health") return sendResponse(res, await healthHandler(toRequest(req, origin)));
      return sendResponse(res, Response.json({ message: `Not found: ${notServed}.` }, { status: 404 }));
    };
/**
 * The client's address for the audit log, stamped on every request as `x-kassa-client-ip` (a value a client sent is
 * dropped): the socket's peer, or with KASSA_TRUST_PROXY=1 the first address of X-Forwarded-For.
 */
const trustProxy = process.env.KASSA_TRUST_PROXY === "1";
function stampClientIp(req: IncomingMessage): void {
  const forwarded = trustProxy ? String(req.headers["x-forwarded-for"] ?? "").split(",")[0]!.trim() : "";
  const ip = forwarded || req.socket.remoteAddress || "";
  const raw: string[] = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2) if (req.rawHeaders[i]!.toLowerCase() !== "x-kassa-client-ip") raw.push(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
  raw.push("x-kassa-client-ip", ip);
  req.rawHeaders.splice(0, req.rawHeaders.length, ...raw);
  req.headers["x-kassa-client-ip"] = ip;
}

const server = createServer(async (req, res) => {
  stampClientIp(req);
  const pathname = (req.url ?? "/").split("?")[0]!;
  const handler = servesRest ? restHandler(req.method ?? "GET", pathname) : null;
  if (!handler) return nextHandler(req, res);
  try {
    await sendResponse(res, await handler(toRequest(req, origin)));
    finishBody(req);
  } catch (e) {
    // the handlers answer their own errors; this is the adapter itself failing
    console.error(`[server] ${req.method} ${pathname} failed`, e);
    if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
    res.end(JSON.stringify({ message: "Internal server error" }));
  }
});
server.keepAliveTimeout = 65_000;
const serving = { all: "REST direct, pages via Next.js, job worker", web: "REST direct, pages via Next.js", api: "API only", worker: "job worker, health only" }[role];
server.listen(port, host, () => console.log(`▲ Kassa on http://${host}:${port} (KASSA_ROLE=${role}: ${serving})`));

if (!runsJobs && !env.DATABASE_URL) {
  console.warn(`[jobs] KASSA_ROLE=${role} on the embedded database: no other process can open it, so its background jobs will not run (use KASSA_ROLE=all)`);
}
const worker = runsJobs ? (await import("../jobs/worker")).startWorker() : null;

// Shutdown: the worker first (it finishes the job in hand; a job cut short would only run again after its lease), then
// the HTTP server. A repeated signal (npm start forwards the terminal's) changes nothing.
let stopping = false;
for (const sig of ["SIGINT", "SIGTERM"] as const) {
  process.on(sig, () => {
    if (stopping) return;
    stopping = true;
    void (async () => {
      try {
        await worker?.stop();
      } catch (e) {
        console.error("[jobs] stopping the worker failed", e);
      }
      server.close(() => process.exit(0));
    })();
  });
}
