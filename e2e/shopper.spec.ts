// The shopper's whole way through the store, as issue 20 asks: at a phone's and a laptop's width with axe on every page,
// once by keyboard alone, in German and Japanese (locale from Accept-Language or the switcher, never in the URL), and
// the visual references of every step in three languages (e2e/screens/, compared on each run).
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { addToCart, CARDS, fillAddress, fillCard, fillCheckout } from "./helpers";

/** axe on the page as it is now: nothing serious or critical. */
async function axe(page: Page, where: string) {
  const result = await new AxeBuilder({ page }).analyze();
  const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(bad.map((v) => `${where}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

/** Every picture on screen has loaded and decoded (lazy ones below the fold may not have started: they are not drawn). */
async function imagesSettled(page: Page) {
  await page.waitForFunction(() =>
    [...document.images].every((i) => {
      const r = i.getBoundingClientRect();
      const onScreen = r.bottom > 0 && r.top < window.innerHeight && r.width > 0;
      return !onScreen || (i.complete && i.naturalWidth > 0);
    }),
  );
  await page.evaluate(() => Promise.all([...document.images].filter((i) => i.complete && i.naturalWidth > 0).map((i) => i.decode().catch(() => undefined))));
}

async function noSideScroll(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
}

for (const width of [375, 1280]) {
  test.describe(`at ${width} px`, () => {
    test.use({ viewport: { width, height: width === 375 ? 740 : 900 } });

    test("the whole checkout, with axe finding nothing serious on any page", async ({ page }) => {
      await page.goto("/");
      await expect(page.getByTestId("product-tee-black")).toBeVisible();
      // the first picture is preloaded; the rest load lazily (below the fold on a phone)
      const loading = await page.locator(".products img").evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).loading));
      expect(loading.slice(1).every((l) => l === "lazy")).toBe(true);
      await expect(page.locator(".products img").first()).toHaveAttribute("sizes", /.+/);
      await imagesSettled(page);
      await noSideScroll(page);
      await axe(page, "catalog");

      await page.getByTestId("product-link-tee-black").click();
      await expect(page.getByTestId("product-page-tee-black")).toBeVisible();
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Black Tee");
      await noSideScroll(page);
      await axe(page, "product");
      await page.getByTestId("add-TEE-BLACK-M").click();
      await expect(page.getByTestId("cart-count")).toHaveText(/^1/);

      await page.getByTestId("cart-link").click();
      await expect(page.getByTestId("line-TEE-BLACK-M")).toBeVisible();
      await noSideScroll(page);
      await axe(page, "cart");

      await page.getByTestId("go-checkout").click();
      await expect(page.getByTestId("checkout-steps").locator('[aria-current="step"]')).toContainText("Details");
      // the summary sits above the form on a phone and beside it on a wide screen
      const summary = (await page.getByTestId("order-summary").boundingBox())!;
      const form = (await page.getByRole("form", { name: "Checkout" }).boundingBox())!;
      if (width === 375) expect(summary.y + summary.height).toBeLessThanOrEqual(form.y);
      else expect(summary.x).toBeGreaterThan(form.x + form.width - 1);
      await noSideScroll(page);
      await axe(page, "checkout");

      await page.getByTestId("checkout-email").fill(`shopper-${width}@example.com`);
      await fillAddress(page);
      await fillCard(page, CARDS.declined);
      await page.getByTestId("pay").click();
      await expect(page.getByTestId("declined-title")).toHaveText("Your payment didn't go through");
      await axe(page, "checkout declined");

      await fillCard(page, CARDS.action);
      await page.getByTestId("pay").click();
      await expect(page.getByTestId("action-step")).toBeFocused();
      await expect(page.getByTestId("checkout-steps").locator('[aria-current="step"]')).toContainText("Payment");
      await axe(page, "3-D Secure step");
      await page.getByTestId("action-approve").click();

      await expect(page.getByTestId("payment-status")).toHaveText("paid");
      await noSideScroll(page);
      await axe(page, "confirmation");
    });
  });
}

/** Tab (forwards) until the element with this test id has focus; fails if it is not reachable within `max` presses. */
async function tabTo(page: Page, testId: string, max = 80) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate((id) => document.activeElement?.getAttribute("data-testid") === id, testId)) return;
  }
  throw new Error(`${testId} is not reachable by Tab`);
}

test("the whole checkout by keyboard alone", async ({ page }) => {
  await page.goto("/");
  await tabTo(page, "add-MUG-WHITE");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("cart-count")).toHaveText(/^1/);
  await page.goto("/"); // start again from the top of the page: the header's cart link
  await tabTo(page, "cart-link");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("line-MUG-WHITE")).toBeVisible();
  await tabTo(page, "inc-MUG-WHITE");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("cart-total")).toHaveText("$25.00");
  await expect(page.getByTestId("cart-sync")).toHaveText("");
  await tabTo(page, "go-checkout");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("checkout-email")).toBeVisible();

  await tabTo(page, "checkout-email");
  await page.keyboard.type("keys@example.com");
  for (const [id, text] of [["checkout-name", "Kay Board"], ["checkout-line1", "1 Main Street"], ["checkout-city", "Springfield"]] as const) {
    await tabTo(page, id);
    await page.keyboard.type(text);
  }
  await tabTo(page, "checkout-state");
  await page.keyboard.type("New York");
  await expect(page.getByTestId("checkout-state")).toHaveValue("NY");
  await tabTo(page, "checkout-postal");
  await page.keyboard.type("12345");
  await tabTo(page, "card-number");
  await page.keyboard.type(CARDS.action);
  await page.keyboard.press("Tab");
  await page.keyboard.type("12/34");
  await page.keyboard.press("Tab");
  await page.keyboard.type("123");
  await tabTo(page, "pay");
  await page.keyboard.press("Enter");
  // the bank's step takes focus; its confirm button is the next stop
  await expect(page.getByTestId("action-step")).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(page.getByTestId("action-approve")).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("payment-status")).toHaveText("paid");
  await expect(page.getByTestId("order-total")).toHaveText("$25.00");
});

test("a cart changed in another tab is not charged at the total the first tab showed", async ({ context }) => {
  const first = await context.newPage();
  await addToCart(first, "MUG-WHITE");
  await fillCheckout(first, { email: "tabs@example.com", card: CARDS.success });
  await expect(first.getByTestId("pay")).toHaveText("Pay $12.50");
  const second = await context.newPage();
  await addToCart(second, "MUG-WHITE"); // now two mugs: $25.00
  await first.getByTestId("pay").click();
  await expect(first.getByTestId("checkout-error")).toHaveText(/Your cart changed/);
  await expect(first.getByTestId("checkout-total")).toHaveText("$25.00");
  await expect(first.getByTestId("pay")).toHaveText("Pay $25.00");
  await first.getByTestId("pay").click();
  await expect(first.getByTestId("payment-status")).toHaveText("paid");
  await expect(first.getByTestId("order-total")).toHaveText("$25.00");
});

test.describe("in German, from the browser's Accept-Language", () => {
  test.use({ locale: "de-DE", timezoneId: "Europe/Berlin" });

  test("prices, words and the server's refusals are German; the URL has no locale", async ({ page }) => {
    await page.goto("/?region=JPY");
    await expect(page.locator("html")).toHaveAttribute("lang", "de");
    await expect(page.getByTestId("variant-TEE-BLACK-M").getByTestId("price")).toHaveText("4.200\u00a0¥");
    await expect(page.getByTestId("cart-link")).toContainText("Warenkorb");
    await page.goto("/?region=EUR");
    await expect(page.getByTestId("variant-MUG-WHITE").getByTestId("price")).toHaveText("11,50\u00a0€");
    await page.getByTestId("add-MUG-WHITE").click();
    await expect(page.getByTestId("add-MUG-WHITE").locator("xpath=..").getByRole("status")).toHaveText("Zum Warenkorb hinzugefügt");

    await page.goto("/checkout");
    await expect(page).toHaveURL(/\/checkout$/);
    await page.getByTestId("checkout-email").fill("de@example.com");
    await fillAddress(page);
    // a country the browser's check lets through (two letters) but the region does not ship to: the server refuses it
    await page.getByTestId("checkout-country").evaluate((el) => el.appendChild(new Option("Japan", "JP")));
    await page.getByTestId("checkout-country").selectOption("JP");
    await page.getByTestId("checkout-postal").fill("100-0001");
    await fillCard(page, CARDS.success);
    await page.getByTestId("pay").click();
    await expect(page.getByTestId("shippingAddress-country-error")).toHaveText("In dieses Land liefern wir aus diesem Shop nicht. Wählen Sie ein Land aus der Liste.");
    await expect(page.getByTestId("checkout-error")).toHaveText(/markierten Felder/);
    await expect(page.getByTestId("checkout-error")).not.toContainText("{");
    await page.getByTestId("checkout-country").selectOption("DE");
    await page.getByTestId("checkout-postal").fill("10115");
    await page.getByTestId("pay").click();
    await expect(page.getByTestId("payment-status")).toHaveText("autorisiert"); // Europe captures later
    await expect(page.getByTestId("order-total")).toHaveText("11,50\u00a0€");
    await expect(page.getByTestId("order-shipping-address")).toContainText("Deutschland");
  });
});

test("the switcher changes the language at the same URL and keeps it; Japanese renders", async ({ page }) => {
  await page.goto("/products/cap-navy?region=JPY");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await page.getByTestId("locale-ja").click();
  await expect(page.locator("html")).toHaveAttribute("lang", "ja");
  await expect(page).toHaveURL(/\/products\/cap-navy\?region=JPY$/);
  await expect(page.getByTestId("add-CAP-NAVY")).toHaveText("カートに入れる");
  await expect(page.getByTestId("variant-CAP-NAVY").getByTestId("price")).toHaveText("￥8,400");
  await expect(page.getByTestId("locale-ja")).toHaveAttribute("aria-current", "true");
  await page.goto("/cart");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("カート");
  // the page really draws Japanese glyphs (a CJK font is installed): two different kana come out as different pixels
  // (without a font both would be the same "missing glyph" box)
  const differ = await page.evaluate(() => {
    const draw = (ch: string) => {
      const c = document.createElement("canvas");
      c.width = c.height = 32;
      const g = c.getContext("2d")!;
      g.font = `24px ${getComputedStyle(document.body).fontFamily}`;
      g.fillText(ch, 2, 26);
      return Array.from(g.getImageData(0, 0, 32, 32).data).join(",");
    };
    const [ka, to, box] = [draw("カ"), draw("ト"), draw("\u{10FFFD}")];
    return ka !== to && ka !== box;
  });
  expect(differ).toBe(true);
  await page.getByTestId("locale-en").click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Your cart");
});

test("an unknown product is a 404 page in the shopper's language", async ({ page, baseURL }) => {
  await page.context().addCookies([{ name: "kassa_locale", value: "de", url: baseURL! }]);
  const res = await page.goto("/products/no-such-thing");
  expect(res?.status()).toBe(404);
  await expect(page.getByTestId("not-found")).toContainText("Diese Seite haben wir nicht gefunden");
});

// ---- visual references: every step of the checkout in three languages

for (const locale of ["en", "de", "ja"] as const) {
  test(`screens in ${locale}: catalog, product, cart, checkout (empty, filled, declined, 3-D Secure), confirmation`, async ({ page, baseURL }) => {
    test.setTimeout(90_000);
    await page.setViewportSize({ width: 1280, height: 1500 });
    await page.context().addCookies([
      { name: "kassa_locale", value: locale, url: baseURL! },
      { name: "kassa_tz", value: "UTC", url: baseURL! },
    ]);
    const currency = { en: "USD", de: "EUR", ja: "JPY" }[locale];
    const snap = async (name: string) => {
      await imagesSettled(page);
      await expect(page).toHaveScreenshot(`${name}-${locale}.png`, { mask: [page.getByTestId("order-number"), page.locator(".when")] });
    };

    await page.goto(`/?region=${currency}`);
    await expect(page.getByTestId("product-cap-navy")).toBeVisible();
    await snap("catalog");
    await page.goto(`/products/tee-black?region=${currency}`);
    await snap("product");
    await page.getByTestId("add-TEE-BLACK-M").click();
    await expect(page.getByTestId("cart-count")).toHaveText(/^1/);
    await page.goto("/cart");
    await expect(page.getByTestId("line-TEE-BLACK-M")).toBeVisible();
    await snap("cart");
    await page.goto("/checkout");
    await expect(page.getByTestId("checkout-email")).toBeVisible();
    await snap("checkout-empty");
    await page.getByTestId("checkout-email").fill("screens@example.com");
    await fillAddress(page);
    await fillCard(page, CARDS.declined);
    await snap("checkout-filled");
    await page.getByTestId("pay").click();
    await expect(page.getByTestId("declined-title")).toBeVisible();
    await page.getByTestId("pay").blur();
    await snap("checkout-declined");
    await fillCard(page, CARDS.action);
    await page.getByTestId("pay").click();
    await expect(page.getByTestId("action-step")).toBeVisible();
    await page.getByTestId("action-step").blur();
    await snap("checkout-3ds");
    await page.getByTestId("action-approve").click();
    await expect(page.getByTestId("order-state")).toHaveAttribute("data-state", /paid|authorized/);
    await expect(page.getByTestId("order-shipping-address")).toBeVisible();
    await snap("confirmation");
  });
}
