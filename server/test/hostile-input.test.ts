// Hostile input, property-based (fast-check): random and malformed bodies, content types, paths, ids and headers
// against every dialect. Always an answer below 500 in the dialect's own error shape; never a hang.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seed } from "../../prisma/seed";
import type { DbHandle } from "../db";
import { embeddedTestDb } from "./db";
import { useTestDatabase } from "./app";
import { createTokenService } from "../auth/tokens";
import * as medusa from "../dialects/medusa/router";
import * as shop from "../dialects/shop/router";
import * as ct from "../dialects/commercetools/router";
import * as magento from "../dialects/magento/router";

type Handler = (req: Request) => Promise<Response>;

const jsonish = fc.oneof(
  fc.json({ maxDepth: 4 }),
  fc.string({ maxLength: 300 }),
  fc.constantFrom("", "{", "[]", "null", "1e309", '{"a":', "\u0000", '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{}}}', "{\"cart_id\":\"\u0000\"}"),
  fc.record({ cart_id: fc.string(), provider_id: fc.string(), amount: fc.oneof(fc.double(), fc.integer(), fc.string()) }).map((o) => JSON.stringify(o)),
  fc.array(fc.constant("["), { maxLength: 2000 }).map((a) => a.join("")), // deep nesting
);
const segment = fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom("..", "%00", "cart_x", "paycol_x", "%2F..%2F", "a".repeat(600), "😀", "' OR 1=1 --"));
const contentType = fc.constantFrom("application/json", "text/plain", "application/xml", "", "application/json; charset=latin1", "multipart/form-data", "application/x-www-form-urlencoded");

function withTimeout<T>(p: Promise<T>, ms = 5000): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error("hang")), ms))]);
}

async function probe(handler: Handler, method: string, path: string, body: string, type: string, headers: Record<string, string>) {
  const h: Record<string, string> = { ...headers };
  if (type) h["content-type"] = type;
  const init: RequestInit = { method, headers: h };
  if (method !== "GET" && method !== "DELETE") init.body = new TextEncoder().encode(body);
  let url: string;
  try {
    url = new URL(`http://localhost${path}`).toString();
  } catch {
    return null;
  }
  const res = await withTimeout(handler(new Request(url, init)));
  return { status: res.status, text: await res.text() };
}

