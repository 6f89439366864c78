// Is this error "the database cannot be reached right now"? Connection refused or reset, the server shutting down or
// starting up, a pool that cannot hand out a connection in time: such failures become `service_unavailable` (503 in
// each dialect's shape, safe to retry) instead of a masked 500. Anything else is left alone.
import { PaymentError } from "../core/errors";

/** Node socket errors and PostgreSQL SQLSTATEs of class 08 (connection) and 57P0x (shutdown, cannot connect now). */
const CODES = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "ENOTFOUND", "EAI_AGAIN", "57P01", "57P02", "57P03", "08000", "08001", "08003", "08004", "08006"]);
/** Prisma's codes for an unreachable server, a closed connection, and a pool timeout. */
const PRISMA = new Set(["P1001", "P1002", "P1017", "P2024"]);
/** Driver-adapter error kinds (`DriverAdapterError.cause.kind`) for a lost or unreachable server. */
const KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections", "TransactionAlreadyClosed"]);
const MESSAGES = [/connection terminated/i, /connection (was )?(closed|reset|refused)/i, /timeout exceeded when trying to connect/i, /server (has )?closed the connection/i, /the database system is (shutting down|starting up)/i, /can't reach database server/i, /\bCode: `?(57P0[1-3]|08\d{3})\b/, /terminating connection due to administrator command/i, /client has encountered a connection error/i];

export function isDatabaseUnavailable(e: unknown, depth = 0): boolean {
  if (!e || typeof e !== "object" || depth > 6) return false;
  const err = e as { code?: unknown; message?: unknown; cause?: unknown; kind?: unknown; originalCode?: unknown; meta?: unknown };
  if (typeof err.code === "string" && (CODES.has(err.code) || PRISMA.has(err.code))) return true;
  if (typeof err.originalCode === "string" && CODES.has(err.originalCode)) return true;
  if (typeof err.kind === "string" && KINDS.has(err.kind)) return true;
  if (typeof err.message === "string" && MESSAGES.some((m) => m.test(err.message as string))) return true;
  return isDatabaseUnavailable(err.cause, depth + 1) || isDatabaseUnavailable(err.meta, depth + 1);
}

export const UNAVAILABLE_MESSAGE = "The service is temporarily unavailable. Please retry shortly.";

/** The error to answer with: a `service_unavailable` PaymentError for an unreachable database, else the error itself. */
export function asUnavailable(e: unknown): unknown {
  return isDatabaseUnavailable(e) ? new PaymentError("service_unavailable", UNAVAILABLE_MESSAGE, {}, { cause: e }) : e;
}
