// Forms that help (issue 20): per-field messages in words next to the field (aria-invalid, aria-describedby), the
// server's refusals of values the browser let through shown the same way, no JSON anywhere on screen, the country as a
// select of the cart region's countries, and a billing address apart from the shipping one, on the order page.
import { expect, test, type Page } from "@playwright/test";
import { addToCart, CARDS, fillAddress, fillCard, trpcQuery } from "./helpers";

async function expectNoJson(page: Page) {
  const text = await page.locator("body").innerText();
  expect(text).not.toMatch(/[{}]|"code"|"path"|invalid_format|too_small/);
}

async function expectFieldError(page: Page, testId: string, errorId: string, words: RegExp) {
  const field = page.getByTestId(testId);
  const message = page.locator(`#${errorId}`);
  await expect(message).toHaveText(words);
  await expect(field).toHaveAttribute("aria-invalid", "true");
  await expect(field).toHaveAttribute("aria-describedby", new RegExp(`\\b${errorId}\\b`));
}

/** Replace `key`'s value wherever it appears in a JSON body (tRPC batches wrap the input as {"0":{"json":…}}). */
function rewrite(body: unknown, key: string, value: unknown): unknown {
  if (Array.isArray(body)) return body.map((v) => rewrite(v, key, value));
  if (body && typeof body === "object") {
    return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, k === key ? value : rewrite(v, key, value)]));
  }
  return body;
}

test("a country the browser lets through but the region does not ship to is refused next to the country select", async ({ page }) => {
  await addToCart(page, "MUG-WHITE");
  await page.goto("/checkout");
  await page.getByTestId("checkout-email").fill("forms-country@example.com");
  await fillAddress(page);
  await fillCard(page, CARDS.success);
  // a stale or tampered page: an option the region does not have (the shared schema accepts any ISO country code)
  await page.getByTestId("checkout-country").evaluate((el) => el.appendChild(new Option("Japan", "JP")));
  await page.getByTestId("checkout-country").selectOption("JP");
  await expect(page.getByTestId("checkout-state")).toHaveCount(0); // Japan needs no state here
  await page.getByTestId("checkout-postal").fill("100-0001");
  await page.getByTestId("pay").click();

  await expectFieldError(page, "checkout-country", "shippingAddress-country-error", /do not ship to this country/);
  await expect(page.getByTestId("checkout-error")).toHaveText(/Check the fields marked below/);
  await expect(page).toHaveURL(/\/checkout$/);
  await expectNoJson(page);
  expect(await trpcQuery<unknown[]>(page.request, "orders.mine")).toHaveLength(0);

  // choosing a country of the region clears the message; paying then works
  await page.getByTestId("checkout-country").selectOption("US");
  await expect(page.locator("#shippingAddress-country-error")).toHaveCount(0);
  await expect(page.getByTestId("checkout-country")).toHaveAttribute("aria-invalid", "false");
  await page.getByTestId("checkout-state").selectOption("NY");
  await page.getByTestId("checkout-postal").fill("12345");
  await page.getByTestId("pay").click();
  await expect(page.getByTestId("payment-status")).toHaveText("paid");
});

test("values the server's schema refuses (sent past the browser's check) show next to their fields in words", async ({ page }) => {
  await addToCart(page, "MUG-WHITE");
  await page.goto("/checkout");
  await page.getByTestId("checkout-email").fill("forms-email@example.com");
  await fillAddress(page);
  await fillCard(page, CARDS.success);
  // the browser checks and sends good values; on the way, the email and postal code become ones the server refuses
  await page.route("**/api/trpc/checkout.saveDetails**", async (route) => {
    let body = route.request().postDataJSON() as unknown;
    body = rewrite(body, "email", "a@b.c");
    body = rewrite(body, "postalCode", "1234");
    await route.continue({ postData: JSON.stringify(body) });
  });
  await page.getByTestId("pay").click();

  await expectFieldError(page, "checkout-email", "email-error", /Enter a valid email address/);
  await expectFieldError(page, "checkout-postal", "shippingAddress-postalCode-error", /valid postal code/);
  await expect(page.getByTestId("checkout-error")).toHaveText(/Check the fields marked below/);
  await expectNoJson(page);
  expect(await trpcQuery<unknown[]>(page.request, "orders.mine")).toHaveLength(0);
});

