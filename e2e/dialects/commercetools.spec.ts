// Contract suite: commercetools' official TypeScript SDK (@commercetools/platform-sdk + @commercetools/ts-client)
// against the built app, changing only the API and auth hosts.
import { createApiBuilderFromCtpClient, type MyPayment } from "@commercetools/platform-sdk";
import { ClientBuilder } from "@commercetools/ts-client";
import { signIn } from "../helpers";
import { expect, test } from "@playwright/test";

const host = `http://127.0.0.1:${process.env.E2E_PORT || 3100}/commercetools`;
const projectKey = "kassa-demo";
const credentials = { clientId: "kassa-demo-client", clientSecret: "kassa-demo-secret" };
const scopes = [`manage_my_payments:${projectKey}`];

function passwordApi(username: string, password: string) {
  const client = new ClientBuilder()
    .withProjectKey(projectKey)
    .withPasswordFlow({ host, projectKey, credentials: { ...credentials, user: { username, password } }, scopes, httpClient: fetch })
    .withHttpMiddleware({ host, httpClient: fetch })
    .build();
  return createApiBuilderFromCtpClient(client).withProjectKey({ projectKey });
}

function anonymousApi(anonymousId?: string) {
  const client = new ClientBuilder()
    .withProjectKey(projectKey)
    .withAnonymousSessionFlow({ host, projectKey, credentials: { ...credentials, ...(anonymousId ? { anonymousId } : {}) }, scopes, httpClient: fetch })
    .withHttpMiddleware({ host, httpClient: fetch })
    .build();
  return createApiBuilderFromCtpClient(client).withProjectKey({ projectKey });
}

const draft = { amountPlanned: { currencyCode: "USD", centAmount: 2500 }, paymentMethodInfo: { paymentInterface: "kassa", method: "card", name: { en: "Card" } } };

test("password flow: create, get, query, update (version increments), stale version 409, transaction freeze, delete", async () => {
  const api = passwordApi("alice@example.com", "alice-password");
  const created = (await api.me().payments().post({ body: draft }).execute()).body;
  expect(created).toMatchObject({ version: 1, amountPlanned: { type: "centPrecision", centAmount: 2500, currencyCode: "USD", fractionDigits: 2 }, customer: { typeId: "customer" } });
  const got = (await api.me().payments().withId({ ID: created.id }).get().execute()).body;
  expect(got.id).toBe(created.id);

  const query = (await api.me().payments().get({ queryArgs: { where: [`id = "${created.id}"`, "amountPlanned(centAmount >= 2500)"], sort: ["createdAt desc"], limit: 5, offset: 0, withTotal: true } }).execute()).body;
  expect([query.count, query.total, query.results[0]?.id]).toEqual([1, 1, created.id]);

  const updated = (await api.me().payments().withId({ ID: created.id }).post({ body: { version: 1, actions: [{ action: "setMethodInfoMethod", method: "wallet" }] } }).execute()).body;
  expect([updated.version, updated.paymentMethodInfo.method]).toEqual([2, "wallet"]);

  const stale = await api.me().payments().withId({ ID: created.id }).post({ body: { version: 1, actions: [{ action: "setMethodInfoMethod", method: "x" }] } }).execute().catch((e) => e);
  expect(stale.statusCode ?? stale.status).toBe(409);
  expect(stale.body?.errors?.[0]).toMatchObject({ code: "ConcurrentModification", currentVersion: 2 });

  const withTx = (await api.me().payments().withId({ ID: created.id }).post({ body: { version: 2, actions: [{ action: "addTransaction", transaction: { type: "Authorization", amount: { currencyCode: "USD", centAmount: 2500 } } }] } }).execute()).body;
  expect(withTx.transactions).toHaveLength(1);
  expect(withTx.transactions[0]).toMatchObject({ type: "Authorization", state: "Initial" });
  const refusedUpdate = await api.me().payments().withId({ ID: created.id }).post({ body: { version: 3, actions: [{ action: "setMethodInfoMethod", method: "y" }] } }).execute().catch((e) => e);
  expect(refusedUpdate.statusCode ?? refusedUpdate.status).toBe(400);
  const refusedDelete = await api.me().payments().withId({ ID: created.id }).delete({ queryArgs: { version: 3 } }).execute().catch((e) => e);
  expect(refusedDelete.statusCode ?? refusedDelete.status).toBe(400);

  const other = (await api.me().payments().post({ body: draft }).execute()).body;
  const deleted = (await api.me().payments().withId({ ID: other.id }).delete({ queryArgs: { version: 1 } }).execute()).body;
  expect(deleted.id).toBe(other.id);
});

test("JPY payments carry fractionDigits 0", async () => {
  const api = passwordApi("bob@example.com", "bob-password");
  const p: MyPayment = (await api.me().payments().post({ body: { amountPlanned: { currencyCode: "JPY", centAmount: 4200 } } }).execute()).body;
  expect(p.amountPlanned).toEqual({ type: "centPrecision", currencyCode: "JPY", centAmount: 4200, fractionDigits: 0 });
});

