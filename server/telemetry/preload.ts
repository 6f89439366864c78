// OpenTelemetry tracing for Kassa's production server, loaded with `node --import .next/kassa/tracing.mjs` before the
// server bundle (scripts/build-server.mjs compiles it and `serverCommand()` adds the flag only when an OTLP endpoint is
// configured). It must run before the app's modules load: the instrumentations patch `http`, `pg` and `pg-pool` as they
// are imported, and the loader hook below only sees imports that come after it.
//
// - One trace per incoming HTTP request (instrumentation-http's SERVER span), with Prisma's spans, pg's query spans and
//   outgoing node http/https calls (the Stripe SDK) as its descendants.
// - Exports OTLP/HTTP JSON to $OTEL_EXPORTER_OTLP_ENDPOINT/v1/traces (or $OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as is);
//   OTEL_SERVICE_NAME (default "kassa"), OTEL_EXPORTER_OTLP_HEADERS, OTEL_BSP_* and OTEL_TRACES_SAMPLER(_ARG) apply.
// - Traces only: no metrics or logs are sent over OTLP (metrics are Prometheus' at /metrics).
// docs/operations.md, "Tracing".
import { createRequire, register } from "node:module";
import { NodeSDK, resources } from "@opentelemetry/sdk-node";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { HttpInstrumentation } from "@opentelemetry/instrumentation-http";
import { PgInstrumentation } from "@opentelemetry/instrumentation-pg";
import { PrismaInstrumentation } from "@prisma/instrumentation";
import { KassaSampler } from "./sampler";
import { log } from "../ops/log";

/** instrumentation-http's own list (DEFAULT_QUERY_STRINGS_TO_REDACT, not exported from its entry point). */
const DEFAULT_REDACTED_QUERY = ["sig", "Signature", "AWSAccessKeyId", "X-Goog-Signature", "X-Amz-Signature", "X-Amz-Credential", "X-Amz-Security-Token"];
/** Query parameters of Kassa's URLs that carry secrets (the password-reset link's `token`, Stripe's client secrets). */
const SECRET_QUERY = ["token", "payment_intent_client_secret", "client_secret", "code", "state"];
import { TELEMETRY_KEY, type TelemetryHandle } from "./flush";

/** Requests not worth a trace each: probes, scrapes and Next's static files. */
export function ignoredPath(url: string | undefined): boolean {
  const path = (url ?? "/").split("?")[0]!;
  return path === "/api/health" || path.startsWith("/api/health/") || path === "/metrics" || path.startsWith("/_next/static/") || path === "/favicon.ico";
}

const endpoint = process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
if (endpoint && process.env.OTEL_SDK_DISABLED !== "true") {
  // The ESM loader hook, as @opentelemetry/instrumentation documents it (import-in-the-middle's): without it, a module
  // that reaches `node:http` by an ES import gets an unpatched `http` unless some CommonJS package happens to require()
  // it after the SDK started (measured: no SERVER span and no `traceparent` on outgoing calls then). pg alone would not
  // need it (its ES entry loads its CommonJS files with require(), where instrumentation-pg patches them).
  // Told to wrap only the modules an instrumentation asked for (http, https, pg, pg-pool…), not every module the app
  // imports; taken from @opentelemetry/instrumentation's own dependency, so the hook and the instrumentations share one
  // copy. Its cost: a loader thread with a V8 isolate of its own (~20 MB RSS) and some start time (docs/operations.md).
  const instrumentationRequire = createRequire(createRequire(import.meta.url).resolve("@opentelemetry/instrumentation"));
  const iitm = instrumentationRequire("import-in-the-middle") as typeof import("import-in-the-middle");
  const { registerOptions, waitForAllMessagesAcknowledged } = iitm.createAddHookMessageChannel();
  register("@opentelemetry/instrumentation/hook.mjs", import.meta.url, registerOptions);

  const serviceName = process.env.OTEL_SERVICE_NAME || "kassa";
  const sdk = new NodeSDK({
    serviceName,
    resource: resources.defaultResource().merge(resources.resourceFromAttributes({ "kassa.role": process.env.KASSA_ROLE || "all" })),
    traceExporter: new OTLPTraceExporter(),
    sampler: new KassaSampler(),
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (req) => ignoredPath(req.url),
        // the package's defaults (it replaces them) and Kassa's own secrets in URLs: password-reset and console tokens
        redactedQueryParamsServer: [...DEFAULT_REDACTED_QUERY, ...SECRET_QUERY],
        redactedQueryParams: [...DEFAULT_REDACTED_QUERY, ...SECRET_QUERY],
      }),
      // no statement parameters on spans (they hold emails, amounts, tokens); connect spans only under a request
      new PgInstrumentation({ enhancedDatabaseReporting: false, requireParentSpan: true }),
      new PrismaInstrumentation(),
    ],
  });
  sdk.start();
  await waitForAllMessagesAcknowledged(); // the loader knows every hooked module before the app's imports run

  const handle: TelemetryHandle = { shutdown: () => sdk.shutdown() };
  (globalThis as Record<symbol, unknown>)[TELEMETRY_KEY] = handle;
  log.info({ service: serviceName, endpoint }, "tracing: OpenTelemetry on (OTLP/HTTP)");
}