test("the browser's own check puts each message next to its field before anything is sent", async ({ page }) => {
  await addToCart(page, "MUG-WHITE");
  await page.goto("/checkout");
  let sent = 0;
  page.on("request", (r) => void (r.url().includes("checkout.saveDetails") && sent++));
  await page.getByTestId("checkout-email").fill("a@b.c");
  await page.getByTestId("checkout-name").fill("Ada Shopper");
  await page.getByTestId("checkout-postal").fill("1234");
  await page.getByTestId("checkout-phone").fill("call me");
  await fillCard(page, CARDS.success);
  await page.getByTestId("pay").click();
  await expectFieldError(page, "checkout-email", "email-error", /Enter a valid email address/);
  await expectFieldError(page, "checkout-line1", "shippingAddress-line1-error", /Enter the street address/);
  await expectFieldError(page, "checkout-state", "shippingAddress-state-error", /Choose a state or province/);
  await expectFieldError(page, "checkout-postal", "shippingAddress-postalCode-error", /valid postal code/);
  await expectFieldError(page, "checkout-phone", "shippingAddress-phone-error", /phone number/);
  await expect(page.getByTestId("checkout-email")).toBeFocused(); // the first field with a message
  await expect(page.getByTestId("checkout-name")).toHaveAttribute("aria-invalid", "false");
  await expectNoJson(page);
  expect(sent).toBe(0);
});

test("the country select lists the cart region's countries", async ({ page }) => {
  const regions = await trpcQuery<{ currency: string; countries: string[] }[]>(page.request, "catalog.regions");
  const europe = regions.find((r) => r.currency === "EUR")!.countries.map((c) => c.toUpperCase()).sort();
  expect(europe.length).toBeGreaterThan(1);

  await addToCart(page, "MUG-WHITE", "EUR");
  await page.goto("/checkout");
  const select = page.getByTestId("checkout-country");
  const options = async () => (await select.locator("option").evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).sort();
  await expect(select.locator("option")).toHaveCount(europe.length); // the form renders once the cart is read
  expect(await options()).toEqual(europe);
  await expect(select.locator("option[value=DE]")).toHaveText("Germany");
  await expect(page.getByTestId("checkout-state")).toHaveCount(0); // no European country here needs a state

  await addToCart(page, "MUG-WHITE", "USD"); // the cart moves to the United States
  await page.goto("/checkout");
  await expect(select.locator("option")).toHaveCount(1);
  expect(await options()).toEqual(["US"]);
  await expect(page.getByTestId("checkout-state")).toBeVisible();
});

test("a billing address apart from shipping: its own fields, its own messages, and on the order page", async ({ page }) => {
  await addToCart(page, "CAP-NAVY");
  await page.goto("/checkout");
  await page.getByTestId("checkout-email").fill("forms-billing@example.com");
  await fillAddress(page);
  await page.getByTestId("checkout-line2").fill("Apt 4");
  await page.getByTestId("checkout-phone").fill("+1 555 010 0000");
  await fillCard(page, CARDS.success);

  await expect(page.getByTestId("billing-same")).toBeChecked();
  await expect(page.getByTestId("billing-name")).toHaveCount(0);
  await page.getByTestId("billing-same").uncheck();
  await page.getByTestId("billing-line1").fill("500 Billing Ave");
  await page.getByTestId("pay").click();
  await expectFieldError(page, "billing-name", "billingAddress-name-error", /Enter the full name/);
  await expect(page.getByTestId("checkout-name")).toHaveAttribute("aria-invalid", "false");

  await page.getByTestId("billing-name").fill("Bill Payer");
  await page.getByTestId("billing-line2").fill("Suite 9");
  await page.getByTestId("billing-city").fill("Portland");
  await page.getByTestId("billing-state").selectOption("OR");
  await page.getByTestId("billing-postal").fill("97201");
  await page.getByTestId("pay").click();
  await expect(page).toHaveURL(/\/orders\/ord_/);
  await expect(page.getByTestId("payment-status")).toHaveText("paid");

  const shipping = page.getByTestId("order-shipping-address");
  await expect(shipping).toContainText("Ada Shopper");
  await expect(shipping).toContainText("Apt 4");
  await expect(shipping).toContainText("Springfield NY 12345");
  await expect(shipping).toContainText("+1 555 010 0000");
  const billing = page.getByTestId("order-billing-address");
  await expect(billing).toContainText("Bill Payer");
  await expect(billing).toContainText("500 Billing Ave");
  await expect(billing).toContainText("Suite 9");
  await expect(billing).toContainText("Portland OR 97201");
  await expect(billing).toContainText("United States");
  await expect(billing).not.toContainText("Ada Shopper");
});
