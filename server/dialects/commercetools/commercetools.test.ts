// Raw-HTTP tests of the commercetools dialect: OAuth flows and My Payments, through the route handlers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seed } from "../../../prisma/seed";
import type { DbHandle } from "../../db";
import { embeddedTestDb } from "../../test/db";
import { useTestDatabase } from "../../test/app";
import { getKassa } from "../../kassa";
import { DELETE, GET, POST } from "./router";

const BASIC = `Basic ${Buffer.from("kassa-demo-client:kassa-demo-secret").toString("base64")}`;
const base = "http://localhost/commercetools";

async function token(path: string, form: string, auth = BASIC) {
  const res = await POST(new Request(`${base}${path}`, { method: "POST", headers: { authorization: auth, "content-type": "application/x-www-form-urlencoded" }, body: form }));
  return { status: res.status, body: await res.json() };
}

async function api(method: "GET" | "POST" | "DELETE", path: string, tok: string | null, body?: unknown) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (tok) headers.authorization = `Bearer ${tok}`;
  const req = new Request(`${base}/kassa-demo${path}`, { method, headers, body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body) });
  const res = await (method === "GET" ? GET : method === "POST" ? POST : DELETE)(req);
  return { status: res.status, body: await res.json() };
}

const password = (u: string, p: string, scope = "manage_my_payments:kassa-demo") =>
  token("/oauth/kassa-demo/customers/token", `grant_type=password&username=${encodeURIComponent(u)}&password=${encodeURIComponent(p)}&scope=${scope}`);

