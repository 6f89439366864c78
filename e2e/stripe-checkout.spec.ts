// The checkout with Stripe's Payment Element (the app instance configured for Stripe, on its own port), against
// the local Stripe-compatible server; Stripe.js is replaced by a small stub because js.stripe.com is unreachable.
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";

const appUrl = `http://127.0.0.1:${process.env.E2E_STRIPE_PORT || 3101}`;
const stub = readFileSync(path.resolve(import.meta.dirname, "fixtures/stripe-js-stub.js"), "utf8").replace("__STRIPE_API__", `http://127.0.0.1:${process.env.E2E_STRIPE_API_PORT || 12111}`);

test.use({ baseURL: appUrl });

test.beforeAll(async ({ request }) => {
  for (let i = 0; i < 120; i++) {
    const ok = await request.get(`${appUrl}/api/health`).then((r) => r.ok()).catch(() => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("the Stripe-configured app did not start");
});

test.beforeEach(async ({ page }) => {
  await page.route("https://js.stripe.com/**", (route) => route.fulfill({ contentType: "application/javascript", body: stub }));
});

async function details(page: import("@playwright/test").Page, email: string) {
  await page.goto("/?region=USD");
  await page.getByTestId("add-CAP-NAVY").click();
  await expect(page.getByTestId("add-CAP-NAVY").locator("xpath=..").getByRole("status")).toHaveText("Added to cart");
  await page.goto("/checkout");
  await page.getByTestId("checkout-email").fill(email);
  await page.getByTestId("checkout-name").fill("Stripe Shopper");
  await page.getByTestId("checkout-line1").fill("1 Market St");
  await page.getByTestId("checkout-city").fill("San Francisco");
  await page.getByTestId("checkout-country").selectOption("US");
  await page.getByTestId("checkout-state").selectOption("CA");
  await page.getByTestId("checkout-postal").fill("94105");
  await page.getByTestId("continue-to-payment").click();
  await expect(page.getByTestId("stub-pm")).toBeVisible();
}

test("pays with the Payment Element, returns through Stripe's redirect, lands on a paid confirmation", async ({ page }) => {
  await details(page, "stripe@example.com");
  await page.getByTestId("stripe-pay").click();
  await expect(page).toHaveURL(/\/orders\/ord_/);
  await expect(page.getByTestId("payment-status")).toHaveText("paid");
  await expect(page.getByTestId("order-total")).toHaveText("$56.00");
});

test("a declined card stays on the checkout with Stripe's message", async ({ page }) => {
  await details(page, "stripe-decline@example.com");
  await page.getByTestId("stub-pm").selectOption("pm_card_chargeDeclined");
  await page.getByTestId("stripe-pay").click();
  await expect(page.getByTestId("stripe-error")).toHaveText("Your card was declined.");
  await expect(page).toHaveURL(/\/checkout$/);
});

test("the return page reads the outcome from Stripe, not from the URL", async ({ page }) => {
  await details(page, "stripe-forged@example.com");
  const cartId = await page.evaluate(async () => {
    const r = await fetch("/api/trpc/cart.get");
    return (await r.json()).result.data.json.id as string;
  });
  await page.goto(`/checkout/complete?cart=${cartId}&redirect_status=succeeded&payment_intent=pi_forged`);
  await expect(page.getByTestId("stripe-return-error")).toBeVisible();
});
