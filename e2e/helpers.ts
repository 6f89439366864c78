import { expect, type APIRequestContext, type Page } from "@playwright/test";

export const CARDS = {
  success: "4242 4242 4242 4242",
  declined: "4000 0000 0000 0002",
  insufficient: "4000 0000 0000 9995",
  action: "4000 0025 0000 3155",
  async: "4000 0000 0000 0077",
};

export async function addToCart(page: Page, sku: string, currency = "USD") {
  await page.goto(`/?region=${currency}`);
  await page.getByTestId(`add-${sku}`).click();
  await expect(page.getByTestId(`add-${sku}`).locator("xpath=..").getByRole("status")).toHaveText("Added to cart");
}

export async function fillCheckout(page: Page, opts: { email?: string; card: string }) {
  await page.goto("/checkout");
  if (opts.email !== undefined) await page.getByTestId("checkout-email").fill(opts.email);
  await page.getByTestId("checkout-name").fill("Ada Shopper");
  await page.getByTestId("checkout-line1").fill("1 Main Street");
  await page.getByTestId("checkout-city").fill("Springfield");
  await page.getByTestId("checkout-postal").fill("12345");
  await page.getByTestId("checkout-country").fill("US");
  await fillCard(page, opts.card);
}

export async function fillCard(page: Page, card: string) {
  await page.getByTestId("card-number").fill(card);
  await page.getByTestId("card-expiry").fill("12/34");
  await page.getByTestId("card-cvc").fill("123");
}

export async function signIn(page: Page, email: string, password: string) {
  await page.goto("/login");
  await page.getByTestId("login-email").fill(email);
  await page.getByTestId("login-password").fill(password);
  await page.getByTestId("login-submit").click();
  await expect(page.getByTestId("signed-in-as")).toHaveText(email);
}

export async function register(page: Page, email: string, password = "a fine password") {
  await page.goto("/register");
  await page.getByTestId("register-email").fill(email);
  await page.getByTestId("register-password").fill(password);
  await page.getByTestId("register-submit").click();
  await expect(page.getByTestId("signed-in-as")).toHaveText(email);
}

/** Call a tRPC query as the browser's session (cookies shared with the page). */
export async function trpcQuery<T>(request: APIRequestContext, path: string, input?: unknown): Promise<T> {
  const q = input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;
  const res = await request.get(`/api/trpc/${path}${q}`);
  expect(res.status()).toBe(200);
  return (await res.json()).result.data.json as T;
}
