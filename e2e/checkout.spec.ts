import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { addToCart, CARDS, fillCard, fillCheckout, paidOrderAs, register, signIn, trpcQuery } from "./helpers";

async function shot(page: Page, name: string) {
  await page.screenshot({ path: test.info().outputPath(`${name}.png`), fullPage: true });
}

test("guest checkout with 4242 ends on a paid confirmation with the order number", async ({ page }) => {
  await addToCart(page, "TEE-BLACK-M");
  await addToCart(page, "MUG-WHITE");
  await page.goto("/cart");
  await expect(page.getByTestId("cart-total")).toHaveText("$40.50");
  await shot(page, "cart");
  await fillCheckout(page, { email: "guest@example.com", card: CARDS.success });
  await shot(page, "checkout");
  await page.getByTestId("pay").click();
  await expect(page).toHaveURL(/\/orders\/ord_/);
  await expect(page.getByTestId("order-number")).toHaveText(/^ORD-\d{8}-[2-9A-HJ-NP-Z]{4}$/);
  await expect(page.getByTestId("payment-status")).toHaveText("paid");
  await expect(page.getByTestId("order-total")).toHaveText("$40.50");
  await shot(page, "confirmation");
});

test("a decline shows a message; a retry with 4242 succeeds; exactly one order exists", async ({ page }) => {
  await addToCart(page, "CAP-NAVY");
  await fillCheckout(page, { email: "retry@example.com", card: CARDS.declined });
  await page.getByTestId("pay").click();
  await expect(page.getByTestId("checkout-error")).toContainText("declined");
  await expect(page).toHaveURL(/\/checkout$/);
  await fillCard(page, CARDS.insufficient);
  await page.getByTestId("pay").click();
  await expect(page.getByTestId("checkout-error")).toContainText("insufficient funds");
  await fillCard(page, CARDS.success);
  await page.getByTestId("pay").click();
  await expect(page.getByTestId("payment-status")).toHaveText("paid");
  const orders = await trpcQuery<{ id: string }[]>(page.request, "orders.mine");
  expect(orders).toHaveLength(1);
});

test("the confirmation step: rejecting leaves nothing paid, approving pays", async ({ page }) => {
  await addToCart(page, "MUG-WHITE");
  await fillCheckout(page, { email: "threeds@example.com", card: CARDS.action });
  await page.getByTestId("pay").click();
  await expect(page.getByTestId("action-step")).toBeVisible();
  await expect(page.getByTestId("action-step")).toBeFocused();
  await shot(page, "confirmation-step");
  await page.getByTestId("action-reject").click();
  await expect(page.getByTestId("checkout-error")).toContainText("not confirmed");
  expect(await trpcQuery<unknown[]>(page.request, "orders.mine")).toHaveLength(0);
  await fillCard(page, CARDS.action);
  await page.getByTestId("pay").click();
  await page.getByTestId("action-approve").click();
  await expect(page.getByTestId("payment-status")).toHaveText("paid");
});

test("an async card shows processing, then paid", async ({ page }) => {
  await addToCart(page, "MUG-WHITE");
  await fillCheckout(page, { email: "async@example.com", card: CARDS.async });
  await page.getByTestId("pay").click();
  await expect(page.getByTestId("payment-status")).toHaveText(/processing|paid/);
  await expect(page.getByTestId("payment-status")).toHaveText("paid", { timeout: 15_000 });
});

test("a double click on Pay makes one payment and one order", async ({ page }) => {
  await register(page, `double-${Date.now()}@example.com`);
  await addToCart(page, "TEE-BLACK-M");
  await fillCheckout(page, { card: CARDS.success });
  await page.getByTestId("pay").dblclick();
  await expect(page.getByTestId("payment-status")).toHaveText("paid");
  await page.reload();
  await expect(page.getByTestId("payment-status")).toHaveText("paid");
  expect(await trpcQuery<unknown[]>(page.request, "orders.mine")).toHaveLength(1);
  expect(await trpcQuery<unknown[]>(page.request, "payments.list", { limit: 50 })).toHaveLength(1);
});