describe("commercetools dialect", () => {
  let h: DbHandle;
  let alice: string;
  let bob: string;
  beforeAll(async () => {
    h = await embeddedTestDb();
    await seed(h.db);
    useTestDatabase(h);
    alice = (await password("alice@example.com", "alice-password")).body.access_token;
    bob = (await password("bob@example.com", "bob-password")).body.access_token;
  });
  afterAll(() => h.close());

  describe("OAuth", () => {
    it("password flow: token body; wrong password, client and scope are refused in commercetools' shape", async () => {
      const ok = await password("alice@example.com", "alice-password");
      expect(ok.status).toBe(200);
      expect(ok.body).toEqual({ access_token: expect.any(String), token_type: "Bearer", expires_in: 172800, scope: expect.stringMatching(/^manage_my_payments:kassa-demo customer_id:cus_/), refresh_token: expect.any(String) });
      const wrong = await password("alice@example.com", "nope");
      expect([wrong.status, wrong.body]).toEqual([400, {
        statusCode: 400,
        message: "Customer account with the given credentials not found.",
        errors: [{ code: "invalid_customer_account_credentials", message: "Customer account with the given credentials not found." }],
        error: "invalid_customer_account_credentials",
        error_description: "Customer account with the given credentials not found.",
      }]);
      const badClient = await token("/oauth/kassa-demo/customers/token", "grant_type=password&username=a&password=b", `Basic ${Buffer.from("kassa-demo-client:wrong").toString("base64")}`);
      expect([badClient.status, badClient.body.error]).toEqual([401, "invalid_client"]);
      const scope = await password("alice@example.com", "alice-password", "manage_project:kassa-demo");
      expect([scope.status, scope.body.error, scope.body.message]).toEqual([400, "invalid_scope", "Malformed parameter: scope: Invalid scope."]);
      const grant = await token("/oauth/kassa-demo/customers/token", "grant_type=magic");
      expect([grant.status, grant.body.error]).toEqual([400, "unsupported_grant_type"]);
      const otherProject = await token("/oauth/other-project/customers/token", "grant_type=password&username=alice%40example.com&password=alice-password");
      expect(otherProject.status).toBe(401);
    });

    it("anonymous flow: a new session per anonymous_id; reusing an id is refused; refresh keeps the subject", async () => {
      const id = `anon-${Date.now()}`;
      const a = await token("/oauth/kassa-demo/anonymous/token", `grant_type=client_credentials&scope=manage_my_payments:kassa-demo&anonymous_id=${id}`);
      expect(a.status).toBe(200);
      expect(a.body.scope).toBe(`manage_my_payments:kassa-demo anonymous_id:${id}`);
      const again = await token("/oauth/kassa-demo/anonymous/token", `grant_type=client_credentials&anonymous_id=${id}`);
      expect([again.status, again.body.message]).toEqual([400, "The given anonymous ID is already in use."]);
      const r = await token("/oauth/token", `grant_type=refresh_token&refresh_token=${encodeURIComponent(a.body.refresh_token)}`);
      expect(r.status).toBe(200);
      expect(r.body.refresh_token).toBeUndefined();
      expect(r.body.scope).toBe(a.body.scope);
      const bad = await token("/oauth/token", "grant_type=refresh_token&refresh_token=nope");
      expect([bad.status, bad.body.error]).toEqual([400, "invalid_grant"]);
    });
  });

  describe("My Payments", () => {
    const draft = { amountPlanned: { currencyCode: "USD", centAmount: 1000 }, paymentMethodInfo: { paymentInterface: "kassa", method: "card", name: { en: "Card" } } };

    it("creates, reads, updates with versions (409 with currentVersion when stale), deletes", async () => {
      const created = await api("POST", "/me/payments", alice, draft);
      expect(created.status).toBe(201);
      const p = created.body;
      expect(p).toMatchObject({
        version: 1,
        customer: { typeId: "customer", id: expect.stringMatching(/^cus_/) },
        amountPlanned: { type: "centPrecision", currencyCode: "USD", centAmount: 1000, fractionDigits: 2 },
        paymentMethodInfo: { paymentInterface: "kassa", method: "card", name: { en: "Card" } },
        transactions: [],
      });
      expect((await api("GET", `/me/payments/${p.id}`, alice)).body).toEqual(p);
      // expand=customer fills the reference's obj (on get, query and create alike); unknown paths change nothing
      const expanded = (await api("GET", `/me/payments/${p.id}?expand=customer`, alice)).body;
      expect(expanded.customer).toEqual({ typeId: "customer", id: p.customer.id, obj: expect.objectContaining({ id: p.customer.id, version: 1, email: "alice@example.com", addresses: [] }) });
      const listed = (await api("GET", `/me/payments?where=${encodeURIComponent(`id="${p.id}"`)}&expand=customer`, alice)).body;
      expect(listed.results[0].customer.obj.email).toBe("alice@example.com");
      expect((await api("GET", `/me/payments/${p.id}?expand=paymentStatus.state`, alice)).body).toEqual(p);
      const upd = await api("POST", `/me/payments/${p.id}`, alice, { version: 1, actions: [{ action: "setMethodInfoMethod", method: "wallet" }, { action: "changeAmountPlanned", amount: { currencyCode: "USD", centAmount: 1500 } }] });
      expect(upd.status).toBe(200);
      expect(upd.body).toMatchObject({ version: 2, paymentMethodInfo: { method: "wallet" }, amountPlanned: { centAmount: 1500 } });
      const stale = await api("POST", `/me/payments/${p.id}`, alice, { version: 1, actions: [{ action: "setMethodInfoMethod", method: "x" }] });
      expect(stale.status).toBe(409);
      expect(stale.body).toEqual({
        statusCode: 409,
        message: `Object ${p.id} has a different version than expected. Expected: 1 - Actual: 2.`,
        errors: [{ code: "ConcurrentModification", message: `Object ${p.id} has a different version than expected. Expected: 1 - Actual: 2.`, currentVersion: 2 }],
      });
      const del = await api("DELETE", `/me/payments/${p.id}?version=2`, alice);
      expect([del.status, del.body.id]).toEqual([200, p.id]);
      expect((await api("GET", `/me/payments/${p.id}`, alice)).status).toBe(404);
    });

    it("freezes a payment after its first transaction; only Authorization or Charge in state Initial", async () => {
      const p = (await api("POST", "/me/payments", alice, draft)).body;
      const refund = await api("POST", `/me/payments/${p.id}`, alice, { version: 1, actions: [{ action: "addTransaction", transaction: { type: "Refund", amount: { currencyCode: "USD", centAmount: 100 } } }] });
      expect([refund.status, refund.body.errors[0].code]).toEqual([400, "InvalidInput"]);
      const add = await api("POST", `/me/payments/${p.id}`, alice, { version: 1, actions: [{ action: "addTransaction", transaction: { type: "Charge", amount: { currencyCode: "USD", centAmount: 1000 }, interactionId: "x-1" } }] });
      expect(add.status).toBe(200);
      expect(add.body.transactions).toEqual([{ id: expect.stringMatching(/^txn_/), timestamp: expect.any(String), type: "Charge", amount: { type: "centPrecision", currencyCode: "USD", centAmount: 1000, fractionDigits: 2 }, interactionId: "x-1", state: "Initial" }]);
      // a transaction's custom fields come back with it
      const q = (await api("POST", "/me/payments", alice, draft)).body;
      const TX_TYPE = "7e2a9c41-3b5d-4e8f-a6c2-9d1b5f3e7a08"; // the demo's kassa-transaction-info Type
      const unknownType = await api("POST", `/me/payments/${q.id}`, alice, { version: 1, actions: [{ action: "addTransaction", transaction: { type: "Authorization", amount: { currencyCode: "USD", centAmount: 1000 }, custom: { type: { typeId: "type", key: "psp-tx" }, fields: {} } } }] });
      expect([unknownType.status, unknownType.body.errors[0]]).toEqual([400, { code: "ReferencedResourceNotFound", message: expect.any(String), typeId: "type", key: "psp-tx" }]);
      const withCustom = await api("POST", `/me/payments/${q.id}`, alice, { version: 1, actions: [{ action: "addTransaction", transaction: { type: "Authorization", amount: { currencyCode: "USD", centAmount: 1000 }, custom: { type: { typeId: "type", key: "kassa-transaction-info" }, fields: { pspRef: "r-9" } } } }] });
      expect(withCustom.body.transactions[0].custom).toEqual({ type: { typeId: "type", id: TX_TYPE }, fields: { pspRef: "r-9" } });
      expect((await api("GET", `/me/payments/${q.id}`, alice)).body.transactions[0].custom).toEqual({ type: { typeId: "type", id: TX_TYPE }, fields: { pspRef: "r-9" } });
      // a payment's custom type: by key resolved to the reference; by id kept; unknown, or a Type for another resource, refused
      const byKey = await api("POST", "/me/payments", alice, { ...draft, custom: { type: { key: "kassa-payment-info" }, fields: { note: "gift" } } });
      expect([byKey.status, byKey.body.custom]).toEqual([201, { type: { typeId: "type", id: "0c5f3b6e-8d2a-4f71-9b3e-6a1d4c7e2f90" }, fields: { note: "gift" } }]);
      const byId = await api("POST", "/me/payments", alice, { ...draft, custom: { type: { typeId: "type", id: "0c5f3b6e-8d2a-4f71-9b3e-6a1d4c7e2f90" } } });
      expect(byId.body.custom).toEqual({ type: { typeId: "type", id: "0c5f3b6e-8d2a-4f71-9b3e-6a1d4c7e2f90" }, fields: {} });
      for (const type of [{ key: "nope" }, { id: "00000000-0000-0000-0000-000000000000" }, { key: "kassa-transaction-info" }]) {
        const refused = await api("POST", "/me/payments", alice, { ...draft, custom: { type } });
        expect([refused.status, refused.body.errors[0].code, refused.body.errors[0].typeId], JSON.stringify(type)).toEqual([400, "ReferencedResourceNotFound", "type"]);
      }
      const frozen = await api("POST", `/me/payments/${p.id}`, alice, { version: 2, actions: [{ action: "setMethodInfoMethod", method: "y" }] });
      expect([frozen.status, frozen.body.errors[0].code]).toEqual([400, "InvalidOperation"]);
      const noDelete = await api("DELETE", `/me/payments/${p.id}?version=2`, alice);
      expect([noDelete.status, noDelete.body.errors[0].code]).toEqual([400, "InvalidOperation"]);
      const withTx = await api("POST", "/me/payments", alice, { ...draft, transaction: { type: "Refund", amount: { currencyCode: "USD", centAmount: 5 } } });
      expect(withTx.status).toBe(400);
    });

    it("refuses mixed currencies in the ledger (currency_mismatch -> InvalidOperation)", async () => {
      const p = (await api("POST", "/me/payments", alice, draft)).body;
      const change = await api("POST", `/me/payments/${p.id}`, alice, { version: 1, actions: [{ action: "changeAmountPlanned", amount: { currencyCode: "EUR", centAmount: 1000 } }] });
      expect([change.status, change.body.errors[0].code]).toEqual([400, "InvalidOperation"]);
      const tx = await api("POST", `/me/payments/${p.id}`, alice, { version: 1, actions: [{ action: "addTransaction", transaction: { type: "Charge", amount: { currencyCode: "JPY", centAmount: 1000 } } }] });
      expect([tx.status, tx.body.errors[0].code]).toEqual([400, "InvalidOperation"]);
      expect((await api("GET", `/me/payments/${p.id}`, alice)).body.version).toBe(1);
    });

    it("renders JPY with fractionDigits 0 and KWD with 3", async () => {
      const jpy = await api("POST", "/me/payments", alice, { amountPlanned: { currencyCode: "JPY", centAmount: 4200 } });
      expect(jpy.body.amountPlanned).toEqual({ type: "centPrecision", currencyCode: "JPY", centAmount: 4200, fractionDigits: 0 });
      const kwd = await api("POST", "/me/payments", alice, { amountPlanned: { currencyCode: "KWD", centAmount: 5125 } });
      expect(kwd.body.amountPlanned.fractionDigits).toBe(3);
    });

    it("queries with where (several, variables), sort, limit, offset, withTotal", async () => {
      const fresh = (await token("/oauth/kassa-demo/anonymous/token", `grant_type=client_credentials&anonymous_id=q-${Date.now()}`)).body.access_token;
      for (const c of [100, 200, 300, 400]) await api("POST", "/me/payments", fresh, { amountPlanned: { currencyCode: c === 400 ? "EUR" : "USD", centAmount: c } });
      const q = (s: string) => api("GET", `/me/payments?${s}`, fresh);
      const all = await q("sort=amountPlanned.centAmount%20desc");
      expect([all.body.count, all.body.total, all.body.limit, all.body.offset]).toEqual([4, 4, 20, 0]);
      expect(all.body.results.map((r: { amountPlanned: { centAmount: number } }) => r.amountPlanned.centAmount)).toEqual([400, 300, 200, 100]);
      const two = await q(`where=${encodeURIComponent("amountPlanned(centAmount > 100)")}&where=${encodeURIComponent('amountPlanned(currencyCode = "USD")')}&sort=createdAt%20asc&limit=1&offset=1`);
      expect([two.body.count, two.body.total, two.body.results[0].amountPlanned.centAmount]).toEqual([1, 2, 300]);
      const vars = await q(`where=${encodeURIComponent("amountPlanned(centAmount in :c)")}&var.c=100&var.c=400&withTotal=false`);
      expect(vars.body.count).toBe(2);
      expect(vars.body.total).toBeUndefined();
      const bad = await q(`where=${encodeURIComponent("amountPlanned(centAmount >")}`);
      expect(bad.status).toBe(400);
      expect(bad.body.errors[0].code).toBe("InvalidInput");
      expect(bad.body.message).toMatch(/^Malformed parameter: where: Syntax error while parsing 'where'\./);
      expect((await q("limit=501")).status).toBe(400);
      expect((await q("offset=10001")).status).toBe(400);
    });

    it("Bob cannot read or change Alice's payment; tokens without the scope or with none are refused", async () => {
      const p = (await api("POST", "/me/payments", alice, draft)).body;
      for (const [m, body] of [["GET", undefined], ["POST", { version: 1, actions: [] }], ["DELETE", undefined]] as const) {
        const r = await api(m, `/me/payments/${p.id}${m === "DELETE" ? "?version=1" : ""}`, bob, body);
        expect([r.status, r.body.errors[0].code], m).toEqual([404, "ResourceNotFound"]);
      }
      const bobs = await api("GET", "/me/payments?limit=500", bob);
      expect(bobs.body.results.some((x: { id: string }) => x.id === p.id)).toBe(false);
      const none = await api("GET", "/me/payments", null);
      expect([none.status, none.body]).toEqual([401, { statusCode: 401, message: "invalid_token", errors: [{ code: "invalid_token", message: "invalid_token" }], error: "invalid_token" }]);
      const anonNoScope = (await token("/oauth/kassa-demo/anonymous/token", "grant_type=client_credentials&scope=create_anonymous_token:kassa-demo")).body;
      expect(anonNoScope.error).toBe("invalid_scope");
      const { createTokenService } = await import("../../auth/tokens");
      const weak = await createTokenService({ db: h.db }).issue({ subject: { type: "anonymous", anonymousId: "ct:weak" }, audience: "commercetools", scopes: ["view_products:kassa-demo"], ttlSeconds: 60 });
      const r = await api("GET", "/me/payments", weak.token);
      expect([r.status, r.body.error]).toEqual([403, "insufficient_scope"]);
    });

    it("an anonymous session sees only its own payments, and a customer's ct payment is on their ledger", async () => {
      const a1 = (await token("/oauth/kassa-demo/anonymous/token", `grant_type=client_credentials&anonymous_id=s1-${Date.now()}`)).body.access_token;
      const a2 = (await token("/oauth/kassa-demo/anonymous/token", `grant_type=client_credentials&anonymous_id=s2-${Date.now()}`)).body.access_token;
      const p = (await api("POST", "/me/payments", a1, draft)).body;
      expect(p.anonymousId).toMatch(/^s1-/);
      expect((await api("GET", `/me/payments/${p.id}`, a2)).status).toBe(404);
      expect((await api("GET", "/me/payments", a2)).body.results).toEqual([]);
      // where=anonymousId matches the id the client gave (Kassa's own prefix never leaks, in or out)
      const byId = await api("GET", `/me/payments?where=${encodeURIComponent(`anonymousId="${p.anonymousId}"`)}`, a1);
      expect(byId.body.results.map((x: { id: string }) => x.id)).toEqual([p.id]);
      const notMine = await api("GET", `/me/payments?where=${encodeURIComponent(`anonymousId != "${p.anonymousId}"`)}`, a1);
      expect(notMine.body.results).toEqual([]);
      const inList = await api("GET", `/me/payments?where=${encodeURIComponent(`anonymousId in ("nope", "${p.anonymousId}")`)}`, a1);
      expect(inList.body.results.map((x: { id: string }) => x.id)).toEqual([p.id]);
      expect((await api("GET", `/me/payments?where=${encodeURIComponent(`anonymousId="ct:${p.anonymousId}"`)}`, a1)).body.results).toEqual([]);
      const mine = (await api("POST", "/me/payments", alice, draft)).body;
      const aliceId = mine.customer.id;
      const ledger = await getKassa().payments.listPayments({ type: "customer", customerId: aliceId }, { limit: 100 });
      expect(ledger.some((x) => x.id === mine.id)).toBe(true);
    });

    it("answers malformed JSON and bad drafts with InvalidJsonInput", async () => {
      const r = await api("POST", "/me/payments", alice, "{nope");
      expect([r.status, r.body.errors[0].code]).toEqual([400, "InvalidJsonInput"]);
      const d = await api("POST", "/me/payments", alice, { amountPlanned: { currencyCode: "usd", centAmount: 1.5 } });
      expect([d.status, d.body.errors[0].code]).toEqual([400, "InvalidJsonInput"]);
    });
  });
});
