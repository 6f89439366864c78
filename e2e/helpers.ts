import { expect, type APIRequestContext, type Browser, type Page } from "@playwright/test";

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

/** A postal code each demo country accepts (the checkout checks formats per country). */
export const POSTAL: Record<string, string> = { US: "12345", DE: "10115", FR: "75001", NL: "1011 AB", ES: "28001", IT: "00118", DK: "1050", SE: "111 22", JP: "100-0001" };

/** The shipping fields, for the region's first country unless `country` names another; US addresses get a state. */
export async function fillAddress(page: Page, opts: { country?: string } = {}) {
  await page.getByTestId("checkout-name").fill("Ada Shopper");
  await page.getByTestId("checkout-line1").fill("1 Main Street");
  await page.getByTestId("checkout-city").fill("Springfield");
  const select = page.getByTestId("checkout-country");
  if (opts.country) await select.selectOption(opts.country);
  const country = await select.inputValue();
  if (country === "US") await page.getByTestId("checkout-state").selectOption("NY");
  await page.getByTestId("checkout-postal").fill(POSTAL[country] ?? "12345");
}

export async function fillCheckout(page: Page, opts: { email?: string; card: string; country?: string }) {
  await page.goto("/checkout");
  if (opts.email !== undefined) await page.getByTestId("checkout-email").fill(opts.email);
  await fillAddress(page, { country: opts.country });
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

/** A customer signs in in a page of their own and pays for one item with the test card; the page ends on the paid order. */
export async function paidOrderAs(browser: Browser, email: string, password: string, sku = "CAP-NAVY"): Promise<Page> {
  const page = await browser.newPage();
  await signIn(page, email, password);
  await addToCart(page, sku);
  await fillCheckout(page, { card: CARDS.success });
  await page.getByTestId("pay").click();
  await expect(page.getByTestId("payment-status")).toHaveText("paid");
  return page;
}
