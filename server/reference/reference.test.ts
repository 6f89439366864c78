// The API reference: every document is valid OpenAPI 3.1; routes and documents cover each other both ways; every
// example validates against its own schema; the documents, the /docs page and its assets are served.
import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { ctRoutes } from "../dialects/commercetools/router";
import { magentoRoutes } from "../dialects/magento/router";
import { medusaAuthRoutes, medusaRoutes } from "../dialects/medusa/router";
import { medusaAdminAuthRoutes, medusaAdminRoutes } from "../dialects/medusa-admin/router";
import { shopRoutes } from "../dialects/shop/router";
import { DIALECTS, openApiDocument, type DialectId } from "./index";
import { docsAsset, docsPage, openApiRoute } from "./http";
import { schemaValidator } from "../test/documented";
import { appRouteFiles } from "../test/route-files";

type Operation = {
  requestBody?: { content: Record<string, { schema: unknown; example?: unknown }> };
  responses: Record<string, { content?: Record<string, { schema: unknown; example?: unknown; examples?: Record<string, { value: unknown }> }> }>;
  security?: Record<string, string[]>[];
};
type Doc = { paths: Record<string, Record<string, Operation>>; components?: { schemas?: unknown; securitySchemes?: Record<string, unknown> } };
const doc = (id: DialectId) => openApiDocument(id) as unknown as Doc;

/** What each dialect's router serves, as METHOD + path relative to the document's server. */
const served: Record<DialectId, readonly { method: string; path: string }[]> = {
  magento: magentoRoutes.routes,
  commercetools: ctRoutes.routes,
  medusa: [...medusaRoutes.routes, ...medusaAuthRoutes],
  "medusa-admin": [...medusaAdminRoutes.routes, ...medusaAdminAuthRoutes],
  shop: shopRoutes.routes,
  "stripe-webhooks": [{ method: "POST", path: "/api/webhooks/stripe" }],
  events: [], // webhooks Kassa sends: the document's `webhooks`, no paths
};

const operations = (id: DialectId) => Object.entries(doc(id).paths).flatMap(([p, item]) => Object.entries(item).map(([m, op]) => ({ method: m.toUpperCase(), path: p, op })));

