// Node's http <-> fetch Request/Response, for the REST surfaces served without Next.js' routing. Bodies are passed
// as streams (the handlers bound how much they read); headers, status and cookies go back unchanged, plus the same
// security headers Next adds to its own responses.
import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { SECURITY_HEADERS } from "./security-headers.mjs";

/** How much of an unread or refused body is read and thrown away so the client can read our answer; past it, close. */
const DRAIN_MAX_BYTES = 64 * 1024 * 1024;

const drains = new WeakMap<IncomingMessage, () => void>();

/** Read and discard what remains of a body (bounded), so the connection can serve its next request. */
function discard(req: IncomingMessage) {
  let seen = 0;
  req.on("data", (chunk: Buffer) => {
    seen += chunk.byteLength;
    if (seen > DRAIN_MAX_BYTES) req.socket.destroy();
  });
  req.resume();
}

/**
 * The request body as a web stream that is read only when the handler reads it, and whose cancel does not reset the
 * connection. A handler that stops reading (a body over its limit: 413) cancels the stream, and one that answers
 * without reading (a refused credential) leaves it: either way the rest of the body is read and discarded after the
 * answer (`finishBody`), so the client finishes sending and reads the answer — instead of a reset mid-upload, which
 * clients report as a dropped connection with no answer, or a keep-alive connection stuck behind an unread body.
 */
function bodyStream(req: IncomingMessage): ReadableStream<Uint8Array> {
  let reader: ReadableStreamDefaultReader<Uint8Array> | null = null;
  let finished = false;
  let draining = false;
  const drain = () => {
    if (finished || draining) return;
    draining = true;
    if (!reader) return discard(req); // never read: nothing holds the request yet
    void (async () => {
      let seen = 0;
      for (;;) {
        const r = await reader!.read().catch(() => ({ done: true as const, value: undefined }));
        if (r.done) return;
        seen += r.value.byteLength;
        if (seen > DRAIN_MAX_BYTES) return void req.socket.destroy();
      }
    })();
  };
  drains.set(req, drain);
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        reader ??= (Readable.toWeb(req) as ReadableStream<Uint8Array>).getReader();
        const r = await reader.read();
        if (r.done) {
          finished = true;
          controller.close();
        } else controller.enqueue(r.value);
      },
      cancel() {
        drain(); // in the background: the answer goes out now
      },
    },
    { highWaterMark: 0 }, // nothing is read before the handler asks
  );
}

/** After the answer: whatever the handler left of the body is discarded (see bodyStream). */
export function finishBody(req: IncomingMessage): void {
  drains.get(req)?.();
}

export function toRequest(req: IncomingMessage, origin: string): Request {
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
  const method = req.method ?? "GET";
  const hasBody = method !== "GET" && method !== "HEAD";
  return new Request(new URL(req.url ?? "/", origin), {
    method,
    headers,
    ...(hasBody ? { body: bodyStream(req), duplex: "half" } : {}),
  } as RequestInit);
}

export async function sendResponse(res: ServerResponse, response: Response): Promise<void> {
  const out: Record<string, string | string[]> = {};
  response.headers.forEach((v, k) => {
    if (k !== "set-cookie") out[k] = v;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length) out["set-cookie"] = cookies;
  for (const h of SECURITY_HEADERS) out[h.key.toLowerCase()] ??= h.value;
  const body = response.body ? Buffer.from(await response.arrayBuffer()) : null;
  if (body) out["content-length"] = String(body.byteLength);
  res.writeHead(response.status, out);
  res.end(body);
}
