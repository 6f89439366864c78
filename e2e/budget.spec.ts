// The checkout's first-load JavaScript budget (issue 9: 180 kB gzipped), measured on what Chromium really downloads
// for /checkout with a cart, and the bench's HTML-based rule (e2e/first-load.ts) checked against it.
import { gzipSync } from "node:zlib";
import { expect, test } from "@playwright/test";
import { firstLoadScripts } from "./first-load";
import { addToCart } from "./helpers";

const BUDGET_KB = 180;

test("the checkout's first-load JavaScript stays within 180 kB gzipped", async ({ page, request }) => {
  await addToCart(page, "TEE-BLACK-M");
  const loaded = new Map<string, number>();
  const pending: Promise<void>[] = [];
  page.on("response", (r) => {
    if (r.request().resourceType() !== "script") return;
    pending.push(r.body().then((b) => void loaded.set(new URL(r.url()).pathname, gzipSync(b).length)));
  });
  await page.goto("/checkout", { waitUntil: "load" });
  await expect(page.getByTestId("checkout-total")).toBeVisible();
  await Promise.all(pending);

  const html = await (await request.get("/checkout")).text();
  const listed = firstLoadScripts(html);
  // what the page lists is what a browser with ES modules loads at first: no noModule polyfills, nothing left out
  expect([...loaded.keys()].sort()).toEqual(expect.arrayContaining(listed.map((s) => new URL(s, "http://x").pathname).sort()));
  const legacy = [...html.matchAll(/<script\b[^>]*\bnomodule\b[^>]*src="([^"]+)"/gi)].map((m) => m[1]!);
  for (const src of legacy) expect(loaded.has(new URL(src, "http://x").pathname)).toBe(false);

  const kb = [...loaded.values()].reduce((a, b) => a + b, 0) / 1024;
  test.info().annotations.push({ type: "first-load JavaScript", description: `${kb.toFixed(1)} kB gzipped in ${loaded.size} scripts` });
  expect(kb).toBeLessThanOrEqual(BUDGET_KB);
});
