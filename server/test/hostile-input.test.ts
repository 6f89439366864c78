// Hostile input, property-based (fast-check): random and malformed bodies, content types, paths, ids, query strings,
// forms and credentials against every dialect — among them control characters, NUL and unpaired surrogates, which
// PostgreSQL refuses (a NUL in text is an error there, not on the embedded database). Always an answer below 500 in
// the dialect's own error shape; never a hang. Runs on the embedded database and, with DATABASE_URL, on PostgreSQL.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seed } from "../../prisma/seed";
import { demoOAuthClient } from "../../prisma/demo-data";
import type { DbHandle } from "../db";
import { testDatabases } from "./db";
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
  fc.constant(`{"data":${"[".repeat(5000)}${"]".repeat(5000)}}`), // deep but valid
);
/** Text that PostgreSQL or UTF-8 cannot take as it is: NUL, other controls, unpaired surrogates, next to ordinary text. */
const nasty = fc.constantFrom("\u0000", "\u0001", "\u001b", "\u007f", "\ud800", "\udfff", "\ud83d", "\ufffe", "\u202e");
const hostileText = fc.array(fc.oneof(nasty, fc.string({ maxLength: 6 }), fc.constantFrom("cart_", "pay_", "@example.com", "😀")), { maxLength: 6 }).map((a) => a.join(""));
/** Plausible bodies of every dialect, with hostile text in values and keys. */
const fieldBody = fc
  .record(
    {
      cart_id: hostileText, provider_id: hostileText, region_id: hostileText, variant_id: hostileText, email: hostileText, quantity: fc.oneof(fc.integer(), hostileText),
      metadata: fc.dictionary(hostileText, hostileText, { maxKeys: 2 }), data: fc.dictionary(hostileText, hostileText, { maxKeys: 2 }),
      username: hostileText, password: hostileText, items: fc.array(fc.record({ sku: hostileText, quantity: fc.nat(3) }), { maxLength: 2 }),
      currency: hostileText, paymentMethodInfo: fc.record({ method: hostileText, paymentInterface: hostileText }),
      amountPlanned: fc.record({ currencyCode: fc.constantFrom("USD", "EUR"), centAmount: fc.nat(10_000) }), anonymousId: hostileText, key: hostileText,
      custom: fc.record({ type: fc.record({ key: hostileText }), fields: fc.dictionary(hostileText, hostileText, { maxKeys: 2 }) }),
      cartItem: fc.record({ sku: hostileText, qty: fc.nat(3), quote_id: hostileText }), paymentMethod: fc.record({ method: hostileText }),
    },
    { requiredKeys: [] },
  )
  .map((o) => JSON.stringify(o));
const segment = fc.oneof(
  fc.string({ maxLength: 40 }),
  hostileText,
  fc.constantFrom("..", "%00", "cart_x", "paycol_x", "%2F..%2F", "a".repeat(600), "😀", "' OR 1=1 --", "\u0000", "ord_\u0000", "\ud800"),
);
const contentType = fc.constantFrom("application/json", "text/plain", "application/xml", "", "application/json; charset=latin1", "multipart/form-data", "application/x-www-form-urlencoded");

