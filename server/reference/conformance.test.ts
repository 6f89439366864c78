// The reference against the server: each dialect's flows run through the real route handlers on a seeded database,
// and every response — successes and refusals — must carry a status its operation documents and a body that
// validates against that response's schema. A drift between handlers and documents fails here.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seed } from "../../prisma/seed";
import type { DbHandle } from "../db";
import * as ct from "../dialects/commercetools/router";
import * as magento from "../dialects/magento/router";
import * as medusa from "../dialects/medusa/router";
import * as shop from "../dialects/shop/router";
import { useTestDatabase } from "../test/app";
import { embeddedTestDb } from "../test/db";
import { undocumented } from "../test/documented";
import type { DialectId } from "./index";

type Handler = (req: Request) => Promise<Response>;
type Table = { match(method: string, path: string): { path: string } | null };
type Seen = { status: number; body: any }; // eslint-disable-line @typescript-eslint/no-explicit-any

const problems: string[] = [];
const seen = new Map<DialectId, Set<string>>();

/** Send one request through a dialect's handler and check the answer against the dialect's document. */
async function send(dialect: DialectId, handler: Handler, table: Table, url: string, docPath: string, init: RequestInit & { json?: unknown } = {}): Promise<Seen> {
  const method = init.method ?? "GET";
  const headers = new Headers(init.headers);
  let body = init.body;
  if (init.json !== undefined) {
    headers.set("content-type", "application/json");
    body = JSON.stringify(init.json);
  }
  const res = await handler(new Request(`http://localhost${url}`, { method, headers, body }));
  const text = await res.text();
  const parsed = text ? JSON.parse(text) : null;
  const route = table.match(method, docPath);
  if (!route) problems.push(`${method} ${docPath}: no route`);
  else {
    problems.push(...undocumented(dialect, method, route.path, res.status, parsed));
    seen.set(dialect, (seen.get(dialect) ?? new Set()).add(`${method} ${route.path} ${res.status}`));
  }
  return { status: res.status, body: parsed };
}

let h: DbHandle;
beforeAll(async () => {
  h = await embeddedTestDb();
  await seed(h.db);
  useTestDatabase(h);
});
afterAll(async () => {
  await h.close();
});

