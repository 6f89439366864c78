import { expect, test } from "@playwright/test";

test("the catalog renders with prices in the region's currency", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByTestId("variant-TEE-BLACK-M").getByTestId("price")).toHaveText("$28.00");
  await page.getByTestId("region-EUR").click();
  await expect(page.getByTestId("variant-TEE-BLACK-M").getByTestId("price")).toHaveText("€26.00");
  await page.getByTestId("region-JPY").click();
  await expect(page.getByTestId("variant-TEE-BLACK-M").getByTestId("price")).toHaveText("¥4,200");
  await expect(page.getByTestId("variant-MUG-WHITE").getByTestId("price")).toHaveText("¥1,900");
});

test("alice signs in and out", async ({ page }) => {
  await page.goto("/login");
  await page.getByTestId("login-email").fill("alice@example.com");
  await page.getByTestId("login-password").fill("alice-password");
  await page.getByTestId("login-submit").click();
  await expect(page.getByTestId("signed-in-as")).toHaveText("alice@example.com");
  await page.getByTestId("sign-out").click();
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
});

test("a wrong password shows an error and signs nobody in", async ({ page }) => {
  await page.goto("/login");
  await page.getByTestId("login-email").fill("bob@example.com");
  await page.getByTestId("login-password").fill("not-bobs-password");
  await page.getByTestId("login-submit").click();
  await expect(page.getByTestId("login-error")).toBeVisible();
  await expect(page.getByTestId("signed-in-as")).toHaveCount(0);
});

test("a new customer registers and is signed in", async ({ page }) => {
  const email = `new-${Date.now()}@example.com`;
  await page.goto("/register");
  await page.getByTestId("register-email").fill(email);
  await page.getByTestId("register-password").fill("a fine password");
  await page.getByTestId("register-submit").click();
  await expect(page.getByTestId("signed-in-as")).toHaveText(email);
});

test("health reports the database", async ({ request }) => {
  const res = await request.get("/api/health");
  expect(res.status()).toBe(200);
  expect(await res.json()).toEqual({ status: "ok", database: "ok" });
});

test("pages and APIs carry security headers", async ({ request }) => {
  // pages and Next's APIs, and the REST routes Kassa's server answers without Next (refusals included)
  for (const path of ["/", "/checkout", "/api/health", "/store/regions", "/rest/V1/carts/mine", "/commercetools/kassa-demo/me/payments", "/api/v1/shop/orders/x"]) {
    const res = await request.get(path);
    const h = res.headers();
    expect(h["content-security-policy"], path).toContain("frame-ancestors 'none'");
    expect(h["content-security-policy"], path).not.toContain("unsafe-eval");
    expect(h["content-security-policy"], path).toContain("script-src 'self' 'unsafe-inline' https://js.stripe.com;");
    expect(h["x-frame-options"], path).toBe("DENY");
    expect(h["x-content-type-options"], path).toBe("nosniff");
    expect(h["referrer-policy"], path).toBe("strict-origin-when-cross-origin");
  }
});

test("the page's CSP blocks eval and scripts from other origins, and the app still runs", async ({ page }) => {
  const consoleLines: string[] = [];
  page.on("console", (m) => void consoleLines.push(m.text()));
  // a probe in the page's own HTML, under the server's real headers (DevTools' evaluation is exempt from the policy)
  await page.route("**/checkout", async (route) => {
    const res = await route.fetch();
    const probe = `<script>try { (0, eval)("1 + 1"); console.log("eval-probe: allowed"); } catch (e) { console.log("eval-probe: " + e.name); }</script>`;
    await route.fulfill({ response: res, body: (await res.text()).replace("</body>", `${probe}</body>`) });
  });
  await page.goto("/checkout");
  await expect(page.getByTestId("checkout-empty")).toBeVisible(); // rendered and hydrated under the policy
  await expect.poll(() => consoleLines.find((l) => l.startsWith("eval-probe:"))).toBe("eval-probe: EvalError");
  // nothing of the app's own was refused: the only violation is the probe's eval
  const refused = consoleLines.filter((l) => /Content Security Policy/i.test(l) && !/evaluate a string as JavaScript/i.test(l));
  expect(refused).toEqual([]);

  // a script from another origin: refused by the policy (a violation event), not merely unreachable
  const foreign = await page.evaluate(
    () =>
      new Promise<string>((resolve) => {
        document.addEventListener("securitypolicyviolation", (e) => {
          if (e.blockedURI.includes("cdn.example.invalid")) resolve("refused by CSP");
        });
        const s = document.createElement("script");
        s.src = "https://cdn.example.invalid/x.js";
        s.onload = () => resolve("loaded");
        s.onerror = () => setTimeout(() => resolve("failed without a CSP violation"), 300);
        document.head.appendChild(s);
      }),
  );
  expect(foreign).toBe("refused by CSP");
});