describe("hostile input", () => {
  let h: DbHandle;
  let tokens: Record<string, string> = {};
  beforeAll(async () => {
    h = await embeddedTestDb();
    await seed(h.db);
    useTestDatabase(h);
    const alice = (await h.db.customer.findUniqueOrThrow({ where: { email: "alice@example.com" } })).id;
    const svc = createTokenService({ db: h.db });
    for (const aud of ["medusa", "shop", "commercetools", "magento"] as const) {
      tokens[aud] = (await svc.issue({ subject: { type: "customer", customerId: alice }, audience: aud, scopes: ["manage_my_payments:kassa-demo"], ttlSeconds: 3600 })).token;
    }
  });
  afterAll(() => h.close());

  const surfaces: { name: string; handler: Handler; paths: string[]; headers: () => Record<string, string>; shape: (body: unknown) => boolean }[] = [
    {
      name: "Medusa",
      handler: medusa.POST,
      paths: ["/store/carts", "/store/carts/{id}", "/store/carts/{id}/line-items", "/store/carts/{id}/complete", "/store/payment-collections", "/store/payment-collections/{id}/payment-sessions", "/store/payment-collections/{id}/sessions/batch", "/store/payment-collections/{id}/sessions/{id}/authorize", "/store/regions", "/store/products?region_id={id}&fields={id}", "/store/payment-providers?region_id={id}"],
      headers: () => ({ "x-publishable-api-key": "pk_kassa_demo", authorization: `Bearer ${tokens.medusa}` }),
      shape: (b) => typeof (b as { type?: unknown }).type === "string" && typeof (b as { message?: unknown }).message === "string",
    },
    {
      name: "shop",
      handler: shop.POST,
      paths: ["/api/v1/shop/auth/login", "/api/v1/shop/orders", "/api/v1/shop/orders/{id}", "/api/v1/shop/orders/{id}/payment-intent", "/api/v1/shop/orders/{id}/payment"],
      headers: () => ({ "x-api-key": "shop_demo_storefront_key", authorization: `Bearer ${tokens.shop}` }),
      shape: (b) => typeof (b as { message?: unknown }).message === "string",
    },
    {
      name: "commercetools",
      handler: ct.POST,
      paths: ["/commercetools/kassa-demo/me/payments", "/commercetools/kassa-demo/me/payments/{id}", "/commercetools/kassa-demo/me/payments?where={id}&sort={id}&limit={id}", "/commercetools/oauth/kassa-demo/customers/token", "/commercetools/oauth/token"],
      headers: () => ({ authorization: `Bearer ${tokens.commercetools}` }),
      shape: (b) => typeof (b as { statusCode?: unknown }).statusCode === "number" && Array.isArray((b as { errors?: unknown }).errors),
    },
    {
      name: "Magento",
      handler: magento.POST,
      paths: ["/rest/V1/integration/customer/token", "/rest/V1/carts/mine", "/rest/V1/carts/mine/items", "/rest/V1/carts/mine/payment-order", "/rest/{id}/V1/carts/mine/totals", "/rest/V1/carts/mine/payment-order/{id}"],
      headers: () => ({ authorization: `Bearer ${tokens.magento}` }),
      shape: (b) => typeof (b as { message?: unknown }).message === "string",
    },
  ];

  for (const s of surfaces) {
    it(`${s.name}: never a 5xx, always its error shape`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...s.paths), segment, segment, fc.constantFrom("GET", "POST", "DELETE"), jsonish, contentType, async (template, id1, id2, method, body, type) => {
          let n = 0;
          const path = template.replace(/\{id\}/g, () => encodeURIComponent(n++ ? id2 : id1));
          const r = await probe(s.handler, method, path, body, type, s.headers());
          if (!r) return;
          expect(r.status, `${method} ${path} ${type} ${body.slice(0, 80)} -> ${r.text.slice(0, 200)}`).toBeLessThan(500);
          if (r.status >= 400 && r.text.trim().startsWith("{")) expect(s.shape(JSON.parse(r.text)), r.text).toBe(true);
        }),
        { numRuns: 300 },
      );
    }, 120_000);
  }

  it("treats __proto__ and constructor keys as plain unknown fields (regression: a 500 found by this suite)", async () => {
    const body = '{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}';
    const cases: [Handler, string, Record<string, string>][] = [
      [shop.POST, "/api/v1/shop/auth/login", { "x-api-key": "shop_demo_storefront_key" }],
      [medusa.POST, "/store/payment-collections?fields=__proto__", { "x-publishable-api-key": "pk_kassa_demo" }],
      [ct.POST, "/commercetools/kassa-demo/me/payments", { authorization: `Bearer ${tokens.commercetools}` }],
      [magento.POST, "/rest/V1/carts/mine/payment-order", { authorization: `Bearer ${tokens.magento}` }],
    ];
    for (const [handler, path, headers] of cases) {
      const r = await probe(handler, "POST", path, body, "application/json", headers);
      expect(r!.status, path).toBe(400);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("answers oversized bodies with 413 in each dialect's shape", async () => {
    const big = JSON.stringify({ x: "y".repeat(400_000) });
    const cases: [Handler, string, Record<string, string>][] = [
      [medusa.POST, "/store/carts", { "x-publishable-api-key": "pk_kassa_demo" }],
      [shop.POST, "/api/v1/shop/orders", { "x-api-key": "shop_demo_storefront_key", authorization: `Bearer ${tokens.shop}` }],
      [ct.POST, "/commercetools/kassa-demo/me/payments", { authorization: `Bearer ${tokens.commercetools}` }],
      [magento.POST, "/rest/V1/carts/mine/items", { authorization: `Bearer ${tokens.magento}` }],
    ];
    for (const [handler, path, headers] of cases) {
      const r = await probe(handler, "POST", path, big, "application/json", headers);
      expect(r!.status, path).toBe(413);
    }
  });

  it("refuses negative, huge, fractional and unknown-currency amounts", async () => {
    const auth = { authorization: `Bearer ${tokens.commercetools}` };
    for (const amountPlanned of [{ currencyCode: "USD", centAmount: -1 }, { currencyCode: "USD", centAmount: 1.5 }, { currencyCode: "USD", centAmount: 2 ** 60 }, { currencyCode: "XXX", centAmount: 1 }, { currencyCode: "usd", centAmount: 1 }]) {
      const r = await probe(ct.POST, "POST", "/commercetools/kassa-demo/me/payments", JSON.stringify({ amountPlanned }), "application/json", auth);
      expect(r!.status, JSON.stringify(amountPlanned)).toBe(400);
    }
    const shopAuth = { "x-api-key": "shop_demo_storefront_key", authorization: `Bearer ${tokens.shop}` };
    for (const body of [{ items: [{ sku: "MUG-WHITE", quantity: -1 }], currency: "USD" }, { items: [{ sku: "MUG-WHITE", quantity: 1.5 }], currency: "USD" }, { items: [{ sku: "MUG-WHITE", quantity: 1 }], currency: "ZZZ" }]) {
      const r = await probe(shop.POST, "POST", "/api/v1/shop/orders", JSON.stringify(body), "application/json", shopAuth);
      expect(r!.status, JSON.stringify(body)).toBe(400);
    }
  });
});
