// Medusa's own JS SDK against Kassa's admin payment routes, exactly as a Medusa admin integration calls them: staff
// login, list with filters and paging, retrieve, capture a part and then the rest, refund; a customer's token and a
// publishable key are refused on every /admin route.
import Medusa from "@medusajs/js-sdk";
import { expect, test } from "@playwright/test";

const base = `http://127.0.0.1:${Number(process.env.E2E_PORT || 3100)}`;
const sdk = () => new Medusa({ baseUrl: base, auth: { type: "jwt", jwtTokenStorageMethod: "memory" } });

/** A Europe order paid through Medusa's store routes with pp_system_default (authorized; captured later). */
async function authorizedPayment(): Promise<{ id: string; sessionId: string }> {
  const store = new Medusa({ baseUrl: base, publishableKey: "pk_kassa_demo" });
  const { regions } = await store.store.region.list();
  const eu = regions.find((r: { id: string; currency_code: string }) => r.currency_code === "eur")!;
  const { products } = await store.store.product.list({ region_id: eu.id });
  const variant = products.flatMap((p: { variants?: { id: string; sku: string }[] }) => p.variants ?? []).find((v: { sku: string }) => v.sku === "MUG-WHITE")!;
  const { cart } = await store.store.cart.create({ region_id: eu.id, email: "sdk-admin@example.com" });
  await store.store.cart.createLineItem(cart.id, { variant_id: variant.id, quantity: 2 });
  const { cart: full } = await store.store.cart.retrieve(cart.id);
  const { payment_collection } = await store.store.payment.initiatePaymentSession(full, { provider_id: "pp_system_default" });
  await store.store.cart.complete(cart.id);
  return { id: "", sessionId: payment_collection.payment_sessions![0]!.id };
}

test("@medusajs/js-sdk: staff login, list, retrieve, capture in parts, refund", async () => {
  const { sessionId } = await authorizedPayment();
  const admin = sdk();
  const token = await admin.auth.login("user", "emailpass", { email: "operator@example.com", password: "operator-password" });
  expect(typeof token).toBe("string");

  const list = await admin.admin.payment.list({ payment_session_id: sessionId } as Record<string, unknown>);
  expect(list.count).toBe(1);
  const id = list.payments[0]!.id;
  const paged = await admin.admin.payment.list({ limit: 1, offset: 0, order: "-created_at" } as Record<string, unknown>);
  expect(paged).toMatchObject({ limit: 1, offset: 0 });
  expect(paged.count).toBeGreaterThanOrEqual(1);
  expect(paged.payments).toHaveLength(1);

  const { payment } = await admin.admin.payment.retrieve(id);
  expect(payment).toMatchObject({ id, currency_code: "eur", amount: 23, captured_at: null, captures: [], refunds: [] });

  const part = await admin.admin.payment.capture(id, { amount: 10 });
  expect(part.payment.captures!.map((c: { amount: number }) => c.amount)).toEqual([10]);
  const rest = await admin.admin.payment.capture(id, {});
  expect(rest.payment.captures!.map((c: { amount: number }) => c.amount)).toEqual([10, 13]);
  expect(rest.payment.captured_at).not.toBeNull();
  const refunded = await admin.admin.payment.refund(id, { amount: 5, note: "damaged" });
  expect(refunded.payment.refunds).toMatchObject([{ amount: 5, note: "damaged", payment_id: id }]);
  await expect(admin.admin.payment.refund(id, { amount: 100 })).rejects.toMatchObject({ status: 400, message: "You are not allowed to refund more than the captured amount" });

  const { payment_providers } = await admin.admin.payment.listPaymentProviders();
  expect(payment_providers.map((p: { id: string }) => p.id)).toContain("pp_system_default");
});

test("a customer token and a publishable key are refused on every /admin route", async ({ request }) => {
  const customer = sdk();
  await customer.auth.login("customer", "emailpass", { email: "alice@example.com", password: "alice-password" });
  const token = (await (await request.post("/auth/customer/emailpass", { data: { email: "alice@example.com", password: "alice-password" } })).json()).token as string;
  await expect(customer.admin.payment.list()).rejects.toMatchObject({ status: 401 });
  const staff = await (await request.post("/auth/user/emailpass", { data: { email: "alice@example.com", password: "alice-password" } })).json();
  expect(staff).toEqual({ type: "unauthorized", message: "Invalid email or password" });
  for (const headers of [{ authorization: `Bearer ${token}` }, { "x-publishable-api-key": "pk_kassa_demo" }, {}] as Record<string, string>[]) {
    for (const [method, path] of [["GET", "/admin/payments"], ["GET", "/admin/payments/pay_x"], ["GET", "/admin/payments/payment-providers"], ["POST", "/admin/payments/pay_x/capture"], ["POST", "/admin/payments/pay_x/refund"]] as const) {
      const res = method === "GET" ? await request.get(path, { headers }) : await request.post(path, { headers, data: {} });
      expect(res.status(), `${method} ${path}`).toBe(401);
      expect(await res.json()).toEqual({ message: "Unauthorized" });
    }
  }
});
