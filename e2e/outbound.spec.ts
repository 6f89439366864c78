// Outbound events and mails against the running app: a receiver (a local HTTP server in this test) gets order.paid
// after a browser checkout, verifies the signature as docs/webhooks.md shows, and sees each event once per id even
// though it answered 500 twice first; a customer resets a forgotten password from the mailed link.
import { createHmac, timingSafeEqual } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { expect, test, type Browser } from "@playwright/test";
import { addToCart, CARDS, fillCheckout, register, signIn } from "./helpers";

/** The receiver's check from docs/webhooks.md, verbatim in spirit: HMAC-SHA256 over `t.body`, timestamp within 5 minutes. */
function verify(body: string, header: string, secret: string): boolean {
  const parts = Object.fromEntries(header.split(",").map((p) => p.split("=") as [string, string]).filter(([k]) => k === "t"));
  const t = Number(parts.t);
  if (Math.abs(Date.now() / 1000 - t) > 300) return false;
  const expected = createHmac("sha256", secret).update(`${t}.${body}`).digest("hex");
  return header.split(",").some((p) => p.startsWith("v1=") && p.length === expected.length + 3 && timingSafeEqual(Buffer.from(p.slice(3)), Buffer.from(expected)));
}

/** The reset link mailed to `email` (the app writes mails as .eml files under its data folder), or "". */
function resetLinkFor(email: string): string {
  const dir = path.resolve(".data", "e2e", "mail");
  let files: string[] = [];
  try {
    files = readdirSync(dir).map((f) => path.join(dir, f)).sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  } catch {
    return "";
  }
  for (const f of files) {
    const text = readFileSync(f, "utf8").replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
    if (text.includes(`To: ${email}`)) return /\/reset-password\?token=[^\s]+/.exec(text)?.[0] ?? "";
  }
  return "";
}

async function ownerPage(browser: Browser) {
  const page = await (await browser.newContext()).newPage();
  await page.goto("/dashboard/login");
  await page.getByTestId("staff-email").fill("owner@example.com");
  await page.getByTestId("staff-password").fill("owner-password");
  await page.getByTestId("staff-login-submit").click();
  await expect(page.getByTestId("staff-who")).toContainText("owner@example.com");
  return page;
}

test("a receiver gets order.paid after a browser checkout, signed, once per id after answering 500 twice", async ({ browser, page }) => {
  test.setTimeout(60_000);
  const hits: { id: string; status: number; body: string; signature: string }[] = [];
  const server = createServer(async (req, res) => {
    let body = "";
    for await (const c of req) body += c;
    const id = String(req.headers["kassa-event-id"]);
    const status = hits.filter((h) => h.id === id).length < 2 ? 500 : 200;
    hits.push({ id, status, body, signature: String(req.headers["kassa-signature"]) });
    res.writeHead(status).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/kassa-events`;

  const owner = await ownerPage(browser);
  await owner.goto("/dashboard/webhooks");
  await owner.getByTestId("webhook-url").fill(url);
  await owner.getByTestId("webhook-create-submit").click(); // order.paid is preselected
  const secret = (await owner.getByTestId("webhook-secret").textContent())!;
  expect(secret).toMatch(/^whsec_/);

  await addToCart(page, "MUG-WHITE");
  await fillCheckout(page, { email: "hooked@example.com", card: CARDS.success });
  await page.getByTestId("pay").click();
  await expect(page.getByTestId("payment-status")).toHaveText("paid");
  const number = (await page.getByTestId("order-number").textContent())!;

  const mine = () => hits.filter((h) => JSON.parse(h.body).data?.order?.number === number);
  await expect.poll(() => mine().map((h) => h.status), { timeout: 30_000 }).toEqual([500, 500, 200]);
  const ok = mine().at(-1)!;
  expect(verify(ok.body, ok.signature, secret)).toBe(true);
  expect(verify(ok.body, ok.signature, "whsec_not_it")).toBe(false);
  expect(JSON.parse(ok.body)).toMatchObject({ type: "order.paid", data: { order: { number, currency: "USD", total: 1250, payment_status: "paid", email: "hooked@example.com" } } });
  expect(new Set(mine().map((h) => h.id)).size).toBe(1);
  await page.waitForTimeout(3000);
  expect(mine()).toHaveLength(3); // nothing after the 200

  await owner.getByTestId("webhook-log").first().click();
  await expect(owner.getByTestId("delivery-row").first()).toContainText("succeeded");
  await owner.goto("/dashboard/mail");
  await expect(owner.getByTestId("mail-row").filter({ hasText: `Your order ${number}` })).toHaveCount(1);
  await new Promise<void>((r) => server.close(() => r()));
});

test("a forgotten password: the mailed link sets a new one once; the used link is refused", async ({ page }) => {
  const email = `forgetful-${Date.now()}@example.com`;
  await register(page, email, "the first password");
  await page.getByTestId("sign-out").click();
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
  await page.goto("/login");
  await page.getByTestId("forgot-link").click();
  await page.getByTestId("forgot-email").fill(email);
  await page.getByTestId("forgot-submit").click();
  await expect(page.getByTestId("reset-requested")).toBeVisible();

  await expect.poll(() => resetLinkFor(email), { timeout: 15_000 }).not.toBe("");
  const link = resetLinkFor(email);
  await page.goto(link);
  await page.getByTestId("reset-password").fill("the second password");
  await page.getByTestId("reset-submit").click();
  await expect(page.getByTestId("reset-done")).toBeVisible();
  await signIn(page, email, "the second password");
  await page.getByTestId("sign-out").click();
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible(); // signed out before the next navigation

  await page.goto(link);
  await page.getByTestId("reset-password").fill("a third password");
  await page.getByTestId("reset-submit").click();
  await expect(page.getByTestId("reset-error")).toContainText("not valid any more");
});
