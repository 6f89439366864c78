// Every state designed (issue 20): not found, the empty cart, quantity steppers, the header's cart badge after a
// checkout, the order page's payment states, "My orders" (and another customer's order is a 404), the reset link.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { addToCart, CARDS, fillCheckout, paidOrderAs, signIn } from "./helpers";

test("an unknown URL answers 404 with a page that leads back to the shop", async ({ page }) => {
  const res = await page.goto("/no-such-page-here");
  expect(res?.status()).toBe(404);
  await expect(page.getByTestId("not-found")).toBeVisible();
  await page.getByTestId("not-found-shop").click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId("products")).toBeVisible();
});

test("an unknown order id is the not-found page, not an error", async ({ page }) => {
  const res = await page.goto("/orders/ord_does_not_exist");
  expect(res?.status()).toBe(404);
  await expect(page.getByTestId("not-found")).toBeVisible();
});

test("an empty cart says so and links to the catalog", async ({ page }) => {
  await page.goto("/cart");
  await expect(page.getByTestId("cart-empty")).toBeVisible();
  await expect(page.getByTestId("cart-link")).toHaveText("Cart");
  await page.getByTestId("cart-empty-shop").click();
  await expect(page.getByTestId("products")).toBeVisible();
});

test("'Added to cart' goes away after a few seconds", async ({ page }) => {
  await addToCart(page, "MUG-WHITE");
  const status = page.getByTestId("add-MUG-WHITE").locator("xpath=..").getByRole("status");
  await expect(status).toHaveText("", { timeout: 8_000 });
  await expect(page.getByTestId("cart-count")).toHaveText(/^1/);
});

test("the stepper changes the quantity and the totals at once, and the server keeps it", async ({ page }) => {
  await addToCart(page, "MUG-WHITE");
  await addToCart(page, "TEE-BLACK-M");
  await page.goto("/cart");
  await expect(page.getByTestId("cart-total")).toHaveText("$40.50");
  await expect(page.getByTestId("dec-MUG-WHITE")).toBeDisabled(); // 1 is the least; Remove takes a line out
  await page.getByTestId("inc-MUG-WHITE").click();
  await page.getByTestId("inc-MUG-WHITE").click();
  await expect(page.getByTestId("qty-MUG-WHITE")).toHaveValue("3");
  await expect(page.getByTestId("line-total-MUG-WHITE")).toHaveText("$37.50");
  await expect(page.getByTestId("cart-total")).toHaveText("$65.50");
  await expect(page.getByTestId("cart-sync")).toHaveText(""); // re-synced with the server's answer
  await expect(page.getByTestId("cart-count")).toHaveText(/^4/);
  await page.getByTestId("dec-MUG-WHITE").click();
  await expect(page.getByTestId("cart-total")).toHaveText("$53.00");
  await expect(page.getByTestId("cart-sync")).toHaveText("");
  await page.reload();
  await expect(page.getByTestId("qty-MUG-WHITE")).toHaveValue("2");
  await expect(page.getByTestId("cart-total")).toHaveText("$53.00");
  // typing a quantity commits on Enter
  await page.getByTestId("qty-TEE-BLACK-M").fill("2");
  await page.getByTestId("qty-TEE-BLACK-M").press("Enter");
  await expect(page.getByTestId("cart-total")).toHaveText("$81.00");
  await expect(page.getByTestId("cart-sync")).toHaveText("");
  await page.reload();
  await expect(page.getByTestId("qty-TEE-BLACK-M")).toHaveValue("2");
});

test("the header's cart badge is empty right after a guest checkout", async ({ page }) => {
  await addToCart(page, "MUG-WHITE");
  await expect(page.getByTestId("cart-count")).toHaveText(/^1/);
  await fillCheckout(page, { email: "badge@example.com", card: CARDS.success });
  await expect(page.getByTestId("cart-count")).toHaveText(/^1/);
  await page.getByTestId("pay").click();
  await expect(page.getByTestId("payment-status")).toHaveText("paid");
  await expect(page.getByTestId("order-state")).toHaveAttribute("data-state", "paid");
  await expect(page.getByTestId("cart-count")).toHaveCount(0);
  await expect(page.getByTestId("cart-link")).toHaveText("Cart");
});

