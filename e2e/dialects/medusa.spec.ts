// Contract suite: Medusa's official JS SDK (@medusajs/js-sdk) against the built app, exactly as a storefront uses it.
import Medusa from "@medusajs/js-sdk";
import { signIn } from "../helpers";
import { expect, test } from "@playwright/test";

const baseUrl = `http://127.0.0.1:${process.env.E2E_PORT || 3100}`;
const sdk = (auth = false) =>
  new Medusa({ baseUrl, publishableKey: "pk_kassa_demo", ...(auth ? { auth: { type: "jwt", jwtTokenStorageMethod: "memory" } } : {}) });

async function cartWithTee(client: Medusa) {
  const { regions } = await client.store.region.list();
  const us = regions.find((r: { currency_code: string }) => r.currency_code === "usd")!;
  const { products } = await client.store.product.list({ region_id: us.id });
  type Variant = { id: string; sku: string; calculated_price?: { calculated_amount: number } };
  const tee = products.flatMap((p: { variants?: Variant[] }) => p.variants ?? []).find((v: Variant) => v.sku === "TEE-BLACK-M")!;
  expect(tee.calculated_price?.calculated_amount).toBe(28);
  const { cart } = await client.store.cart.create({ region_id: us.id });
  const { cart: withItem } = await client.store.cart.createLineItem(cart.id, { variant_id: tee.id, quantity: 2 });
  expect(withItem.total).toBe(56);
  return withItem;
}

test("the SDK checks out with pp_system_default: regions, products, cart, line item, session, complete -> order", async () => {
  const client = sdk();
  const cart = await cartWithTee(client);
  const { payment_collection } = await client.store.payment.initiatePaymentSession(cart, { provider_id: "pp_system_default" });
  expect(payment_collection.amount).toBe(56);
  expect(payment_collection.payment_sessions?.[0]?.provider_id).toBe("pp_system_default");
  const { cart: refreshed } = await client.store.cart.retrieve(cart.id);
  expect(refreshed.payment_collection?.id).toBe(payment_collection.id);
  const result = await client.store.cart.complete(cart.id);
  expect(result.type).toBe("order");
  if (result.type === "order") expect(result.order.total).toBe(56);
  const again = await client.store.cart.complete(cart.id);
  expect(again.type === "order" && result.type === "order" && again.order.id === result.order.id).toBe(true);
});

test("the SDK sees a declined test card as {type: 'cart'} with an error, then pays with 4242", async () => {
  const client = sdk();
  const cart = await cartWithTee(client);
  await client.store.payment.initiatePaymentSession(cart, { provider_id: "pp_kassa_test", data: { card: { number: "4000000000000002" } } });
  const declined = await client.store.cart.complete(cart.id);
  expect(declined.type).toBe("cart");
  if (declined.type === "cart") expect(declined.error).toEqual({ message: "Payment authorization failed", name: "Error", type: "payment_authorization_error" });
  const { cart: current } = await client.store.cart.retrieve(cart.id);
  await client.store.payment.initiatePaymentSession(current, { provider_id: "pp_kassa_test", data: { card: { number: "4242424242424242" } } });
  const paid = await client.store.cart.complete(cart.id);
  expect(paid.type).toBe("order");
});

test("a logged-in customer's SDK payment shows on /account/payments", async ({ page }) => {
  const client = sdk(true);
  await client.auth.login("customer", "emailpass", { email: "alice@example.com", password: "alice-password" });
  const cart = await cartWithTee(client);
  expect(cart.customer_id).toBeTruthy();
  const { payment_collection } = await client.store.payment.initiatePaymentSession(cart, { provider_id: "pp_system_default" });
  const done = await client.store.cart.complete(cart.id);
  expect(done.type).toBe("order");
  const paymentId = (await (await fetch(`${baseUrl}/store/payment-collections/${payment_collection.id}`, { headers: { "x-publishable-api-key": "pk_kassa_demo", authorization: `Bearer ${await client.client.getToken()}` } })).json()).payment_collection.payments[0].id;

  await signIn(page, "alice@example.com", "alice-password");
  await page.goto("/account/payments");
  await expect(page.getByTestId(`payment-${paymentId}`)).toContainText("$56.00");
});

test("the SDK surfaces Medusa's error bodies", async () => {
  const client = sdk();
  await expect(client.store.cart.retrieve("cart_doesnotexist")).rejects.toMatchObject({ status: 404, message: "Cart id not found: cart_doesnotexist" });
  const nokey = new Medusa({ baseUrl });
  await expect(nokey.store.region.list()).rejects.toMatchObject({ status: 400 });
});

test("the SDK selects the collection's seed fields, and a new session leaves it not_paid", async () => {
  const client = sdk();
  const cart = await cartWithTee(client);
  await client.store.payment.initiatePaymentSession(cart, { provider_id: "pp_system_default" });
  const { cart: withCol } = await client.store.cart.retrieve(cart.id, { fields: "+payment_collection.status" });
  expect(withCol.payment_collection?.status).toBe("not_paid");
  // Medusa's SDK passes query parameters through; the route answers the seed's fields
  const body = await client.client.fetch<{ payment_collection: Record<string, unknown> }>("/store/payment-collections", {
    method: "POST",
    body: { cart_id: cart.id },
    query: { fields: "status,authorized_amount,payment_providers,*payments" },
  });
  expect(body.payment_collection).toMatchObject({ status: "not_paid", authorized_amount: null, payments: [] });
  expect((body.payment_collection.payment_providers as { id: string }[]).map((p) => p.id)).toEqual(["pp_system_default", "pp_kassa_test"]);
});
