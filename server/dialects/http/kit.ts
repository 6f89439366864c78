// What every REST dialect shares: bounded body reading, JSON parsing with empty-as-{}, request ids, and one wrapper
// that turns thrown errors into the dialect's own error body (unknown errors masked, logged with the request id).
import { randomUUID } from "node:crypto";
import { withRoundTrips } from "../../db/round-trips";
import { withDeadline } from "./deadline";
import { asUnavailable } from "../../db/unavailable";
import { PaymentError } from "../../core/errors";
import { log } from "../../ops/log";

export const MAX_BODY_BYTES = 256 * 1024;

export class BodyTooLarge extends Error {
  constructor(public limit: number) {
    super(`Request body exceeds ${limit} bytes`);
  }
}

export class MalformedBody extends Error {}

/** Read at most `limit` bytes of the body; beyond that stop reading and throw BodyTooLarge (answered as 413). */
export async function readBody(req: Request, limit = MAX_BODY_BYTES): Promise<string> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > limit) {
    await drain(req, limit);
    throw new BodyTooLarge(limit);
  }
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw new BodyTooLarge(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

async function drain(req: Request, limit: number) {
  if (!req.body) return;
  const reader = req.body.getReader();
  let size = 0;
  while (size <= limit) {
    const { done, value } = await reader.read();
    if (done) return;
    size += value.byteLength;
  }
  await reader.cancel().catch(() => undefined);
}

/** JSON body; an empty body is `{}` (clients such as Medusa's SDK post empty bodies with a JSON content type). */
export function parseJsonBody(text: string): unknown {
  if (!text.trim()) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new MalformedBody("The request body is not valid JSON.");
  }
  refuseBadText(value, "body");
  return value;
}

// PostgreSQL refuses NUL (0x00) in text (a 500 if it reaches a query), and a lone UTF-16 surrogate has no UTF-8 form
// (the driver would store U+FFFD instead of what was sent). Both are refused at the edge, in each dialect's shape.
const BAD_TEXT = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** No wire format of ours nests deeper; a deeper body (valid JSON of 100,000 brackets) would only exhaust the stack. */
export const MAX_BODY_DEPTH = 32;

/** What is wrong with a decoded value, iteratively: text PostgreSQL cannot store (in strings or keys), or too deep. */
function inspect(value: unknown, root: string): { at: string; problem: "text" | "depth" } | null {
  const stack: [unknown, string, number][] = [[value, root, 0]];
  while (stack.length) {
    const [v, at, depth] = stack.pop()!;
    if (typeof v === "string") {
      if (BAD_TEXT.test(v)) return { at, problem: "text" };
    } else if (v && typeof v === "object") {
      if (depth >= MAX_BODY_DEPTH) return { at, problem: "depth" };
      if (Array.isArray(v)) v.forEach((x, i) => stack.push([x, `${at}[${i}]`, depth + 1]));
      else {
        for (const [k, x] of Object.entries(v)) {
          if (BAD_TEXT.test(k)) return { at: `${at}.${k.replace(BAD_TEXT, "?")}`, problem: "text" };
          stack.push([x, `${at}.${k}`, depth + 1]);
        }
      }
    }
  }
  return null;
}

/** Where in `value` (strings and object keys, at any depth) a NUL or an unpaired surrogate is, or null. */
export function badTextAt(value: unknown, root: string): string | null {
  const found = inspect(value, root);
  return found?.problem === "text" ? found.at : null;
}

/**
 * Throw the dialect-neutral validation error (each dialect renders it as its 400) if `value` holds text PostgreSQL
 * cannot store, or nests deeper than MAX_BODY_DEPTH.
 */
export function refuseBadText(value: unknown, root: string): void {
  const found = inspect(value, root);
  if (found?.problem === "text") throw new PaymentError("validation", "Text must not contain NUL characters or unpaired surrogates.", { field: found.at });
  if (found) throw new PaymentError("validation", `The request body is nested more than ${MAX_BODY_DEPTH} levels deep.`, { field: found.at });
}

/** The request's path segments and query parameters, decoded, must be storable text too (ids reach the database). */
export function refuseBadUrlText(req: Request): void {
  const url = new URL(req.url);
  const segments = url.pathname.split("/").map((seg) => {
    try {
      return decodeURIComponent(seg);
    } catch {
      return seg; // a malformed escape matches no route and no id
    }
  });
  refuseBadText(segments, "path");
  refuseBadText([...url.searchParams.entries()], "query");
}

export type ErrorRenderer = (e: unknown, requestId: string) => Response;

/** A client's X-Request-Id is used when it looks like one (else a new id is made). */
export const REQUEST_ID = /^[\w.-]{1,100}$/;

export function requestIdOf(req: Request): string {
  const given = req.headers.get("x-request-id");
  return given && REQUEST_ID.test(given) ? given : randomUUID();
}

/** Wrap a handler: errors become the dialect's body; anything unexpected is logged and masked. */
export function guard<A extends unknown[]>(render: ErrorRenderer, handler: (req: Request, ...rest: A) => Promise<Response>) {
  return async (req: Request, ...rest: A): Promise<Response> => {
    const requestId = requestIdOf(req);
    try {
      refuseBadUrlText(req);
      const res = await withRoundTrips(() => withDeadline(() => handler(req, ...rest)));
      res.headers.set("x-request-id", requestId);
      return res;
    } catch (e) {
      const res = failureResponse(render, e, requestId, req);
      res.headers.set("x-request-id", requestId);
      return res;
    }
  };
}

/**
 * A thrown value as the dialect's answer: an unreachable database becomes a 503 (with Retry-After); expected refusals
 * (4xx) are answers, not incidents; anything rendered as 5xx is logged with its stack and the request id.
 */
export function failureResponse(render: ErrorRenderer, e: unknown, requestId: string, req: Request, logTag = ""): Response {
  const res = render(asUnavailable(e), requestId);
  if (res.status >= 500) log.error({ err: e, requestId, method: req.method, path: new URL(req.url).pathname, tag: logTag || undefined }, "request failed");
  if (res.status === 503) res.headers.set("retry-after", "1");
  return res;
}

export function bearerToken(req: Request): string | null {
  const h = req.headers.get("authorization");
  const m = h?.match(/^Bearer\s+(\S+)$/i);
  return m ? m[1]! : null;
}

