// A small vocabulary for the API reference: each dialect lists its endpoints with the zod schemas its handlers
// validate with, and its error cases as the values its handlers throw. Error examples are rendered by the
// dialect's own error renderer, so the reference shows the bodies the server really sends.
import { z } from "zod";
import { PaymentError } from "../core/errors";
import { UNAVAILABLE_MESSAGE } from "../db/unavailable";
import type { ZodOpenApiObject, ZodOpenApiOperationObject, ZodOpenApiPathsObject, ZodOpenApiResponsesObject } from "zod-openapi";

export type ErrorCase = { description: string; error: unknown };

export type Endpoint = {
  method: "get" | "post" | "put" | "delete";
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  /** Security requirements; `[]` for a public route. */
  security: Record<string, string[]>[];
  params?: { path?: z.ZodObject; query?: z.ZodObject; header?: z.ZodObject };
  body?: { schema: z.ZodType; example?: unknown; contentType?: string; required?: boolean };
  ok: { status: number; description: string; schema: z.ZodType; example?: unknown };
  errors: ErrorCase[];
};

export type ErrorRenderer = (e: unknown, requestId: string) => { status: number; body: unknown };

/** The request id shown in masked 5xx examples. */
export const EXAMPLE_REQUEST_ID = "3f1c9a52-0b7e-4c1d-9a55-7c2f4b1e8d90";

/** The Idempotency-Key header every mutating REST route honours. */
export const IDEMPOTENCY_HEADER = z.object({ "Idempotency-Key": z.string().max(255).optional().meta({ description: "Replays the first response for the same key and body." }) });

/** Any route that reads the database answers this while the database is unreachable (with Retry-After: 1). */
export const UNAVAILABLE: ErrorCase = { description: "The database is unreachable right now, or the request did not finish within the server's deadline (20 s by default); retry (Retry-After: 1)", error: new PaymentError("service_unavailable", UNAVAILABLE_MESSAGE) };

export function paths(endpoints: Endpoint[], opts: { render: ErrorRenderer; errorSchema: z.ZodType; contentTypes?: string[]; everyRoute?: ErrorCase[] }): ZodOpenApiPathsObject {
  const types = opts.contentTypes ?? ["application/json"];
  const out: ZodOpenApiPathsObject = {};
  for (const ep of endpoints) {
    const responses: ZodOpenApiResponsesObject = {
      [String(ep.ok.status) as `2${string}`]: {
        description: ep.ok.description,
        content: Object.fromEntries(types.map((t) => [t, { schema: ep.ok.schema, ...(ep.ok.example !== undefined ? { example: ep.ok.example } : {}) }])),
      },
    };
    const byStatus = new Map<number, { description: string; value: unknown }[]>();
    for (const c of [...ep.errors, ...(opts.everyRoute ?? [])]) {
      const { status, body } = opts.render(c.error, EXAMPLE_REQUEST_ID);
      byStatus.set(status, [...(byStatus.get(status) ?? []), { description: c.description, value: body }]);
    }
    for (const [status, cases] of [...byStatus].sort(([a], [b]) => a - b)) {
      responses[String(status) as `4${string}`] = {
        description: cases.map((c) => c.description).join("; "),
        content: Object.fromEntries(
          types.map((t) => [t, { schema: opts.errorSchema, examples: Object.fromEntries(cases.map((c, i) => [`case${i + 1}`, { summary: c.description, value: c.value }])) }]),
        ),
      };
    }
    const op: ZodOpenApiOperationObject = {
      operationId: ep.operationId,
      summary: ep.summary,
      ...(ep.description ? { description: ep.description } : {}),
      tags: ep.tags,
      security: ep.security,
      ...(ep.params ? { requestParams: ep.params } : {}),
      ...(ep.body
        ? {
            requestBody: {
              required: ep.body.required ?? true,
              content: Object.fromEntries(
                (ep.body.contentType ? [ep.body.contentType] : types).map((t) => [t, { schema: ep.body!.schema, ...(ep.body!.example !== undefined ? { example: ep.body!.example } : {}) }]),
              ),
            },
          }
        : {}),
      responses,
    };
    out[ep.path] = { ...out[ep.path], [ep.method]: op };
  }
  return out;
}

type SecuritySchemes = NonNullable<NonNullable<ZodOpenApiObject["components"]>["securitySchemes"]>;

/** One dialect's OpenAPI 3.1 document: its description, servers, tags and security schemes around its endpoints. */
export function apiDocument(spec: {
  title: string;
  description: string;
  servers: NonNullable<ZodOpenApiObject["servers"]>;
  tags: string[];
  securitySchemes: SecuritySchemes;
  endpoints: Endpoint[];
  render: ErrorRenderer;
  errorSchema: z.ZodType;
  contentTypes?: string[];
  everyRoute?: ErrorCase[];
}): ZodOpenApiObject {
  return {
    openapi: "3.1.0",
    info: { title: spec.title, version: "1.0.0", description: spec.description },
    servers: spec.servers,
    tags: spec.tags.map((name) => ({ name })),
    components: { securitySchemes: spec.securitySchemes },
    paths: paths(spec.endpoints, { render: spec.render, errorSchema: spec.errorSchema, contentTypes: spec.contentTypes, everyRoute: spec.everyRoute }),
  };
}
