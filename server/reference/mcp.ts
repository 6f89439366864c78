// The API reference as an MCP server (Streamable HTTP, stateless, JSON responses) at /mcp. Three read-only tools over
// the same OpenAPI documents /api/openapi serves: list the dialects, search endpoints by text, get one endpoint's
// schemas and examples. It reads no payment data and needs no credentials.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { z } from "zod";
import { env } from "../env";
import { DIALECTS, openApiDocument, type DialectId } from "./index";

const MAX_REQUEST_BYTES = 64 * 1024;
const dialectIds = DIALECTS.map((d) => d.id) as [DialectId, ...DialectId[]];

type Found = { dialect: DialectId; method: string; path: string; url: string; operationId: string; summary: string };

function allEndpoints(): (Found & { text: string })[] {
  return DIALECTS.flatMap((d) =>
    d.endpoints.map((e) => ({
      dialect: d.id,
      method: e.method.toUpperCase(),
      path: e.path,
      url: `${d.mount}${e.path}`,
      operationId: e.operationId,
      summary: e.summary,
      text: [d.id, d.title, e.method, e.path, d.mount + e.path, e.operationId, e.summary, e.description ?? "", ...e.tags].join(" ").toLowerCase(),
    })),
  );
}

/** Every query word must occur; endpoints whose path or summary holds the words rank first. */
export function searchEndpoints(query: string, dialect?: DialectId, limit = 10): Found[] {
  const words = query.toLowerCase().split(/[\s,]+/).filter(Boolean);
  return allEndpoints()
    .filter((e) => (!dialect || e.dialect === dialect) && words.every((w) => e.text.includes(w)))
    .map((e) => ({ e, score: words.filter((w) => `${e.method} ${e.url} ${e.summary}`.toLowerCase().includes(w)).length }))
    .sort((a, b) => b.score - a.score)
    .slice(0, limit)
    .map(({ e: { text: _text, ...found } }) => found);
}

/** Replace local $refs with their targets, so one endpoint reads on its own (cycles stay as $ref). */
function inline(value: unknown, root: Record<string, unknown>, seen: string[] = []): unknown {
  if (Array.isArray(value)) return value.map((v) => inline(v, root, seen));
  if (!value || typeof value !== "object") return value;
  const ref = (value as { $ref?: unknown }).$ref;
  if (typeof ref === "string" && ref.startsWith("#/") && !seen.includes(ref)) {
    const target = ref.slice(2).split("/").reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], root);
    return inline(target, root, [...seen, ref]);
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, inline(v, root, seen)]));
}

export function getEndpoint(dialect: DialectId, method: string, path: string) {
  const doc = openApiDocument(dialect) as unknown as Record<string, unknown> & { paths: Record<string, Record<string, unknown>>; servers?: { url: string }[]; components?: { securitySchemes?: Record<string, unknown> } };
  const op = doc.paths[path]?.[method.toLowerCase()];
  if (!op) return null;
  const security = ((op as { security?: Record<string, unknown>[] }).security ?? []).flatMap((req) => Object.keys(req));
  return {
    dialect,
    method: method.toUpperCase(),
    path,
    servers: doc.servers ?? [],
    operation: inline(op, doc),
    securitySchemes: Object.fromEntries([...new Set(security)].map((name) => [name, doc.components?.securitySchemes?.[name]])),
  };
}

const json = (data: unknown) => ({ content: [{ type: "text" as const, text: JSON.stringify(data, null, 2) }] });

function buildServer(): McpServer {
  const server = new McpServer({ name: "kassa-api-reference", version: "1.0.0" }, { instructions: "Kassa's REST API reference: Magento 2, commercetools, Medusa, shop API and Stripe webhooks. Read-only." });
  const readOnly = { readOnlyHint: true, idempotentHint: true, openWorldHint: false };
  server.registerTool(
    "list_dialects",
    { title: "List API dialects", description: "The REST dialects Kassa serves, each with its OpenAPI document URL and endpoint count.", annotations: readOnly },
    async () => json(DIALECTS.map((d) => ({ id: d.id, title: d.title, mount: d.mount || "/", openapi: `/api/openapi/${d.id}.json`, endpoints: d.endpoints.length }))),
  );
  server.registerTool(
    "search_endpoints",
    {
      title: "Search endpoints",
      description: "Find endpoints whose method, path, summary, description or tags contain every word of the query (e.g. 'payment-order', 'POST sessions').",
      inputSchema: { query: z.string().min(1).max(200), dialect: z.enum(dialectIds).optional(), limit: z.number().int().min(1).max(50).optional() },
      annotations: readOnly,
    },
    async ({ query, dialect, limit }) => json(searchEndpoints(query, dialect, limit)),
  );
  server.registerTool(
    "get_endpoint",
    {
      title: "Get one endpoint",
      description: "One endpoint's parameters, request and response schemas, error bodies and examples, with $refs inlined. `path` is the document's path (as search_endpoints returns it).",
      inputSchema: { dialect: z.enum(dialectIds), method: z.enum(["GET", "POST", "DELETE", "get", "post", "delete"]), path: z.string().min(1).max(300) },
      annotations: readOnly,
    },
    async ({ dialect, method, path }) => {
      const found = getEndpoint(dialect, method, path);
      if (!found) return { isError: true, content: [{ type: "text" as const, text: `No ${method.toUpperCase()} ${path} in ${dialect}. Use search_endpoints to find paths.` }] };
      return json(found);
    },
  );
  return server;
}

function allowedOrigins(): string[] {
  const extra = (env.KASSA_MCP_ALLOWED_ORIGINS ?? "").split(",").map((o) => o.trim()).filter(Boolean);
  return [new URL(env.KASSA_PUBLIC_URL).origin, ...extra];
}

/** POST /mcp (and GET/DELETE, which a stateless server answers 405 through the transport). */
export async function mcpRoute(req: Request): Promise<Response> {
  if (Number(req.headers.get("content-length") ?? 0) > MAX_REQUEST_BYTES) {
    return Response.json({ jsonrpc: "2.0", error: { code: -32600, message: "Request too large" }, id: null }, { status: 413 });
  }
  const server = buildServer();
  const transport = new WebStandardStreamableHTTPServerTransport({
    sessionIdGenerator: undefined,
    enableJsonResponse: true,
    // DNS rebinding (the MCP transport spec): a browser page may call only from Kassa's own public origin or one listed
    // in KASSA_MCP_ALLOWED_ORIGINS; clients that are not browsers send no Origin and are not affected.
    enableDnsRebindingProtection: true,
    allowedOrigins: allowedOrigins(),
  });
  await server.connect(transport);
  try {
    return await transport.handleRequest(req);
  } finally {
    await server.close();
  }
}
