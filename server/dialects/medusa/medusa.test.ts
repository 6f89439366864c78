// Raw-HTTP contract tests of the Medusa store API (v2 and v1), calling the route handlers with real Requests.
// Wire shapes are checked against responses recorded from a running Medusa v2 (../shared/reference/medusa-v2-wire).
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db";
import { seed } from "../../../prisma/seed";
import { embeddedTestDb } from "../../test/db";
import { shapeDiff, useTestDatabase } from "../../test/app";
import { GET, POST, DELETE, emailPassPOST } from "./router";
import { getKassa } from "../../kassa";
import { customerService } from "../../auth/credentials";

// Recorded from a running Medusa v2 2.21.2 (copied from the project's shared reference, see the README there).
const refDir = path.resolve(import.meta.dirname, "../../../e2e/fixtures/medusa-v2-wire");
const ref = (name: string) => JSON.parse(readFileSync(path.join(refDir, name), "utf8"));
const KEY = "pk_kassa_demo";
const base = "http://localhost";

type Opts = { key?: string | null; token?: string; body?: unknown; raw?: string; headers?: Record<string, string> };
async function call(method: "GET" | "POST" | "DELETE", url: string, o: Opts = {}) {
  const headers: Record<string, string> = { "content-type": "application/json", ...(o.headers ?? {}) };
  if (o.key !== null) headers["x-publishable-api-key"] = o.key ?? KEY;
  if (o.token) headers.authorization = `Bearer ${o.token}`;
  const req = new Request(base + url, { method, headers, body: method === "GET" ? undefined : (o.raw ?? (o.body === undefined ? undefined : JSON.stringify(o.body))) });
  const res = await (method === "GET" ? GET : method === "POST" ? POST : DELETE)(req);
  const text = await res.text();
  let body = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    /* a text answer (v1's "Unauthorized", "OK") */
  }
  return { status: res.status, body, text, headers: res.headers };
}