test("a processing payment shows the processing state, then settles to paid", async ({ page }) => {
  await addToCart(page, "MUG-WHITE");
  await fillCheckout(page, { email: "processing@example.com", card: CARDS.async });
  await page.getByTestId("pay").click();
  await expect(page.getByTestId("order-state")).toHaveAttribute("data-state", /processing|paid/);
  await expect(page.getByTestId("order-state")).toHaveAttribute("data-state", "paid", { timeout: 15_000 });
  await expect(page.getByTestId("processing-note")).toHaveCount(0);
});

test("alice finds her order under My orders and opens it; bob gets not-found for it", async ({ browser }) => {
  const alice = await paidOrderAs(browser, "alice@example.com", "alice-password");
  const number = (await alice.getByTestId("order-number").textContent())!;
  const total = (await alice.getByTestId("order-total").textContent())!; // alice's cart may hold more than the cap

  await alice.getByTestId("my-orders-link").click();
  await expect(alice).toHaveURL(/\/account\/orders$/);
  const row = alice.getByTestId("orders").locator("tbody tr").filter({ hasText: number });
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId("order-status")).toHaveText("paid");
  await expect(row.getByTestId("order-row-total")).toHaveText(total);
  await row.getByTestId("order-link").click();
  await expect(alice).toHaveURL(/\/account\/orders\/ord_/);
  await expect(alice.getByTestId("order-number")).toHaveText(number);
  await expect(alice.getByTestId("order-line-CAP-NAVY")).toBeVisible();
  await expect(alice.getByTestId("payment-status")).toHaveText("paid");
  await expect(alice.getByTestId("order-total")).toHaveText(total);
  const orderPath = new URL(alice.url()).pathname;

  const bob = await browser.newPage();
  await signIn(bob, "bob@example.com", "bob-password");
  const res = await bob.goto(orderPath);
  expect(res?.status()).toBe(404);
  await expect(bob.getByTestId("not-found")).toBeVisible();
  await expect(bob.getByText(number)).toHaveCount(0);
  await bob.goto("/account/orders");
  await expect(bob.getByText(number)).toHaveCount(0);
  await alice.close();
  await bob.close();
});

test("signed out, My orders asks to sign in first", async ({ page }) => {
  await page.goto("/account/orders");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Faccount%2Forders|\/login\?callbackUrl=\/account\/orders/);
});

test("the sign-in page links to the password reset", async ({ page }) => {
  await page.goto("/login");
  const link = page.getByRole("link", { name: "Forgot your password?" });
  await expect(link).toHaveAttribute("href", "/forgot-password");
  await link.click();
  await expect(page).toHaveURL(/\/forgot-password$/);
});

test("no serious or critical accessibility violations on the new states", async ({ page }) => {
  const check = async (p: Page, path: string) => {
    await p.goto(path);
    await p.waitForLoadState("networkidle");
    const result = await new AxeBuilder({ page: p }).analyze();
    return result.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${path}: ${v.id} (${v.impact})`);
  };
  const bad = [...(await check(page, "/cart")), ...(await check(page, "/no-such-page-here"))];
  await signIn(page, "bob@example.com", "bob-password");
  await addToCart(page, "MUG-WHITE");
  await page.goto("/cart");
  await page.getByTestId("inc-MUG-WHITE").click();
  await expect(page.getByTestId("cart-sync")).toHaveText("");
  bad.push(...(await check(page, "/cart")));
  await fillCheckout(page, { card: CARDS.success });
  await page.getByTestId("pay").click();
  await expect(page.getByTestId("payment-status")).toHaveText("paid");
  bad.push(...(await check(page, new URL(page.url()).pathname)));
  bad.push(...(await check(page, "/account/orders")));
  await page.getByTestId("order-link").first().click();
  await expect(page.getByTestId("order-lines")).toBeVisible();
  bad.push(...(await check(page, new URL(page.url()).pathname)));
  expect(bad).toEqual([]);
});
