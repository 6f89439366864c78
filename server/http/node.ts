// Node's http <-> fetch Request/Response, for the REST surfaces served without Next.js' routing. Bodies are passed
// as streams (the handlers bound how much they read); headers, status and cookies go back unchanged, plus the same
// security headers Next adds to its own responses.
import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { SECURITY_HEADERS } from "./security-headers.mjs";

export function toRequest(req: IncomingMessage, origin: string): Request {
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
  const method = req.method ?? "GET";
  const hasBody = method !== "GET" && method !== "HEAD";
  return new Request(new URL(req.url ?? "/", origin), {
    method,
    headers,
    ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream, duplex: "half" } : {}),
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
