// Contract suite: Magento 2 REST over raw HTTP against the built app, as a Magento client (or Adobe Payment
// Services' storefront code) calls it: JSON, snake_case JSON and XML, in and out.
import { XMLParser } from "fast-xml-parser";
import { signIn } from "../helpers";
import { expect, test, type APIRequestContext } from "@playwright/test";

const xml = new XMLParser({ parseTagValue: false });

async function token(request: APIRequestContext, username: string, password: string) {
  const r = await request.post("/rest/V1/integration/customer/token", { data: { username, password } });
  expect(r.status()).toBe(200);
  return (await r.json()) as string;
}

async function newCustomer(request: APIRequestContext) {
  const email = `mage-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`;
  const r = await request.post("/api/trpc/account.register", { data: { json: { email, password: "magento password" } } });
  expect(r.status()).toBe(200);
  return email;
}

async function register(request: APIRequestContext) {
  return token(request, await newCustomer(request), "magento password");
}

const auth = (t: string, extra: Record<string, string> = {}) => ({ authorization: `Bearer ${t}`, ...extra });

for (const [store, expected, currency] of [["default", 112, "USD"], ["eur", 104, "EUR"], ["jpy", 16800, "JPY"]] as const) {
  test(`token -> cart -> items -> payment order -> get, exact ${currency} amounts`, async ({ request }) => {
    const t = await register(request);
    const cartId = await (await request.post(`/rest/${store}/V1/carts/mine`, { headers: auth(t) })).json();
    expect(Number.isInteger(cartId)).toBe(true);
    const item = await request.post(`/rest/${store}/V1/carts/mine/items`, { headers: auth(t), data: { cartItem: { sku: "TEE-BLACK-M", qty: 2, quote_id: String(cartId) } } });
    expect(item.status()).toBe(200);
    const snake = await request.post(`/rest/${store}/V1/carts/mine/items`, { headers: auth(t), data: { cart_item: { sku: "CAP-NAVY", qty: 1, quoteId: cartId } } });
    expect(snake.status()).toBe(200);
    const totals = await (await request.get(`/rest/${store}/V1/carts/mine/totals`, { headers: auth(t) })).json();
    expect([totals.grand_total, totals.quote_currency_code]).toEqual([expected, currency]);
    const po = await request.post(`/rest/${store}/V1/carts/mine/payment-order`, { headers: auth(t), data: { methodCode: "payment_services_paypal_hosted_fields", paymentSource: "cc", location: "CHECKOUT", vaultIntent: false } });
    expect(po.status()).toBe(200);
    const order = await po.json();
    expect(order).toEqual({ id: expect.any(String), mp_order_id: expect.any(String), status: "CREATED", amount: expected, currency_code: currency });
    const snakeAgain = await (await request.post(`/rest/${store}/V1/carts/mine/payment-order`, { headers: auth(t), data: { method_code: "payment_services_paypal_hosted_fields", payment_source: "cc", location: "CHECKOUT" } })).json();
    expect(snakeAgain).toEqual(order);
    const got = await (await request.get(`/rest/${store}/V1/carts/mine/payment-order/${order.id}`, { headers: auth(t) })).json();
    expect(got).toEqual(order);
  });
}

test("XML in and out: token, item and payment order", async ({ request }) => {
  const email = await newCustomer(request);
  const tokenXml = await request.post("/rest/V1/integration/customer/token", {
    headers: { "content-type": "application/xml", accept: "application/xml" },
    data: `<?xml version="1.0"?><request><username>${email}</username><password>magento password</password></request>`,
  });
  expect(tokenXml.status()).toBe(200);
  const t = String(xml.parse(await tokenXml.text()).response);
  expect(t.length).toBeGreaterThan(20);
  await request.post("/rest/V1/carts/mine", { headers: auth(t) });
  const item = await request.post("/rest/V1/carts/mine/items", {
    headers: auth(t, { "content-type": "text/xml", accept: "text/xml" }),
    data: "<?xml version=\"1.0\"?><request><cartItem><sku>MUG-WHITE</sku><qty>1</qty></cartItem></request>",
  });
  expect(xml.parse(await item.text()).response).toMatchObject({ sku: "MUG-WHITE", qty: "1", price: "12.5" });
  const po = await request.post("/rest/V1/carts/mine/payment-order", {
    headers: auth(t, { "content-type": "application/xml", accept: "application/xml" }),
    data: "<?xml version=\"1.0\"?><request><methodCode>payment_services_paypal_smart_buttons</methodCode><paymentSource>paypal</paymentSource><location>CART</location></request>",
  });
  expect(po.status()).toBe(200);
  expect(xml.parse(await po.text()).response).toMatchObject({ status: "CREATED", currency_code: "USD" });
});

