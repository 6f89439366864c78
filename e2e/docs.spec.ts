// The API reference page: Swagger UI bundled and served from the app (no other origin is contacted), every
// dialect's document loads, and "Try it out" runs Magento's payment order against the demo.
import { expect, test } from "@playwright/test";

test("the docs page runs POST /V1/carts/mine/payment-order against the demo, offline", async ({ page, request, baseURL }) => {
  // A fresh customer with a cart holding one tee, through the same REST API.
  const email = `docs-${Date.now()}@example.com`;
  expect((await request.post("/api/trpc/account.register", { data: { json: { email, password: "docs password" } } })).status()).toBe(200);
  const token = (await (await request.post("/rest/V1/integration/customer/token", { data: { username: email, password: "docs password" } })).json()) as string;
  const auth = { authorization: `Bearer ${token}` };
  expect((await request.post("/rest/V1/carts/mine", { headers: auth })).status()).toBe(200);
  expect((await request.post("/rest/V1/carts/mine/items", { headers: auth, data: { cartItem: { sku: "TEE-BLACK-M", qty: 1 } } })).status()).toBe(200);

  const foreign: string[] = [];
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (!url.startsWith(baseURL!)) {
      foreign.push(url);
      return route.abort();
    }
    return route.continue();
  });

  await page.goto("/docs?api=magento");
  const op = page.locator(".opblock-post", { has: page.locator('.opblock-summary-path[data-path="/V1/carts/mine/payment-order"]') });
  await expect(op).toBeVisible();

  // Authorize with the customer's token (the document's bearer scheme).
  await page.locator(".auth-wrapper .authorize").click();
  const modal = page.locator(".modal-ux");
  await modal.locator("input").first().fill(token);
  await modal.getByRole("button", { name: "Apply credentials" }).click();
  await modal.getByRole("button", { name: "Close" }).click();

  await op.locator(".opblock-summary").click();
  const body = op.locator("textarea.body-param__text");
  await expect(body).toContainText("payment_services_paypal_hosted_fields"); // the documented example
  await op.getByRole("button", { name: "Execute" }).click();

  const live = op.locator(".live-responses-table");
  await expect(live.locator("tr.response .response-col_status").first()).toHaveText("200");
  const text = await live.locator("tr.response .response-col_description .microlight").first().innerText();
  const order = JSON.parse(text) as { id: string; mp_order_id: string; amount: number; currency_code: string; status: string };
  expect(order).toMatchObject({ amount: 28, currency_code: "USD", status: "CREATED" });

  // The order really exists for this customer.
  const again = await request.get(`/rest/V1/carts/mine/payment-order/${order.id}`, { headers: auth });
  expect((await again.json()) as unknown).toEqual(order);
  expect(foreign).toEqual([]);
});

test("every dialect's document renders", async ({ page }) => {
  for (const [api, path] of [["commercetools", "/{projectKey}/me/payments"], ["medusa", "/store/payment-collections"], ["shop", "/api/v1/shop/orders/{orderId}/payment-intent"], ["stripe-webhooks", "/api/webhooks/stripe"]]) {
    await page.goto(`/docs?api=${api}`);
    await expect(page.locator(`.opblock-summary-path[data-path="${path}"]`).first()).toBeVisible();
  }
});
