// Sending the last spans before the process exits. The tracing preload (./preload.ts, its own bundle) leaves a handle on
// globalThis; the server calls `flushTelemetry()` on its way out (before `process.exit`, which would drop the spans
// still waiting in the batch). Without tracing it resolves at once.
import { log } from "../ops/log";

export const TELEMETRY_KEY = Symbol.for("kassa.telemetry");
export type TelemetryHandle = { shutdown(): Promise<void> };

/** Export the spans still queued and stop the tracer; gives up after `timeoutMs` (a collector that does not answer). */
export async function flushTelemetry(timeoutMs = 5_000): Promise<void> {
  const handle = (globalThis as Record<symbol, unknown>)[TELEMETRY_KEY] as TelemetryHandle | undefined;
  if (!handle) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    handle.shutdown().catch((e: unknown) => log.error({ err: e }, "tracing: flushing spans failed")),
    new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs))),
  ]);
  clearTimeout(timer);
}