test("refusals: 401 without a valid token, 400 for an unknown methodCode, 406 for Accept: image/png, XXE refused", async ({ request }) => {
  const none = await request.get("/rest/V1/carts/mine");
  expect(none.status()).toBe(401);
  expect(await none.json()).toEqual({ message: "The consumer isn't authorized to access %resources.", parameters: { resources: "self" } });
  expect((await request.get("/rest/V1/carts/mine", { headers: auth("not-a-token") })).status()).toBe(401);

  const t = await register(request);
  await request.post("/rest/V1/carts/mine", { headers: auth(t) });
  await request.post("/rest/V1/carts/mine/items", { headers: auth(t), data: { cartItem: { sku: "MUG-WHITE", qty: 1 } } });
  const bad = await request.post("/rest/V1/carts/mine/payment-order", { headers: auth(t), data: { methodCode: "checkmo", paymentSource: "cc", location: "CHECKOUT" } });
  expect([bad.status(), await bad.json()]).toEqual([400, { message: "Invalid methodCode" }]);

  const png = await request.get("/rest/V1/carts/mine", { headers: auth(t, { accept: "image/png" }) });
  expect(png.status()).toBe(406);

  const xxe = await request.post("/rest/V1/integration/customer/token", {
    headers: { "content-type": "application/xml" },
    data: '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><request><username>&x;</username><password>x</password></request>',
  });
  expect(xxe.status()).toBe(400);
  expect(await xxe.text()).not.toContain("root:");
});

test("a payment order made here shows up for the customer on /account/payments", async ({ request, page }) => {
  const t = await token(request, "alice@example.com", "alice-password");
  await request.post("/rest/V1/carts/mine", { headers: auth(t) });
  await request.post("/rest/V1/carts/mine/items", { headers: auth(t), data: { cartItem: { sku: "CAP-NAVY", qty: 3 } } });
  const order = await (await request.post("/rest/V1/carts/mine/payment-order", { headers: auth(t), data: { methodCode: "payment_services_paypal_hosted_fields", paymentSource: "cc", location: "CHECKOUT" } })).json();
  expect(order.amount).toBeGreaterThanOrEqual(168);
  await signIn(page, "alice@example.com", "alice-password");
  await page.goto("/account/payments");
  const amount = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" }).format(order.amount);
  await expect(page.getByTestId("payments")).toContainText(amount);
});

test("items change and go by their integer item_id over HTTP (PUT and DELETE through the server's mount)", async ({ request }) => {
  const t = await register(request);
  await request.post("/rest/V1/carts/mine", { headers: auth(t) });
  const item = await (await request.post("/rest/V1/carts/mine/items", { headers: auth(t), data: { cartItem: { sku: "TEE-BLACK-M", qty: 1 } } })).json();
  expect(Number.isInteger(item.item_id)).toBe(true);
  const put = await request.put(`/rest/V1/carts/mine/items/${item.item_id}`, { headers: auth(t), data: { cartItem: { item_id: item.item_id, qty: 2 } } });
  expect([put.status(), (await put.json()).qty]).toEqual([200, 2]);
  const del = await request.delete(`/rest/V1/carts/mine/items/${item.item_id}`, { headers: auth(t) });
  expect([del.status(), await del.json()]).toEqual([200, true]);
  expect((await (await request.get("/rest/V1/carts/mine/totals", { headers: auth(t) })).json()).items_qty).toBe(0);
});
