// The production server (`npm start`): one Node HTTP server in which the REST surfaces go straight to their fetch
// handlers, and everything else to Next.js' request handler. Same process, same database pool, same routes as
// `next start`; the REST hot paths skip Next's routing and rendering machinery.
// KASSA_ROLE=api starts an API-only process without Next.js (the REST dialects and /api/health; anything else 404),
// for deployments that route the REST paths to their own processes: it is much smaller in memory.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { healthHandler, restHandler } from "./routes";
import { sendResponse, toRequest } from "./node";

const port = Number(process.env.PORT || 3000);
const host = process.env.HOST || "0.0.0.0";
const apiOnly = process.env.KASSA_ROLE === "api";
const origin = `http://${host === "0.0.0.0" ? "127.0.0.1" : host}:${port}`;

async function nextRequestHandler(): Promise<(req: IncomingMessage, res: ServerResponse) => Promise<void>> {
  const { default: next } = await import("next");
  const app = next({ dev: false, dir: process.cwd(), hostname: host, port });
  await app.prepare();
  return app.getRequestHandler();
}
const nextHandler = apiOnly
  ? async (req: IncomingMessage, res: ServerResponse) => {
      if ((req.url ?? "").split("?")[0] === "/api/health") return sendResponse(res, await healthHandler(toRequest(req, origin)));
      return sendResponse(res, Response.json({ message: "Not found: this is an API-only Kassa process (KASSA_ROLE=api)." }, { status: 404 }));
    }
  : await nextRequestHandler();
const server = createServer(async (req, res) => {
  const pathname = (req.url ?? "/").split("?")[0]!;
  const handler = restHandler(req.method ?? "GET", pathname);
  if (!handler) return nextHandler(req, res);
  try {
    await sendResponse(res, await handler(toRequest(req, origin)));
  } catch (e) {
    // the handlers answer their own errors; this is the adapter itself failing
    console.error(`[server] ${req.method} ${pathname} failed`, e);
    if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
    res.end(JSON.stringify({ message: "Internal server error" }));
  }
});
server.keepAliveTimeout = 65_000;
server.listen(port, host, () => console.log(`▲ Kassa on http://${host}:${port} (${apiOnly ? "API only" : "REST direct, pages via Next.js"})`));
for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => server.close(() => process.exit(0)));