describe("API reference documents", () => {
  it.each(DIALECTS.map((d) => d.id))("%s validates as OpenAPI 3.1", async (id) => {
    const d = doc(id) as unknown as { openapi: string };
    expect(d.openapi).toBe("3.1.0");
    const result = await new Validator().validate(d as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it.each(DIALECTS.map((d) => d.id))("%s: every served route is documented, and every documented route is served", (id) => {
    const routes = served[id].map((r) => `${r.method} ${r.path}`).sort();
    const documented = operations(id).map((o) => `${o.method} ${o.path}`).sort();
    expect(documented).toEqual(routes);
  });

  it("Medusa: every mutating /store operation declares the Idempotency-Key header it honours", () => {
    const mutating = operations("medusa").filter((o) => o.method !== "GET" && o.path.startsWith("/store/"));
    expect(mutating.length).toBeGreaterThan(10);
    for (const { method, path: p, op } of mutating) {
      const headers = ((op as { parameters?: { in: string; name: string }[] }).parameters ?? []).filter((x) => x.in === "header").map((x) => x.name);
      expect(headers, `${method} ${p}`).toContain("Idempotency-Key");
    }
  });

  it("every route file under app/ belongs to a documented dialect or is an internal surface", () => {
    const routeFiles = appRouteFiles();
    const dialectMounts: Record<string, DialectId> = {
      "rest/[...path]": "magento",
      "commercetools/[...path]": "commercetools",
      "store/[...path]": "medusa",
      "auth/customer/emailpass": "medusa",
      "admin/[...path]": "medusa-admin",
      "auth/user/emailpass": "medusa-admin",
      "api/v1/shop/[...path]": "shop",
      "api/webhooks/stripe": "stripe-webhooks",
    };
    // Not REST dialects: the pages' own RPC and session endpoints, the health probe, and the reference itself.
    // The merchant console's CSV download is a page's link, not an API.
    const internal = ["dashboard/export", "api/trpc/[trpc]", "api/auth/[...nextauth]", "api/health", "api/health/live", "api/health/ready", "metrics", "api/openapi/[file]", "docs", "docs/assets/[file]", "mcp"];
    expect(routeFiles.sort()).toEqual([...Object.keys(dialectMounts), ...internal].sort());
  });

  it.each(DIALECTS.map((d) => d.id))("%s: every operation documents its security, a success and at least one error", (id) => {
    const schemes = Object.keys(doc(id).components?.securitySchemes ?? {});
    for (const { method, path: p, op } of operations(id)) {
      const statuses = Object.keys(op.responses).map(Number);
      expect(statuses.some((s) => s < 300), `${method} ${p}`).toBe(true);
      expect(statuses.some((s) => s >= 400), `${method} ${p}`).toBe(true);
      for (const req of op.security ?? []) for (const name of Object.keys(req)) expect(schemes, `${method} ${p}`).toContain(name);
    }
  });

  it.each(DIALECTS.map((d) => d.id))("%s: every example validates against its schema", (id) => {
    const check = (schema: unknown, value: unknown, where: string) => {
      const v = schemaValidator(id, schema);
      expect(v(value), `${where}: ${JSON.stringify(v.errors)}`).toBe(true);
    };
    let examples = 0;
    // the events document's `webhooks` (what Kassa sends) carry examples too
    for (const [name, item] of Object.entries((doc(id) as unknown as { webhooks?: Record<string, { post: { requestBody: { content: Record<string, { schema: unknown; example?: unknown }> } } }> }).webhooks ?? {})) {
      for (const [type, media] of Object.entries(item.post.requestBody.content)) if (media.example !== undefined) (examples++, check(media.schema, media.example, `webhook ${name} ${type}`));
    }
    for (const { method, path: p, op } of operations(id)) {
      for (const [type, media] of Object.entries(op.requestBody?.content ?? {})) {
        if (media.example !== undefined) (examples++, check(media.schema, media.example, `${method} ${p} request ${type}`));
      }
      for (const [status, response] of Object.entries(op.responses)) {
        const media = response.content?.["application/json"];
        if (!media) continue;
        if (media.example !== undefined) (examples++, check(media.schema, media.example, `${method} ${p} ${status}`));
        for (const [name, ex] of Object.entries(media.examples ?? {})) (examples++, check(media.schema, ex.value, `${method} ${p} ${status} ${name}`));
      }
    }
    expect(examples).toBeGreaterThan(operations(id).length);
  });

  it("Medusa's reference says where v1 and v2 amounts differ", () => {
    const d = doc("medusa");
    expect(JSON.stringify(d.paths["/store/payment-collections/{id}"])).toContain("minor units");
  });
});

describe("serving the reference", () => {
  const params = (file: string) => ({ params: Promise.resolve({ file }) });

  it("serves each document as JSON and 404s unknown ones", async () => {
    for (const d of DIALECTS) {
      const res = await openApiRoute(new Request(`http://x/api/openapi/${d.id}.json`), params(`${d.id}.json`));
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/^application\/json/);
      expect(((await res.json()) as { info: { title: string } }).info.title).toContain("Kassa");
    }
    for (const bad of ["nope.json", "magento", "magento.yaml", "../package.json"]) {
      expect((await openApiRoute(new Request("http://x/"), params(bad))).status).toBe(404);
    }
  });

  it("serves the docs page and its bundled assets from this origin, and nothing else", async () => {
    const page = await (await docsPage()).text();
    const srcs = [...page.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(srcs.filter((s) => /^https?:|^\/\//.test(s))).toEqual([]);
    for (const src of srcs.filter((s) => s.startsWith("/docs/assets/"))) {
      const res = await docsAsset(new Request(`http://x${src}`), params(src.slice("/docs/assets/".length)));
      expect(res.status, src).toBe(200);
      expect((await res.arrayBuffer()).byteLength, src).toBeGreaterThan(100);
    }
    const init = await (await docsAsset(new Request("http://x/"), params("kassa-docs.js"))).text();
    for (const d of DIALECTS) expect(init).toContain(`/api/openapi/${d.id}.json`);
    for (const bad of ["../../package.json", "index.html", "swagger-ui-bundle.js.map", "..%2f..%2fpackage.json"]) {
      expect((await docsAsset(new Request("http://x/"), params(bad))).status).toBe(404);
    }
  });
});
