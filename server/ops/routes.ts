// The operational endpoints Kassa's server answers itself in every role, before any dialect or Next.js: the health
// probes and /metrics (Prometheus). /metrics is open when KASSA_METRICS_TOKEN is unset and wants
// `Authorization: Bearer <token>` when it is set; KASSA_METRICS_PORT moves it to a listener of its own.
import { timingSafeEqual } from "node:crypto";
import * as health from "./health";
import { renderMetrics } from "./metrics";

type Handler = (req: Request) => Promise<Response> | Response;

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function metricsHandler(req: Request): Promise<Response> {
  const token = process.env.KASSA_METRICS_TOKEN;
  if (token) {
    const m = req.headers.get("authorization")?.match(/^Bearer\s+(\S+)$/i);
    if (!m || !sameSecret(m[1]!, token)) {
      return Response.json({ message: "Unauthorized" }, { status: 401, headers: { "www-authenticate": 'Bearer realm="metrics"', "cache-control": "no-store" } });
    }
  }
  const { body, contentType } = await renderMetrics();
  return new Response(body, { headers: { "content-type": contentType, "cache-control": "no-store" } });
}

const OPS: Record<string, Handler> = {
  "/api/health": () => health.database(),
  "/api/health/live": () => health.live(),
  "/api/health/ready": () => health.ready(),
};

const notHere: Handler = () => Response.json({ message: "Not found" }, { status: 404, headers: { "cache-control": "no-store" } });

/**
 * The handler for an operational path (GET/HEAD only), or null. `metrics`: whether /metrics is served on this listener;
 * when it is not (KASSA_METRICS_PORT), /metrics is a 404 here, never handed on to Next.js' route file.
 */
export function opsHandler(method: string, pathname: string, opts: { metrics: boolean }): Handler | null {
  if (method !== "GET" && method !== "HEAD") return null;
  if (pathname === "/metrics") return opts.metrics ? metricsHandler : notHere;
  return OPS[pathname] ?? null;
}