describe("Medusa store API", () => {
  let h: DbHandle;
  let usRegion: string;
  let teeVariant: string;
  let aliceToken: string;
  let bobToken: string;

  beforeAll(async () => {
    h = await embeddedTestDb();
    await seed(h.db);
    useTestDatabase(h);
    usRegion = (await h.db.region.findFirstOrThrow({ where: { currency: "USD" } })).id;
    teeVariant = (await h.db.variant.findFirstOrThrow({ where: { sku: "TEE-BLACK-M" } })).id;
    const login = async (email: string, password: string) =>
      (await (await emailPassPOST(new Request(`${base}/auth/customer/emailpass`, { method: "POST", body: JSON.stringify({ email, password }) }))).json()).token as string;
    aliceToken = await login("alice@example.com", "alice-password");
    bobToken = await login("bob@example.com", "bob-password");
  });
  afterAll(() => h.close());

  async function cartWithTee(o: Opts = {}) {
    const cart = (await call("POST", "/store/carts", { ...o, body: { region_id: usRegion } })).body.cart;
    return (await call("POST", `/store/carts/${cart.id}/line-items`, { ...o, body: { variant_id: teeVariant, quantity: 1 } })).body.cart;
  }

  describe("keys and errors", () => {
    it("requires a publishable key (Medusa's exact bodies)", async () => {
      const none = await call("POST", "/store/carts", { key: null, body: {} });
      expect(none.status).toBe(400);
      expect(none.body).toEqual(ref("10-create-cart-no-key.json"));
      const bad = await call("GET", "/store/regions", { key: "pk_unknown" });
      expect(bad.status).toBe(400);
      expect(bad.body).toEqual({ type: "not_allowed", message: "A valid publishable key is required to proceed with the request" });
    });

    it("answers unknown carts, unknown body keys and wrong types in Medusa's shape", async () => {
      const missing = await call("POST", "/store/payment-collections", { body: { cart_id: "cart_doesnotexist" } });
      expect([missing.status, missing.body]).toEqual([404, ref("12-payment-collection-bad-cart.json")]);
      const extra = await call("POST", "/store/payment-collections", { body: { cart_id: "x", foo: 1 } });
      expect([extra.status, extra.body]).toEqual([400, { type: "invalid_data", message: "Invalid request: Unrecognized fields: 'foo'" }]);
      const type = await call("POST", "/store/payment-collections", { body: { cart_id: 123 } });
      expect(type.body).toEqual({ type: "invalid_data", message: "Invalid request: Expected type: 'string' for field 'cart_id', got: '123'" });
      const required = await call("POST", "/store/payment-collections", { body: {} });
      expect(required.body).toEqual({ type: "invalid_data", message: "Invalid request: Field 'cart_id' is required" });
      const json = await call("POST", "/store/carts", { raw: "{nope" });
      expect([json.status, json.body.type]).toEqual([400, "invalid_data"]);
    });

    it("refuses a provider the region does not enable", async () => {
      const cart = await cartWithTee();
      const col = (await call("POST", "/store/payment-collections", { body: { cart_id: cart.id } })).body.payment_collection;
      const r = await call("POST", `/store/payment-collections/${col.id}/payment-sessions`, { body: { provider_id: "pp_nope" } });
      expect(r.status).toBe(400);
      expect(r.body).toEqual({ type: "invalid_data", message: `Payment provider pp_nope is not enabled in the cart's region ${usRegion}.` });
    });

    it("answers 413 in Medusa's shape for an oversized body", async () => {
      const r = await call("POST", "/store/carts", { raw: JSON.stringify({ email: "x".repeat(300_000) }) });
      expect([r.status, r.body.type]).toEqual([413, "invalid_data"]);
    });
  });

  describe("v2 flow, shapes as recorded from Medusa", () => {
    it("regions, cart, line item, collection (twice), session (twice), providers, cart", async () => {
      const regions = await call("GET", "/store/regions");
      expect(shapeDiff(regions.body, ref("01-get-regions.json"))).toEqual([]);
      expect(regions.body.limit).toBe(50);

      const created = await call("POST", "/store/carts", { body: { region_id: usRegion } });
      expect(created.status).toBe(200);
      expect(shapeDiff(created.body, ref("02-create-cart.json"))).toEqual([]);

      const added = await call("POST", `/store/carts/${created.body.cart.id}/line-items`, { body: { variant_id: teeVariant, quantity: 1 } });
      expect(shapeDiff(added.body, ref("03-add-line-item.json"))).toEqual([]);
      expect(added.body.cart.total).toBe(28);
      expect(added.body.cart.items[0]).toMatchObject({ unit_price: 28, quantity: 1, variant_sku: "TEE-BLACK-M" });

      const col1 = await call("POST", "/store/payment-collections", { body: { cart_id: created.body.cart.id } });
      expect(shapeDiff(col1.body, ref("04-create-payment-collection.json"))).toEqual([]);
      expect(col1.body.payment_collection).toMatchObject({ currency_code: "usd", amount: 28, payment_sessions: [] });
      const col2 = await call("POST", "/store/payment-collections", { body: { cart_id: created.body.cart.id } });
      expect(col2.body.payment_collection.id).toBe(col1.body.payment_collection.id);

      const colId = col1.body.payment_collection.id;
      const s1 = await call("POST", `/store/payment-collections/${colId}/payment-sessions`, { body: { provider_id: "pp_system_default" } });
      expect(shapeDiff(s1.body, ref("06-create-payment-session.json"))).toEqual([]);
      expect(s1.body.payment_collection.payment_sessions[0]).toMatchObject({ provider_id: "pp_system_default", status: "pending", amount: 28, data: {}, raw_amount: { value: "28", precision: 20 } });
      const s2 = await call("POST", `/store/payment-collections/${colId}/payment-sessions`, { body: { provider_id: "pp_system_default" } });
      expect(s2.body.payment_collection.payment_sessions).toHaveLength(1);
      expect(s2.body.payment_collection.payment_sessions[0].id).not.toBe(s1.body.payment_collection.payment_sessions[0].id);

      const providers = await call("GET", `/store/payment-providers?region_id=${usRegion}`);
      expect(shapeDiff(providers.body, ref("08-get-payment-providers.json"))).toEqual([]);
      expect(providers.body.payment_providers.map((p: { id: string }) => p.id)).toEqual(["pp_system_default", "pp_kassa_test"]);

      const cart = await call("GET", `/store/carts/${created.body.cart.id}`);
      expect(shapeDiff(cart.body, ref("09-get-cart.json"))).toEqual([]);
      expect(cart.body.cart.payment_collection).toMatchObject({ status: "not_paid", amount: 28, raw_amount: { value: "28", precision: 20 } });
    });

    it("honours the fields grammar on payment collections", async () => {
      const cart = await cartWithTee();
      const plus = await call("POST", "/store/payment-collections?fields=%2Bstatus", { body: { cart_id: cart.id } });
      expect(Object.keys(plus.body.payment_collection).sort()).toEqual(["amount", "currency_code", "id", "payment_sessions", "status"]);
      const minus = await call("POST", "/store/payment-collections?fields=-payment_sessions,-amount", { body: { cart_id: cart.id } });
      expect(minus.body.payment_collection).toEqual({ id: plus.body.payment_collection.id, currency_code: "usd" });
      const only = await call("POST", "/store/payment-collections?fields=amount", { body: { cart_id: cart.id } });
      expect(only.body.payment_collection).toEqual({ id: plus.body.payment_collection.id, amount: 28 });
      const bad = await call("POST", "/store/payment-collections?fields=%2Bnope", { body: { cart_id: cart.id } });
      expect([bad.status, bad.body]).toEqual([400, { type: "invalid_data", message: "Requested fields [nope] are not valid" }]);
    });

    it("every field the seed lists is selectable: status, amounts, dates, metadata, the region's providers, payments with captures and refunds", async () => {
      const cart = await cartWithTee();
      const col = (await call("POST", "/store/payment-collections", { body: { cart_id: cart.id } })).body.payment_collection;
      const fields = "status,authorized_amount,captured_amount,refunded_amount,completed_at,created_at,updated_at,metadata,payment_providers,*payments";
      const before = await call("POST", `/store/payment-collections?fields=${encodeURIComponent(fields)}`, { body: { cart_id: cart.id } });
      expect(before.body.payment_collection).toEqual({
        id: col.id, status: "not_paid", authorized_amount: null, captured_amount: null, refunded_amount: null, completed_at: null,
        created_at: expect.any(String), updated_at: expect.any(String), metadata: null,
        payment_providers: [{ id: "pp_system_default", is_enabled: true }, { id: "pp_kassa_test", is_enabled: true }], payments: [],
      });
      // paid with the test card (captured at once): the payment with its capture
      await call("POST", `/store/payment-collections/${col.id}/payment-sessions`, { body: { provider_id: "pp_kassa_test", data: { card: { number: "4242424242424242" } } } });
      const after = (await call("POST", `/store/payment-collections?fields=${encodeURIComponent("status,authorized_amount,captured_amount,*payments")}`, { body: { cart_id: cart.id } })).body.payment_collection;
      expect(after).toMatchObject({ status: "authorized", authorized_amount: 28, captured_amount: 28 });
      expect(after.payments).toHaveLength(1);
      expect(after.payments[0]).toMatchObject({ amount: 28, captured_amount: 28, provider_id: "pp_kassa_test", payment_collection_id: col.id, refunds: [] });
      expect(after.payments[0].captures).toEqual([{ id: expect.any(String), amount: 28, raw_amount: { value: "28", precision: 20 }, created_by: null, metadata: null, payment_id: after.payments[0].id, created_at: expect.any(String) }]);
    });

    it("completes a cart paid with the manual provider into one order; again returns the same order", async () => {
      const cart = await cartWithTee();
      const col = (await call("POST", "/store/payment-collections", { body: { cart_id: cart.id } })).body.payment_collection;
      await call("POST", `/store/payment-collections/${col.id}/payment-sessions`, { body: { provider_id: "pp_system_default" } });
      const done = await call("POST", `/store/carts/${cart.id}/complete`, { raw: "" });
      expect(done.status).toBe(200);
      expect(done.body.type).toBe("order");
      expect(done.body.order).toMatchObject({ currency_code: "usd", total: 28, payment_status: "authorized" });
      const again = await call("POST", `/store/carts/${cart.id}/complete`, { raw: "" });
      expect(again.body.order.id).toBe(done.body.order.id);
    });

    it("a declined test card answers {type:'cart', error} with 200 and the cart stays payable", async () => {
      const cart = await cartWithTee();
      const col = (await call("POST", "/store/payment-collections", { body: { cart_id: cart.id } })).body.payment_collection;
      const s = await call("POST", `/store/payment-collections/${col.id}/payment-sessions`, { body: { provider_id: "pp_kassa_test", data: { card: { number: "4000000000000002" } } } });
      expect(s.body.payment_collection.payment_sessions[0].status).toBe("error");
      const r = await call("POST", `/store/carts/${cart.id}/complete`, { raw: "" });
      expect(r.status).toBe(200);
      expect(r.body.type).toBe("cart");
      expect(r.body.error).toEqual({ message: "Payment authorization failed", name: "Error", type: "payment_authorization_error" });
      expect(r.body.cart.id).toBe(cart.id);
      // an authorization was attempted: now `awaiting`, as Medusa derives it (a session alone leaves `not_paid`)
      expect((await call("GET", `/store/carts/${cart.id}`)).body.cart.payment_collection.status).toBe("awaiting");
      const retry = await call("POST", `/store/payment-collections/${col.id}/payment-sessions`, { body: { provider_id: "pp_kassa_test", data: { card: { number: "4242424242424242" } } } });
      expect(retry.body.payment_collection.payment_sessions[0].status).toBe("authorized");
      const done = await call("POST", `/store/carts/${cart.id}/complete`, { raw: "" });
      expect([done.body.type, done.body.order.payment_status]).toEqual(["order", "captured"]);
    });

    it("the 3-D Secure-like card needs more: {type:'cart'} with payment_requires_more_error", async () => {
      const cart = await cartWithTee();
      const col = (await call("POST", "/store/payment-collections", { body: { cart_id: cart.id } })).body.payment_collection;
      await call("POST", `/store/payment-collections/${col.id}/payment-sessions`, { body: { provider_id: "pp_kassa_test", data: { card: { number: "4000002500003155" } } } });
      const r = await call("POST", `/store/carts/${cart.id}/complete`, { raw: "" });
      expect(r.body.error).toEqual({ message: "More information is required for payment", name: "Error", type: "payment_requires_more_error" });
    });

    it("refuses to complete without a collection or a session (400 invalid_data)", async () => {
      const cart = await cartWithTee();
      const r1 = await call("POST", `/store/carts/${cart.id}/complete`, { raw: "" });
      expect([r1.status, r1.body]).toEqual([400, { type: "invalid_data", message: "Payment collection has not been initiated for cart" }]);
      await call("POST", "/store/payment-collections", { body: { cart_id: cart.id } });
      const r2 = await call("POST", `/store/carts/${cart.id}/complete`, { raw: "" });
      expect([r2.status, r2.body]).toEqual([400, { type: "invalid_data", message: "Payment sessions are required to complete cart" }]);
    });

    it("replays a mutating request with the same Idempotency-Key and refuses it with another body", async () => {
      const k = { "idempotency-key": `cart-${Date.now()}` };
      const a = await call("POST", "/store/carts", { body: { region_id: usRegion }, headers: k });
      const b = await call("POST", "/store/carts", { body: { region_id: usRegion }, headers: k });
      expect(b.text).toBe(a.text);
      const c = await call("POST", "/store/carts", { body: { region_id: usRegion, email: "x@example.com" }, headers: k });
      expect([c.status, c.body.type, c.body.code]).toEqual([409, "conflict", "invalid_state_error"]);
    });
  });

  describe("customers", () => {
    it("login: token on success, 401 Medusa body on failure", async () => {
      const bad = await emailPassPOST(new Request(`${base}/auth/customer/emailpass`, { method: "POST", body: JSON.stringify({ email: "alice@example.com", password: "nope" }) }));
      expect([bad.status, await bad.json()]).toEqual([401, { type: "unauthorized", message: "Invalid email or password" }]);
      expect(aliceToken).toMatch(/^kst_/);
    });

    it("a customer's cart is theirs: other customers and guests get 404; the payment shows in the customer's payments", async () => {
      const cart = await cartWithTee({ token: aliceToken });
      expect(cart.customer_id).not.toBeNull();
      expect(cart.email).toBe("alice@example.com");
      for (const o of [{ token: bobToken }, {}]) {
        const r = await call("GET", `/store/carts/${cart.id}`, o);
        expect([r.status, r.body]).toEqual([404, { type: "not_found", message: `Cart id not found: ${cart.id}` }]);
        expect((await call("POST", "/store/payment-collections", { ...o, body: { cart_id: cart.id } })).status).toBe(404);
      }
      const col = (await call("POST", "/store/payment-collections", { token: aliceToken, body: { cart_id: cart.id } })).body.payment_collection;
      expect((await call("POST", `/store/payment-collections/${col.id}/payment-sessions`, { token: bobToken, body: { provider_id: "pp_system_default" } })).status).toBe(404);
      expect((await call("GET", `/store/payment-collections/${col.id}`, { token: bobToken })).status).toBe(404);
      await call("POST", `/store/payment-collections/${col.id}/payment-sessions`, { token: aliceToken, body: { provider_id: "pp_kassa_test", data: { card: { number: "4242424242424242" } } } });
      const done = await call("POST", `/store/carts/${cart.id}/complete`, { token: aliceToken, raw: "" });
      expect(done.body.type).toBe("order");
      const aliceId = (await h.db.customer.findUniqueOrThrow({ where: { email: "alice@example.com" } })).id;
      const payments = await getKassa().payments.listPayments({ type: "customer", customerId: aliceId });
      expect(payments.some((p) => p.collectionId === col.id && p.status === "captured")).toBe(true);
    });

    it("another storefront key cannot reach a guest cart", async () => {
      await customerService(h.db); // no-op, keeps the import honest
      const cart = await cartWithTee();
      await h.db.apiKey.create({ data: { id: "key_other_store", kind: "publishable", keyHash: (await import("../../auth/secrets")).sha256("pk_other_store"), redacted: "pk_o…tore" } });
      expect((await call("GET", `/store/carts/${cart.id}`, { key: "pk_other_store" })).status).toBe(404);
    });
  });

  describe("v1 payment collections (minor units)", () => {
    async function v1Collection() {
      const cart = await cartWithTee();
      return (await call("POST", "/store/payment-collections", { body: { cart_id: cart.id } })).body.payment_collection.id as string;
    }

    it("get, manage a session, refresh it into a new one, authorize it", async () => {
      const id = await v1Collection();
      const got = await call("GET", `/store/payment-collections/${id}`);
      expect(got.body.payment_collection).toMatchObject({ id, amount: 2800, status: "not_paid", currency_code: "usd", payment_sessions: [] });
      const managed = await call("POST", `/store/payment-collections/${id}/sessions`, { body: { provider_id: "pp_system_default" } });
      expect(managed.status).toBe(200);
      const [s] = managed.body.payment_collection.payment_sessions;
      expect(s).toMatchObject({ provider_id: "pp_system_default", amount: 2800, status: "pending", is_selected: true });
      const same = await call("POST", `/store/payment-collections/${id}/sessions`, { body: { provider_id: "pp_system_default" } });
      expect(same.body.payment_collection.payment_sessions[0].id).toBe(s.id);
      const refreshed = await call("POST", `/store/payment-collections/${id}/sessions/${s.id}`, { raw: "" });
      expect(refreshed.status).toBe(200);
      expect(refreshed.body.payment_session.id).not.toBe(s.id);
      const auth = await call("POST", `/store/payment-collections/${id}/sessions/${refreshed.body.payment_session.id}/authorize`, { raw: "" });
      expect(auth.status).toBe(200);
      expect(auth.body.payment_session).toMatchObject({ status: "authorized", amount: 2800 });
      const after = await call("GET", `/store/payment-collections/${id}`);
      expect(after.body.payment_collection).toMatchObject({ status: "authorized", authorized_amount: 2800 });
      const locked = await call("POST", `/store/payment-collections/${id}/sessions`, { body: { provider_id: "pp_kassa_test" } });
      expect([locked.status, locked.body]).toEqual([400, { type: "not_allowed", message: "Cannot set payment sessions for a payment collection with status authorized" }]);
    });

    it("authorize answers 422 when the session is not authorized", async () => {
      const id = await v1Collection();
      const s = (await call("POST", `/store/payment-collections/${id}/sessions`, { body: { provider_id: "pp_kassa_test" } })).body.payment_collection.payment_sessions[0];
      const r = await call("POST", `/store/payment-collections/${id}/sessions/${s.id}/authorize`, { raw: "" });
      expect([r.status, r.body]).toEqual([422, { type: "payment_authorization_error", message: `Failed to authorize Payment Session id "${id}"` }]);
    });

    it("batch: amounts must sum to the collection amount; batch authorize answers 207", async () => {
      const id = await v1Collection();
      const wrong = await call("POST", `/store/payment-collections/${id}/sessions/batch`, { body: { sessions: [{ provider_id: "pp_system_default", amount: 100 }] } });
      expect([wrong.status, wrong.body]).toEqual([400, { type: "invalid_data", message: "The sum of sessions is not equal to 2800 on Payment Collection" }]);
      const ok = await call("POST", `/store/payment-collections/${id}/sessions/batch`, { body: { sessions: [{ provider_id: "pp_system_default", amount: 2800 }] } });
      const sid = ok.body.payment_collection.payment_sessions[0].id;
      const auth = await call("POST", `/store/payment-collections/${id}/sessions/batch/authorize`, { body: { session_ids: [sid] } });
      expect(auth.status).toBe(207);
      expect(auth.body.payment_collection).toMatchObject({ status: "authorized", authorized_amount: 2800 });
      const stranger = await call("POST", `/store/payment-collections/${id}/sessions/batch/authorize`, { body: { session_ids: ["payses_nope"] } });
      expect([stranger.status, stranger.body]).toEqual([400, { type: "not_allowed", message: `Payment Session payses_nope does not belong to Payment Collection ${id}` }]);
    });

    it("validates v1 bodies with class-validator's messages", async () => {
      const id = await v1Collection();
      const r = await call("POST", `/store/payment-collections/${id}/sessions`, { body: { provider: "x" } });
      expect([r.status, r.body]).toEqual([400, { type: "invalid_data", message: "provider_id must be a string,property provider should not exist" }]);
      const missing = await call("GET", "/store/payment-collections/paycol_nope");
      expect([missing.status, missing.body]).toEqual([404, { type: "not_found", message: "Payment collection with id paycol_nope was not found" }]);
    });
  });

  describe("Medusa v1 without a publishable key (seed 004)", () => {
    it("a guest's collection is reachable by its id alone; a customer's needs the customer, by token or session cookie", async () => {
      const guestCart = await cartWithTee();
      const guestCol = (await call("POST", "/store/payment-collections", { body: { cart_id: guestCart.id } })).body.payment_collection;
      const keyless = await call("GET", `/store/payment-collections/${guestCol.id}`, { key: null });
      expect([keyless.status, keyless.body.payment_collection.id, keyless.body.payment_collection.amount]).toEqual([200, guestCol.id, 2800]);
      const managed = await call("POST", `/store/payment-collections/${guestCol.id}/sessions`, { key: null, body: { provider_id: "pp_system_default" } });
      expect(managed.status).toBe(200);
      // another storefront's key still scopes it, and a wrong key is still refused
      expect((await call("GET", `/store/payment-collections/${guestCol.id}`, { key: "pk_nope" })).status).toBe(400);

      const aliceCart = await cartWithTee({ token: aliceToken });
      const aliceCol = (await call("POST", "/store/payment-collections", { token: aliceToken, body: { cart_id: aliceCart.id } })).body.payment_collection;
      const stranger = await call("GET", `/store/payment-collections/${aliceCol.id}`, { key: null });
      expect([stranger.status, stranger.body.type]).toEqual([404, "not_found"]);
      expect((await call("GET", `/store/payment-collections/${aliceCol.id}`, { key: null, token: bobToken })).status).toBe(404);
      // v1's token route, then v1's session cookie
      const token = await call("POST", "/store/auth/token", { key: null, body: { email: "alice@example.com", password: "alice-password" } });
      expect(Object.keys(token.body)).toEqual(["access_token"]);
      expect((await call("GET", `/store/payment-collections/${aliceCol.id}`, { key: null, token: token.body.access_token })).status).toBe(200);
      const signIn = await call("POST", "/store/auth", { key: null, body: { email: "alice@example.com", password: "alice-password" } });
      expect(signIn.body.customer).toMatchObject({ email: "alice@example.com", has_account: true, orders: [] });
      const setCookie = signIn.headers.get("set-cookie")!;
      expect(setCookie).toMatch(/^connect\.sid=[^;]+; Path=\/; HttpOnly; SameSite=Lax; Max-Age=2592000$/);
      const cookie = { cookie: setCookie.split(";")[0]! };
      expect((await call("GET", `/store/payment-collections/${aliceCol.id}`, { key: null, headers: cookie })).status).toBe(200);
      expect((await call("GET", "/store/auth", { key: null, headers: cookie })).body.customer.email).toBe("alice@example.com");
      // sign out: 200 "OK", the cookie cleared, its token revoked
      const out = await call("DELETE", "/store/auth", { key: null, headers: cookie });
      expect([out.status, out.text, out.headers.get("set-cookie")]).toEqual([200, "OK", "connect.sid=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0"]);
      expect((await call("GET", "/store/auth", { key: null, headers: cookie })).status).toBe(401);
      expect((await call("GET", `/store/payment-collections/${aliceCol.id}`, { key: null, headers: cookie })).status).toBe(404);
    });

    it("GET honours expand and fields: region with its payment providers, currency, payments with the seed's fields", async () => {
      const cart = await cartWithTee();
      const col = (await call("POST", "/store/payment-collections", { body: { cart_id: cart.id } })).body.payment_collection;
      await call("POST", `/store/payment-collections/${col.id}/sessions`, { key: null, body: { provider_id: "pp_system_default" } });
      const sid = (await call("GET", `/store/payment-collections/${col.id}`, { key: null })).body.payment_collection.payment_sessions[0].id;
      await call("POST", `/store/payment-collections/${col.id}/sessions/${sid}/authorize`, { key: null });
      const def = (await call("GET", `/store/payment-collections/${col.id}`, { key: null })).body.payment_collection;
      expect(Object.keys(def)).toEqual(expect.arrayContaining(["id", "type", "status", "amount", "authorized_amount", "region_id", "currency_code", "payment_sessions", "payments"]));
      expect(def).not.toHaveProperty("region");
      expect(Object.keys(def.payments[0]).sort()).toEqual(
        ["amount", "amount_refunded", "canceled_at", "captured_at", "cart_id", "created_at", "currency_code", "data", "id", "idempotency_key", "metadata", "order_id", "provider_id", "swap_id", "updated_at"].sort(),
      );
      expect(def.payments[0]).toMatchObject({ cart_id: cart.id, order_id: null, amount: 2800, currency_code: "usd" });
      const expanded = (await call("GET", `/store/payment-collections/${col.id}?expand=region,currency&fields=amount,status`, { key: null })).body.payment_collection;
      expect(Object.keys(expanded).sort()).toEqual(["amount", "currency", "id", "region", "status"]);
      expect(expanded.region).toMatchObject({ id: usRegion, currency_code: "usd", payment_providers: [{ id: "pp_system_default", is_installed: true }, { id: "pp_kassa_test", is_installed: true }] });
      expect(expanded.currency).toEqual({ code: "usd", symbol: "$", symbol_native: "$", name: "US Dollar" });
      const bad = await call("GET", `/store/payment-collections/${col.id}?expand=nope`, { key: null });
      expect([bad.status, bad.body.type]).toEqual([400, "invalid_data"]);
      expect((await call("GET", `/store/payment-collections/${col.id}?fields=nope`, { key: null })).status).toBe(400);
    });

    it("/store/auth answers as Medusa v1: a bare 401 for wrong credentials, class-validator's words for bad bodies", async () => {
      const wrong = await call("POST", "/store/auth", { key: null, body: { email: "alice@example.com", password: "nope" } });
      expect([wrong.status, wrong.text]).toEqual([401, "Unauthorized"]);
      expect((await call("POST", "/store/auth/token", { key: null, body: { email: "alice@example.com", password: "nope" } })).text).toBe("Unauthorized");
      const bad = await call("POST", "/store/auth", { key: null, body: { email: "not-an-email", password: "" } });
      expect([bad.status, bad.body]).toEqual([400, { type: "invalid_data", message: "email must be an email,password should not be empty" }]);
      expect((await call("GET", "/store/auth", { key: null })).status).toBe(401);
      // the v2 routes still need the key
      expect((await call("GET", "/store/regions", { key: null })).status).toBe(400);
    });
  });
});
