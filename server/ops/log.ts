// Kassa's log: JSON lines through pino on stdout (one object per line: time, level, msg and fields), LOG_LEVEL
// (default info). Secrets are redacted by path wherever they could appear in a logged object; error messages are the
// callers' to keep clean (tests grep the whole output for every kind of credential). LOG_PRETTY=1 (set by `npm run dev`)
// prints readable lines through pino-pretty, a dev dependency, when it is installed.
import pino, { type DestinationStream, type Logger } from "pino";

export const REDACT_PATHS = [
  "password", "*.password", "token", "*.token", "secret", "*.secret", "clientSecret", "*.clientSecret",
  "authorization", "*.authorization", "cookie", "*.cookie",
  'headers["authorization"]', 'headers["cookie"]', 'headers["x-api-key"]', 'headers["x-publishable-api-key"]', 'headers["stripe-signature"]',
  "*.headers.authorization", "*.headers.cookie", '*.headers["x-api-key"]', '*.headers["x-publishable-api-key"]',
];

type Sink = { write(line: string): void };
const g = globalThis as unknown as { kassaLog?: { logger: Logger; sink: Sink } };

function create(sink: Sink): Logger {
  return pino(
    {
      level: process.env.LOG_LEVEL || "info",
      base: { pid: process.pid },
      redact: { paths: REDACT_PATHS, censor: "[redacted]" },
      serializers: { err: pino.stdSerializers.err },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    sink as DestinationStream,
  );
}

function state() {
  if (!g.kassaLog) {
    const sink: Sink = pino.destination({ dest: 1, sync: true });
    g.kassaLog = { logger: create(sink), sink };
    if (process.env.LOG_PRETTY === "1") {
      // readable output for development: loaded lazily so production never needs the package
      void import("pino-pretty")
        .then((m) => {
          const pretty = (m as unknown as { default: (o: object) => Sink }).default({ sync: true, colorize: true, ignore: "pid" });
          g.kassaLog = { logger: create(pretty), sink: pretty };
        })
        .catch(() => undefined);
    }
  }
  return g.kassaLog;
}

/** The process's logger (one per process, shared by Next's bundle and Kassa's server). */
export const log = new Proxy({} as Logger, {
  get(_t, prop) {
    const logger = state().logger;
    const v = Reflect.get(logger, prop, logger);
    return typeof v === "function" ? v.bind(logger) : v;
  },
});

/** Tests: send the log lines somewhere else (returns the function that puts the previous sink back). */
export function captureLog(sink: Sink): () => void {
  const before = state();
  g.kassaLog = { logger: create(sink), sink };
  return () => {
    g.kassaLog = before;
  };
}