describe("responses match the API reference", () => {
  it("Magento", async () => {
    const m = (p: string, init: RequestInit & { json?: unknown; token?: string } = {}) => {
      const headers = new Headers(init.headers);
      if (init.token) headers.set("authorization", `Bearer ${init.token}`);
      const handler = (init.method ?? "GET") === "GET" ? magento.GET : magento.POST;
      return send("magento", handler, magento.magentoRoutes, `/rest${p}`, p, { ...init, headers });
    };
    const token = await m("/V1/integration/customer/token", { method: "POST", json: { username: "alice@example.com", password: "alice-password" } });
    expect(token.status).toBe(200);
    const t = token.body as string;
    await m("/V1/integration/customer/token", { method: "POST", json: { username: "alice@example.com", password: "wrong" } });
    await m("/V1/integration/customer/token", { method: "POST", json: { password: "x" } });
    expect((await m("/V1/carts/mine", { method: "POST" })).status).toBe(401);
    expect((await m("/V1/carts/mine", { method: "POST", token: t })).status).toBe(200);
    expect((await m("/V1/carts/mine/items", { method: "POST", token: t, json: { cartItem: { sku: "TEE-BLACK-M", qty: 1 } } })).status).toBe(200);
    expect((await m("/V1/carts/mine/items", { method: "POST", token: t, json: { cartItem: { sku: "NOPE", qty: 1 } } })).status).toBe(404);
    expect((await m("/V1/carts/mine/items", { method: "POST", token: t, json: { cartItem: { sku: "MUG-WHITE", qty: 0 } } })).status).toBe(400);
    expect((await m("/V1/carts/mine", { token: t })).status).toBe(200);
    expect((await m("/V1/carts/mine/totals", { token: t })).status).toBe(200);
    const order = await m("/V1/carts/mine/payment-order", { method: "POST", token: t, json: { methodCode: "payment_services_paypal_hosted_fields", paymentSource: "cc", location: "CHECKOUT" } });
    expect(order.status).toBe(200);
    expect((await m("/V1/carts/mine/payment-order", { method: "POST", token: t, json: { methodCode: "payment_services_paypal_hosted_fields", paymentSource: "nope", location: "CHECKOUT" } })).status).toBe(400);
    expect((await m(`/V1/carts/mine/payment-order/${order.body.id}`, { token: t })).status).toBe(200);
    expect((await m("/V1/carts/mine/payment-order/payord_nope", { token: t })).status).toBe(404);
  });

  it("commercetools", async () => {
    const basic = `Basic ${Buffer.from("kassa-demo-client:kassa-demo-secret").toString("base64")}`;
    const c = (p: string, init: RequestInit & { json?: unknown; token?: string; form?: Record<string, string> } = {}) => {
      const headers = new Headers(init.headers);
      if (init.token) headers.set("authorization", `Bearer ${init.token}`);
      let body = init.body;
      if (init.form) {
        headers.set("authorization", basic);
        headers.set("content-type", "application/x-www-form-urlencoded");
        body = new URLSearchParams(init.form).toString();
      }
      const method = init.method ?? "GET";
      const handler = method === "GET" ? ct.GET : method === "DELETE" ? ct.DELETE : ct.POST;
      return send("commercetools", handler, ct.ctRoutes, `/commercetools${p}`, p.split("?")[0]!, { ...init, headers, body });
    };
    const pw = await c("/oauth/kassa-demo/customers/token", { method: "POST", form: { grant_type: "password", username: "alice@example.com", password: "alice-password" } });
    expect(pw.status).toBe(200);
    await c("/oauth/kassa-demo/customers/token", { method: "POST", form: { grant_type: "password", username: "alice@example.com", password: "nope" } });
    expect((await c("/oauth/kassa-demo/anonymous/token", { method: "POST", form: { grant_type: "client_credentials" } })).status).toBe(200);
    expect((await c("/oauth/token", { method: "POST", form: { grant_type: "refresh_token", refresh_token: pw.body.refresh_token } })).status).toBe(200);
    expect((await c("/oauth/token", { method: "POST", form: { grant_type: "refresh_token", refresh_token: "nope" } })).status).toBe(400);
    const t = pw.body.access_token as string;
    const created = await c("/kassa-demo/me/payments", { method: "POST", token: t, json: { amountPlanned: { currencyCode: "USD", centAmount: 2800 }, paymentMethodInfo: { method: "card" } } });
    expect(created.status).toBe(201);
    expect((await c("/kassa-demo/me/payments", { method: "POST", token: t, json: { amountPlanned: "lots" } })).status).toBe(400);
    expect((await c("/kassa-demo/me/payments", { method: "POST", json: {} })).status).toBe(401);
    expect((await c('/kassa-demo/me/payments?where=amountPlanned(currencyCode%20%3D%20"USD")&limit=5', { token: t })).status).toBe(200);
    expect((await c("/kassa-demo/me/payments?sort=colour%20asc", { token: t })).status).toBe(400);
    expect((await c(`/kassa-demo/me/payments/${created.body.id}`, { token: t })).status).toBe(200);
    expect((await c("/kassa-demo/me/payments/pay_nope", { token: t })).status).toBe(404);
    const updated = await c(`/kassa-demo/me/payments/${created.body.id}`, { method: "POST", token: t, json: { version: 1, actions: [{ action: "setMethodInfoMethod", method: "paypal" }] } });
    expect(updated.status).toBe(200);
    expect((await c(`/kassa-demo/me/payments/${created.body.id}`, { method: "POST", token: t, json: { version: 1, actions: [] } })).status).toBe(409);
    expect((await c(`/kassa-demo/me/payments/${created.body.id}?version=2`, { method: "DELETE", token: t })).status).toBe(200);
    expect((await c(`/kassa-demo/me/payments/${created.body.id}`, { method: "DELETE", token: t })).status).toBe(400);
  });

  it("Medusa (v2 and v1)", async () => {
    const pk = { "x-publishable-api-key": "pk_kassa_demo" };
    const s = (p: string, init: RequestInit & { json?: unknown } = {}) => {
      const method = init.method ?? "GET";
      const handler = method === "GET" ? medusa.GET : method === "DELETE" ? medusa.DELETE : medusa.POST;
      return send("medusa", handler, medusa.medusaRoutes, p, p.split("?")[0]!, { ...init, headers: { ...pk, ...(init.headers as Record<string, string>) } });
    };
    const auth = await send("medusa", medusa.emailPassPOST, { match: () => ({ path: "/auth/customer/emailpass" }) }, "/auth/customer/emailpass", "/auth/customer/emailpass", { method: "POST", json: { email: "alice@example.com", password: "alice-password" } });
    expect(auth.status).toBe(200);
    await send("medusa", medusa.emailPassPOST, { match: () => ({ path: "/auth/customer/emailpass" }) }, "/auth/customer/emailpass", "/auth/customer/emailpass", { method: "POST", json: { email: "alice@example.com", password: "nope" } });
    const regions = await s("/store/regions");
    expect(regions.status).toBe(200);
    expect((await s("/store/regions", { headers: { "x-publishable-api-key": "" } })).status).toBe(400);
    const usd = regions.body.regions.find((r: { currency_code: string }) => r.currency_code === "usd");
    expect((await s(`/store/regions/${usd.id}`)).status).toBe(200);
    expect((await s("/store/regions/reg_nope")).status).toBe(404);
    const products = await s(`/store/products?region_id=${usd.id}`);
    expect(products.status).toBe(200);
    expect((await s(`/store/payment-providers?region_id=${usd.id}`)).status).toBe(200);
    expect((await s("/store/payment-providers")).status).toBe(400);
    const variant = products.body.products[0].variants[0].id as string;
    const cart = await s("/store/carts", { method: "POST", json: { region_id: usd.id, items: [{ variant_id: variant, quantity: 1 }] } });
    expect(cart.status).toBe(200);
    const id = cart.body.cart.id as string;
    expect((await s("/store/carts", { method: "POST", json: { region_id: usd.id, coupon: "x" } })).status).toBe(400);
    expect((await s(`/store/carts/${id}`)).status).toBe(200);
    expect((await s("/store/carts/cart_nope")).status).toBe(404);
    expect((await s(`/store/carts/${id}`, { method: "POST", json: { email: "guest@example.com" } })).status).toBe(200);
    const added = await s(`/store/carts/${id}/line-items`, { method: "POST", json: { variant_id: products.body.products[1].variants[0].id, quantity: 1 } });
    expect(added.status).toBe(200);
    const line = added.body.cart.items.at(-1).id as string;
    expect((await s(`/store/carts/${id}/line-items/${line}`, { method: "POST", json: { quantity: 2 } })).status).toBe(200);
    expect((await s(`/store/carts/${id}/line-items/${line}`, { method: "DELETE" })).status).toBe(200);
    expect((await s(`/store/carts/${id}/complete`, { method: "POST" })).status).toBe(400);
    const col = await s("/store/payment-collections", { method: "POST", json: { cart_id: id } });
    expect(col.status).toBe(200);
    const colId = col.body.payment_collection.id as string;
    expect((await s(`/store/payment-collections/${colId}/payment-sessions`, { method: "POST", json: { provider_id: "pp_nope" } })).status).toBe(400);
    expect((await s(`/store/payment-collections/${colId}/payment-sessions`, { method: "POST", json: { provider_id: "pp_system_default" } })).status).toBe(200);
    const v1 = await s(`/store/payment-collections/${colId}`);
    expect(v1.status).toBe(200);
    expect((await s("/store/payment-collections/paycol_nope")).status).toBe(404);
    expect((await s(`/store/payment-collections/${colId}/sessions`, { method: "POST", json: { provider_id: "pp_system_default" } })).status).toBe(200);
    expect((await s(`/store/payment-collections/${colId}/sessions/batch`, { method: "POST", json: { sessions: [{ provider_id: "pp_system_default", amount: v1.body.payment_collection.amount + 1 }] } })).status).toBe(400);
    const batch = await s(`/store/payment-collections/${colId}/sessions/batch`, { method: "POST", json: { sessions: [{ provider_id: "pp_system_default", amount: v1.body.payment_collection.amount }] } });
    expect(batch.status).toBe(200);
    const sid = batch.body.payment_collection.payment_sessions.find((x: { is_selected: boolean }) => x.is_selected).id as string;
    const refreshed = await s(`/store/payment-collections/${colId}/sessions/${sid}`, { method: "POST" });
    expect(refreshed.status).toBe(200);
    const live = refreshed.body.payment_session.id as string;
    expect((await s(`/store/payment-collections/${colId}/sessions/${live}/authorize`, { method: "POST" })).status).toBe(200);
    expect((await s(`/store/payment-collections/${colId}/sessions/batch/authorize`, { method: "POST", json: { session_ids: [live] } })).status).toBe(207);
    expect((await s(`/store/carts/${id}/complete`, { method: "POST" })).status).toBe(200);
    expect((await s(`/store/payment-collections/${colId}/payment-sessions`, { method: "POST", json: { provider_id: "pp_system_default" } })).status).toBe(400);
  });

  it("shop API", async () => {
    const STORE = "shop_demo_storefront_key";
    const PAYSYS = "shop_demo_payment_system_key";
    const sh = (p: string, init: RequestInit & { json?: unknown; key?: string | null; token?: string } = {}) => {
      const headers = new Headers(init.headers);
      if (init.key !== null) headers.set("x-api-key", init.key ?? STORE);
      if (init.token) headers.set("authorization", `Bearer ${init.token}`);
      const method = init.method ?? "GET";
      return send("shop", method === "GET" ? shop.GET : shop.POST, shop.shopRoutes, `/api/v1/shop${p}`, `/api/v1/shop${p}`, { ...init, headers });
    };
    const login = await sh("/auth/login", { method: "POST", json: { email: "alice@example.com", password: "alice-password" } });
    expect(login.status).toBe(200);
    expect((await sh("/auth/login", { method: "POST", key: null, json: { email: "alice@example.com", password: "alice-password" } })).status).toBe(401);
    const t = login.body.data.token as string;
    const order = await sh("/orders", { method: "POST", token: t, json: { items: [{ sku: "TEE-BLACK-M", quantity: 2 }], currency: "USD" } });
    expect(order.status).toBe(201);
    expect((await sh("/orders", { method: "POST", token: t, json: { items: [], currency: "USD" } })).status).toBe(400);
    expect((await sh("/orders", { method: "POST", json: { items: [{ sku: "TEE-BLACK-M", quantity: 1 }], currency: "USD" } })).status).toBe(401);
    const oid = order.body.data.id as string;
    expect((await sh(`/orders/${oid}`, { token: t })).status).toBe(200);
    expect((await sh("/orders/ord_nope", { token: t })).status).toBe(404);
    expect((await sh(`/orders/${oid}`, { token: t, key: PAYSYS })).status).toBe(403);
    const intent = await sh(`/orders/${oid}/payment-intent`, { method: "POST", token: t });
    expect(intent.status).toBe(200);
    expect((await sh(`/orders/${oid}/payment`, { method: "POST", key: PAYSYS, json: {} })).status).toBe(409);
    expect((await sh(`/test/payment-intents/${intent.body.data.id}/confirm`, { method: "POST", key: PAYSYS, json: { payment_method: "pm_card_visa" } })).status).toBe(200);
    expect((await sh("/test/payment-intents/nope/confirm", { method: "POST", key: PAYSYS, json: {} })).status).toBe(404);
    expect((await sh(`/orders/${oid}/payment`, { method: "POST", key: PAYSYS, json: {} })).status).toBe(200);
    expect((await sh(`/orders/${oid}/payment-intent`, { method: "POST", token: t })).status).toBe(409);
  });

  it("no response differed from its documentation", () => {
    expect(problems).toEqual([]);
    // every documented operation of the four REST dialects was exercised at least once
    for (const d of ["magento", "commercetools", "medusa", "shop"] as const) expect(seen.get(d)?.size ?? 0).toBeGreaterThan(5);
  });
});
