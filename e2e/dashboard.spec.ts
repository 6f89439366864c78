// The merchant console in Chromium: a Europe (manual capture) order by alice, captured in two parts and refunded by an
// operator; alice sees the refund; the audit log names the operator; a viewer reads but has no actions and the
// procedures refuse a forged call; an owner's new key works at once and stops after revocation.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { addToCart, CARDS, fillCheckout, signIn } from "./helpers";

async function staffSignIn(browser: Browser, who: "owner" | "operator" | "viewer"): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/dashboard\/login/);
  await page.getByTestId("staff-email").fill(`${who}@example.com`);
  await page.getByTestId("staff-password").fill(`${who}-password`);
  await page.getByTestId("staff-login-submit").click();
  await expect(page.getByTestId("staff-who")).toHaveText(`${who}@example.com (${who})`);
  return page;
}

async function act(page: Page, kind: "capture" | "refund", amount: string, note?: string) {
  await page.getByTestId(`action-${kind}`).click();
  await page.getByTestId("action-amount").fill(amount);
  if (note) await page.getByTestId("action-note").fill(note);
  await page.getByTestId("action-confirm").click();
  await expect(page.getByTestId(`confirm-${kind}`)).toHaveCount(0);
}

test("an operator captures a manual authorization in two parts and refunds part; alice and the audit log see it; a viewer only reads", async ({ browser }) => {
  const alice = await (await browser.newContext()).newPage();
  await signIn(alice, "alice@example.com", "alice-password");
  // alice's cart may hold what earlier tests left in it: start from an empty one
  await alice.goto("/cart");
  await expect(alice.getByTestId("cart").or(alice.getByTestId("cart-empty"))).toBeVisible(); // loaded, either way
  for (const sku of ["TEE-BLACK-M", "MUG-WHITE", "CAP-NAVY"]) {
    const remove = alice.getByTestId(`remove-${sku}`);
    if (await remove.count()) {
      await remove.click();
      await expect(alice.getByTestId(`line-${sku}`)).toHaveCount(0);
    }
  }
  await addToCart(alice, "TEE-BLACK-M", "EUR");
  await fillCheckout(alice, { card: CARDS.success, country: "DE" });
  await alice.getByTestId("pay").click();
  await expect(alice).toHaveURL(/\/orders\/ord_/);
  await expect(alice.getByTestId("payment-status")).toHaveText("authorized"); // Europe captures later
  await expect(alice.getByTestId("order-total")).toHaveText("€26.00");
  const orderNumber = (await alice.getByTestId("order-number").textContent())!;

  const operator = await staffSignIn(browser, "operator");
  await operator.getByTestId("filter-order").fill(orderNumber);
  await operator.getByTestId("filter-apply").click();
  const row = operator.getByTestId("payment-row");
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("€26.00");
  await expect(row).toContainText("alice@example.com");
  await row.getByRole("link").click();
  await expect(operator).toHaveURL(/\/dashboard\/payments\/pay_/);
  const paymentPath = new URL(operator.url()).pathname;
  const paymentId = paymentPath.split("/").pop()!;
  await expect(operator.getByTestId("staff-payment-status")).toHaveText("authorized");
  expect((await new AxeBuilder({ page: operator }).analyze()).violations.filter((v) => v.impact === "serious" || v.impact === "critical")).toEqual([]);

  await act(operator, "capture", "10.00");
  await expect(operator.getByTestId("staff-captured")).toHaveText("€10.00");
  await expect(operator.getByTestId("staff-payment-status")).toHaveText("partially captured");
  await operator.getByTestId("action-capture").click(); // the rest: leave the amount empty
  await operator.getByTestId("action-confirm").click();
  await expect(operator.getByTestId("staff-captured")).toHaveText("€26.00");
  await act(operator, "refund", "5.00", "scratched on arrival");
  await expect(operator.getByTestId("staff-refunded")).toHaveText("€5.00");
  const timeline = operator.getByTestId("staff-timeline");
  await expect(timeline.getByText(/Charge €10\.00 — Success/)).toBeVisible();
  await expect(timeline.getByText(/Charge €16\.00 — Success/)).toBeVisible();
  await expect(timeline.getByText(/Refund €5\.00 — Success · note: “scratched on arrival”/)).toBeVisible();

  // a refund beyond what remains is refused in words, and nothing moves
  await operator.getByTestId("action-refund").click();
  await operator.getByTestId("action-amount").fill("100.00");
  await operator.getByTestId("action-confirm").click();
  await expect(operator.getByTestId("action-error")).toHaveText("That is more than remains captured and not yet refunded.");

  // one ledger: alice sees the refund on her payment page
  await alice.goto(`/account/payments/${paymentId}`);
  await expect(alice.getByTestId("timeline")).toContainText("Refund");
  await expect(alice.getByTestId("timeline")).toContainText("€5.00");

  // the audit log lists the three actions with the operator's email (and the refused one)
  await operator.goto("/dashboard/audit");
  const audit = operator.getByTestId("audit-row").filter({ hasText: paymentId });
  await expect(audit.filter({ hasText: "succeeded" })).toHaveCount(3);
  await expect(audit.filter({ hasText: "payment.refund" }).filter({ hasText: "refused" })).toHaveCount(1);
  for (const text of await audit.allTextContents()) expect(text).toContain("operator@example.com");

  // a viewer sees the same payment, with no action buttons; a forged call is refused
  const viewer = await staffSignIn(browser, "viewer");
  await viewer.goto(paymentPath);
  await expect(viewer.getByTestId("staff-refunded")).toHaveText("€5.00");
  await expect(viewer.getByTestId("payment-actions")).toHaveCount(0);
  const forged = await viewer.request.post("/api/trpc/dashboard.payments.refund", { data: { json: { id: paymentId, amount: "1.00", idempotencyKey: "forged-by-a-viewer" } } });
  expect(forged.status()).toBe(403);
  // and alice, a customer, is not staff at all
  const asAlice = await alice.request.get(`/api/trpc/dashboard.payments.get?input=${encodeURIComponent(JSON.stringify({ json: { id: paymentId } }))}`);
  expect(asAlice.status()).toBe(401);
  const csv = await viewer.request.get(`/dashboard/export?order=${orderNumber}`);
  expect(csv.status()).toBe(200);
  expect(await csv.text()).toContain(`${paymentId},`);
});

test("an owner's new publishable key works at once and is refused within the cache's lifetime after revocation", async ({ browser, request }) => {
  test.setTimeout(60_000);
  const owner = await staffSignIn(browser, "owner");
  await owner.goto("/dashboard/keys");
  await owner.getByTestId("key-name").fill(`Pop-up shop ${Date.now()}`);
  await owner.getByTestId("key-create-submit").click();
  const secret = (await owner.getByTestId("key-secret").textContent())!;
  expect(secret).toMatch(/^pk_/);
  expect((await request.get("/store/regions", { headers: { "x-publishable-api-key": secret } })).status()).toBe(200);
  owner.on("dialog", (d) => d.accept());
  await owner.getByTestId("key-row").filter({ hasText: "Pop-up shop" }).getByTestId("key-revoke").click();
  await expect(owner.getByTestId("key-row").filter({ hasText: "Pop-up shop" })).toContainText("revoked");
  // the key cache lives 10 s in each process; the refusal comes no later than that
  await expect.poll(async () => (await request.get("/store/regions", { headers: { "x-publishable-api-key": secret } })).status(), { timeout: 15_000, intervals: [1000] }).toBe(400);
});