test("Bob cannot read or change Alice's payments; an anonymous session sees only its own", async () => {
  const alice = passwordApi("alice@example.com", "alice-password");
  const bob = passwordApi("bob@example.com", "bob-password");
  const p = (await alice.me().payments().post({ body: draft }).execute()).body;
  const read = await bob.me().payments().withId({ ID: p.id }).get().execute().catch((e) => e);
  expect(read.statusCode ?? read.status).toBe(404);
  const change = await bob.me().payments().withId({ ID: p.id }).post({ body: { version: 1, actions: [] } }).execute().catch((e) => e);
  expect(change.statusCode ?? change.status).toBe(404);
  const bobs = (await bob.me().payments().get({ queryArgs: { limit: 500 } }).execute()).body;
  expect(bobs.results.some((x) => x.id === p.id)).toBe(false);

  const anonA = anonymousApi(`e2e-a-${Date.now()}`);
  const anonB = anonymousApi();
  const mine = (await anonA.me().payments().post({ body: draft }).execute()).body;
  expect(mine.anonymousId).toMatch(/^e2e-a-/);
  expect((await anonB.me().payments().get().execute()).body.results).toEqual([]);
  const theirs = await anonB.me().payments().withId({ ID: mine.id }).get().execute().catch((e) => e);
  expect(theirs.statusCode ?? theirs.status).toBe(404);
});

test("a token without manage_my_payments is refused", async () => {
  const client = new ClientBuilder()
    .withProjectKey(projectKey)
    .withAnonymousSessionFlow({ host, projectKey, credentials, scopes: [`create_anonymous_token:${projectKey}`], httpClient: fetch })
    .withHttpMiddleware({ host, httpClient: fetch })
    .build();
  const api = createApiBuilderFromCtpClient(client).withProjectKey({ projectKey });
  const r = await api.me().payments().get().execute().catch((e) => e);
  expect(r.statusCode ?? r.status ?? r.code).toBeTruthy();
  expect(JSON.stringify(r)).toContain("invalid_scope");
});

test("a payment created here shows up for the customer on /account/payments", async ({ page }) => {
  const api = passwordApi("alice@example.com", "alice-password");
  const p = (await api.me().payments().post({ body: { amountPlanned: { currencyCode: "EUR", centAmount: 1234 } } }).execute()).body;
  await signIn(page, "alice@example.com", "alice-password");
  await page.goto("/account/payments");
  await expect(page.getByTestId(`payment-${p.id}`)).toContainText("€12.34");
});

test("with the SDK: custom types by key become references, transaction custom comes back, expand=customer, where=anonymousId", async () => {
  const api = passwordApi("alice@example.com", "alice-password");
  const created = (await api.me().payments().post({ body: { ...draft, custom: { type: { key: "kassa-payment-info", typeId: "type" }, fields: { note: "gift" } } } }).execute()).body;
  expect(created.custom).toEqual({ type: { typeId: "type", id: "0c5f3b6e-8d2a-4f71-9b3e-6a1d4c7e2f90" }, fields: { note: "gift" } });
  const unknown = await api.me().payments().post({ body: { ...draft, custom: { type: { key: "nope", typeId: "type" } } } }).execute().catch((e) => e);
  expect([unknown.statusCode ?? unknown.status, unknown.body?.errors?.[0]?.code]).toEqual([400, "ReferencedResourceNotFound"]);
  const withTx = (
    await api.me().payments().withId({ ID: created.id }).post({ body: { version: 1, actions: [{ action: "addTransaction", transaction: { type: "Charge", amount: { currencyCode: "USD", centAmount: 2500 }, custom: { type: { key: "kassa-transaction-info", typeId: "type" }, fields: { psp: "r-1" } } } }] } }).execute()
  ).body;
  expect(withTx.transactions[0]!.custom).toEqual({ type: { typeId: "type", id: "7e2a9c41-3b5d-4e8f-a6c2-9d1b5f3e7a08" }, fields: { psp: "r-1" } });
  const expanded = (await api.me().payments().withId({ ID: created.id }).get({ queryArgs: { expand: ["customer"] } }).execute()).body;
  expect(expanded.customer?.obj).toMatchObject({ email: "alice@example.com" });

  const anonymousId = `e2e-anon-${Date.now()}`;
  const anon = anonymousApi(anonymousId);
  const mine = (await anon.me().payments().post({ body: draft }).execute()).body;
  expect(mine.anonymousId).toBe(anonymousId);
  const found = (await anon.me().payments().get({ queryArgs: { where: [`anonymousId = "${anonymousId}"`] } }).execute()).body;
  expect(found.results.map((p: MyPayment) => p.id)).toEqual([mine.id]);
});