/** encodeURIComponent, except that an unpaired surrogate is spelled as the three bytes a lax encoder would send. */
function encodeAny(text: string): string {
  return [...text]
    .map((ch) => {
      try {
        return encodeURIComponent(ch);
      } catch {
        const c = ch.charCodeAt(0);
        return [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join("");
      }
    })
    .join("");
}

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

const body = fc.oneof(jsonish, fieldBody, fieldBody, fc.record({ grant_type: fc.constantFrom("password", "client_credentials", "refresh_token"), username: hostileText, password: hostileText, scope: hostileText, anonymous_id: hostileText, refresh_token: hostileText }).map((o) => new URLSearchParams(o).toString()));

for (const target of testDatabases())
describe(`hostile input on the ${target.name} database`, () => {
  let h: DbHandle;
  let tokens: Record<string, string> = {};
  beforeAll(async () => {
    h = await target.open();
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
        fc.asyncProperty(fc.constantFrom(...s.paths), segment, segment, fc.constantFrom("GET", "POST", "DELETE"), body, contentType, async (template, id1, id2, method, body, type) => {
          let n = 0;
          const path = template.replace(/\{id\}/g, () => encodeAny(n++ ? id2 : id1));
          const r = await probe(s.handler, method, path, body, type, s.headers());
          if (!r) return;
          expect(r.status, `${method} ${path} ${type} ${body.slice(0, 80)} -> ${r.text.slice(0, 200)}`).toBeLessThan(500);
          if (r.status >= 400 && r.text.trim().startsWith("{")) expect(s.shape(JSON.parse(r.text)), r.text).toBe(true);
        }),
        { numRuns: 300 },
      );
    }, 120_000);
  }

  it("a NUL or an unpaired surrogate in an id, a query, a body or credentials is a 400 in the dialect's shape, never a 5xx", async () => {
    const pk = { "x-publishable-api-key": "pk_kassa_demo" };
    const ctAuth = { authorization: `Bearer ${tokens.commercetools}` };
    const mgAuth = { authorization: `Bearer ${tokens.magento}` };
    const shopAuth = { "x-api-key": "shop_demo_storefront_key", authorization: `Bearer ${tokens.shop}` };
    const byName = Object.fromEntries(surfaces.map((x) => [x.name, x.shape]));
    const cases: [string, Handler, string, string, string | null, Record<string, string>][] = [
      ["commercetools", ct.GET, "GET", "/commercetools/kassa-demo/me/payments/%00", null, ctAuth],
      ["commercetools", ct.GET, "GET", `/commercetools/kassa-demo/me/payments?where=${encodeURIComponent('anonymousId="\u0000"')}`, null, ctAuth],
      ["commercetools", ct.POST, "POST", "/commercetools/kassa-demo/me/payments", JSON.stringify({ amountPlanned: { currencyCode: "USD", centAmount: 100 }, paymentMethodInfo: { method: "card\u0000" } }), ctAuth],
      ["Medusa", medusa.GET, "GET", "/store/carts/%00", null, pk],
      ["Medusa", medusa.POST, "POST", "/store/carts", JSON.stringify({ email: "a\u0000@example.com" }), pk],
      ["Medusa", medusa.POST, "POST", "/store/payment-collections", JSON.stringify({ cart_id: "cart_\ud800" }), pk],
      ["Magento", magento.GET, "GET", "/rest/V1/carts/mine/payment-order/%00", null, mgAuth],
      ["Magento", magento.POST, "POST", "/rest/V1/integration/customer/token", JSON.stringify({ username: "alice@example.com\u0000", password: "x" }), {}],
      ["shop", shop.GET, "GET", "/api/v1/shop/orders/%00", null, shopAuth],
      ["shop", shop.POST, "POST", "/api/v1/shop/auth/login", JSON.stringify({ email: "alice@example.com", password: "\u0000" }), { "x-api-key": "shop_demo_storefront_key" }],
    ];
    for (const [name, handler, method, path, body, headers] of cases) {
      const r = await probe(handler, method, path, body ?? "", body === null ? "" : "application/json", headers);
      expect([r!.status, byName[name]!(JSON.parse(r!.text))], `${method} ${path} ${body ?? ""} -> ${r!.text}`).toEqual([400, true]);
    }
    // an unpaired surrogate spelled in a URL (CESU-8 bytes) is no UTF-8: it names nothing
    const spelled = await probe(medusa.GET, "GET", "/store/carts/cart_%ED%A0%80", "", "", pk);
    expect([spelled!.status, JSON.parse(spelled!.text).type]).toEqual([404, "not_found"]);
    // commercetools' OAuth endpoints answer in OAuth's shape: a NUL in the client's Basic credentials names no client,
    // a NUL in the form is a malformed parameter
    const basic = (id: string, secret: string) => ({ authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}` });
    const noClient = await probe(ct.POST, "POST", "/commercetools/oauth/kassa-demo/customers/token", "grant_type=password&username=a&password=b", "application/x-www-form-urlencoded", basic("x\u0000", "y"));
    expect([noClient!.status, JSON.parse(noClient!.text).error]).toEqual([401, "invalid_client"]);
    const badEscape = await probe(ct.POST, "POST", "/commercetools/oauth/kassa-demo/customers/token", "grant_type=password", "application/x-www-form-urlencoded", basic("%E0%A4", "y"));
    expect([badEscape!.status, JSON.parse(badEscape!.text).error]).toEqual([401, "invalid_client"]);
    const form = await probe(ct.POST, "POST", "/commercetools/oauth/kassa-demo/customers/token", "grant_type=password&username=alice%40example.com%00&password=x", "application/x-www-form-urlencoded", basic(demoOAuthClient.clientId, demoOAuthClient.clientSecret));
    expect([form!.status, JSON.parse(form!.text).error]).toEqual([400, "invalid_request"]);
  });

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