test("alice sees her payment and its timeline; bob cannot open it and does not see it", async ({ browser }) => {
  const alice = await paidOrderAs(browser, "alice@example.com", "alice-password");
  await alice.goto("/account/payments");
  const rows = alice.getByTestId("payments").locator("tbody tr");
  await expect(rows.first()).toContainText("$56.00");
  await shot(alice, "my-payments");
  await rows.first().getByRole("link").click();
  await expect(alice).toHaveURL(/\/account\/payments\/pay_/);
  const paymentUrl = new URL(alice.url()).pathname;
  const paymentId = paymentUrl.split("/").pop()!;
  await expect(alice.getByTestId("transaction")).toHaveCount(2);
  await expect(alice.getByTestId("timeline")).toContainText("Authorization");
  await expect(alice.getByTestId("timeline")).toContainText("Charge");
  await shot(alice, "payment-timeline");
  await alice.goto("/account/payments?status=refunded");
  await expect(alice.getByTestId(`payment-${paymentId}`)).toHaveCount(0);

  const bob = await browser.newPage();
  await signIn(bob, "bob@example.com", "bob-password");
  const res = await bob.goto(paymentUrl);
  expect(res?.status()).toBe(404);
  await bob.goto("/account/payments");
  await expect(bob.getByTestId(`payment-${paymentId}`)).toHaveCount(0);
  await alice.close();
  await bob.close();
});

test("a JPY checkout shows yen without decimals end to end", async ({ page }) => {
  await addToCart(page, "TEE-BLACK-M", "JPY");
  await addToCart(page, "MUG-WHITE", "JPY");
  await page.goto("/cart");
  await expect(page.getByTestId("line-total-TEE-BLACK-M")).toHaveText("¥4,200");
  await expect(page.getByTestId("cart-total")).toHaveText("¥6,100");
  await fillCheckout(page, { email: "yen@example.com", card: CARDS.success });
  await expect(page.getByTestId("checkout-total")).toHaveText("¥6,100");
  await expect(page.getByTestId("pay")).toHaveText("Pay ¥6,100");
  await page.getByTestId("pay").click();
  await expect(page.getByTestId("order-total")).toHaveText("¥6,100");
  await expect(page.getByTestId("payment-status")).toHaveText("paid");
});

test("signing in keeps the guest's cart", async ({ page }) => {
  await addToCart(page, "MUG-WHITE");
  await signIn(page, "bob@example.com", "bob-password");
  await page.goto("/cart");
  await expect(page.getByTestId("line-MUG-WHITE")).toBeVisible();
});

test("client-side card validation explains what is wrong", async ({ page }) => {
  await addToCart(page, "MUG-WHITE");
  await fillCheckout(page, { email: "v@example.com", card: "4242 4242 4242 4241" });
  await page.getByTestId("card-expiry").fill("13/20");
  await page.getByTestId("pay").click();
  await expect(page.getByTestId("checkout-error")).toHaveText("Check your card details.");
  await expect(page.getByTestId("card-number")).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator("#number-error")).toHaveText("This card number is not valid.");
  await expect(page.locator("#expiry-error")).toHaveText("The expiry month must be 01 to 12.");
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 375, height: 740 } });
  test("a guest checks out on a small screen", async ({ page }) => {
    await addToCart(page, "TEE-BLACK-M");
    await fillCheckout(page, { email: "phone@example.com", card: CARDS.success });
    await shot(page, "checkout-phone");
    await page.getByTestId("pay").click();
    await expect(page.getByTestId("payment-status")).toHaveText("paid");
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    expect(overflow).toBe(false);
  });
});

test("no serious or critical accessibility violations on cart, checkout and my payments", async ({ page }) => {
  await signIn(page, "alice@example.com", "alice-password");
  await addToCart(page, "MUG-WHITE");
  for (const path of ["/cart", "/checkout", "/account/payments"]) {
    await page.goto(path);
    await page.waitForLoadState("networkidle");
    const result = await new AxeBuilder({ page }).analyze();
    const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(bad.map((v) => `${path}: ${v.id} (${v.impact})`)).toEqual([]);
  }
});
