// KASSA_SHOP_API_KEY: one key for both the storefront and the payment-system routes, as the seed's deployment uses
// (`X-API-Key: 123456789`). The environment is read when the app's modules load, so this file sets it first.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seed } from "../../../prisma/seed";
import type { DbHandle } from "../../db";
import { embeddedTestDb } from "../../test/db";
import { useTestDatabase } from "../../test/app";

process.env.KASSA_SHOP_API_KEY = "123456789";
const { POST } = await import("./router");

async function call(path: string, key: string | null, body: unknown = {}, token?: string) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (key) headers["x-api-key"] = key;
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await POST(new Request(`http://localhost/api/v1/shop${path}`, { method: "POST", headers, body: JSON.stringify(body) }));
  return { status: res.status, body: await res.json() };
}

describe("shop API with one key (KASSA_SHOP_API_KEY)", () => {
  let h: DbHandle;
  beforeAll(async () => {
    h = await embeddedTestDb();
    await seed(h.db);
    useTestDatabase(h);
  });
  afterAll(() => h.close());

  it("the one key opens the storefront and the payment-system routes; mark-paid still asks the provider", async () => {
    const token = (await call("/auth/login", "123456789", { email: "alice@example.com", password: "alice-password" })).body.data.token as string;
    const order = (await call("/orders", "123456789", { items: [{ sku: "CAP-NAVY", quantity: 2 }], currency: "USD" }, token)).body.data;
    const pi = (await call(`/orders/${order.id}/payment-intent`, "123456789", {}, token)).body.data;
    const early = await call(`/orders/${order.id}/payment`, "123456789");
    expect(early.status).toBe(409); // not paid at the provider: refused, in the seed's error shape
    expect(typeof early.body.message).toBe("string");
    await call(`/test/payment-intents/${pi.id}/confirm`, "123456789", { payment_method: "pm_card_visa" });
    const paid = await call(`/orders/${order.id}/payment`, "123456789");
    expect([paid.status, paid.body.data.id, paid.body.data.payment_status]).toEqual([200, pi.id, "paid"]);
    // the demo's two keys keep working beside it; a wrong key does not
    expect((await call(`/orders/${order.id}/payment`, "shop_demo_payment_system_key")).status).toBe(200);
    expect((await call(`/orders/${order.id}/payment`, "shop_demo_storefront_key")).status).toBe(403);
    expect((await call(`/orders/${order.id}/payment`, "12345678")).status).toBe(401);
  });
});
