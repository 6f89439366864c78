// Contract suite: the shop API over HTTP against the built app (built-in test provider), as a storefront and a
// payment system call it.
import { expect, test, type APIRequestContext } from "@playwright/test";

const STORE = { "x-api-key": "shop_demo_storefront_key" };
const PAYSYS = { "x-api-key": "shop_demo_payment_system_key" };

async function login(request: APIRequestContext, email: string, password: string) {
  const r = await request.post("/api/v1/shop/auth/login", { headers: STORE, data: { email, password } });
  expect(r.status()).toBe(200);
  return (await r.json()).data.token as string;
}

const asCustomer = (token: string) => ({ ...STORE, authorization: `Bearer ${token}` });

test("login -> order -> payment intent (exact shape, USD and JPY) -> provider success -> /payment -> paid", async ({ request }) => {
  const alice = await login(request, "alice@example.com", "alice-password");
  const created = await request.post("/api/v1/shop/orders", { headers: asCustomer(alice), data: { items: [{ sku: "CAP-NAVY", quantity: 2 }], currency: "USD" } });
  expect(created.status()).toBe(201);
  const order = (await created.json()).data;
  expect(order.number).toMatch(/^ORD-\d{8}-[2-9A-HJ-NP-Z]{4}$/);

  const pi = await request.post(`/api/v1/shop/orders/${order.id}/payment-intent`, { headers: asCustomer(alice) });
  expect(pi.status()).toBe(200);
  const body = await pi.json();
  expect(Object.keys(body)).toEqual(["message", "data"]);
  expect(body.message).toBe("Payment intent created successfully");
  expect(Object.keys(body.data)).toEqual(["id", "client_secret", "amount", "currency", "status", "line_items"]);
  expect(body.data).toMatchObject({ amount: "112.00", currency: "usd", status: "requires_payment_method", line_items: [{ name: "Navy Cap", amount: 5600, currency: "usd", quantity: 2, description: "" }] });
  const again = await request.post(`/api/v1/shop/orders/${order.id}/payment-intent`, { headers: asCustomer(alice) });
  expect((await again.json()).data.id).toBe(body.data.id);

  const early = await request.post(`/api/v1/shop/orders/${order.id}/payment`, { headers: PAYSYS, data: {} });
  expect(early.status()).toBe(409);
  const storefrontTries = await request.post(`/api/v1/shop/orders/${order.id}/payment`, { headers: asCustomer(alice), data: {} });
  expect(storefrontTries.status()).toBe(403);

  const confirm = await request.post(`/api/v1/shop/test/payment-intents/${body.data.id}/confirm`, { headers: PAYSYS, data: { payment_method: "pm_card_visa" } });
  expect((await confirm.json()).status).toBe("succeeded");
  const paid = await request.post(`/api/v1/shop/orders/${order.id}/payment`, { headers: PAYSYS, data: { payment_intent_id: body.data.id } });
  expect(paid.status()).toBe(200);
  const paidBody = await paid.json();
  expect(paidBody.data.payment_status).toBe("paid");
  const repeat = await request.post(`/api/v1/shop/orders/${order.id}/payment`, { headers: PAYSYS, data: {} });
  expect(await repeat.json()).toEqual(paidBody);

  const jpy = (await (await request.post("/api/v1/shop/orders", { headers: asCustomer(alice), data: { items: [{ sku: "TEE-BLACK-M", quantity: 1 }], currency: "JPY" } })).json()).data;
  const jpi = (await (await request.post(`/api/v1/shop/orders/${jpy.id}/payment-intent`, { headers: asCustomer(alice) })).json()).data;
  expect(jpi).toMatchObject({ amount: "4200", currency: "jpy", line_items: [{ name: "Black Tee", amount: 4200, currency: "jpy", quantity: 1, description: "" }] });
});

test("Bob cannot see or pay Alice's order", async ({ request }) => {
  const alice = await login(request, "alice@example.com", "alice-password");
  const bob = await login(request, "bob@example.com", "bob-password");
  const order = (await (await request.post("/api/v1/shop/orders", { headers: asCustomer(alice), data: { items: [{ sku: "MUG-WHITE", quantity: 1 }], currency: "EUR" } })).json()).data;
  expect((await request.get(`/api/v1/shop/orders/${order.id}`, { headers: asCustomer(bob) })).status()).toBe(404);
  expect((await request.post(`/api/v1/shop/orders/${order.id}/payment-intent`, { headers: asCustomer(bob) })).status()).toBe(404);
  expect((await request.get(`/api/v1/shop/orders/${order.id}`, { headers: asCustomer(alice) })).status()).toBe(200);
  expect((await request.get(`/api/v1/shop/orders/${order.id}`, { headers: STORE })).status()).toBe(401);
});
