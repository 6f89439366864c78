// The authorization matrix: for the owner's resources on every surface, each wrong credential is refused with the
// surface's status, and the refusal carries none of the owner's data.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../db";
import { demoAppDatabase } from "./app";
import { createTokenService, type TokenAudience } from "../auth/tokens";
import { getKassa } from "../kassa";
import * as medusa from "../dialects/medusa/router";
import * as shop from "../dialects/shop/router";
import * as ct from "../dialects/commercetools/router";
import * as magento from "../dialects/magento/router";
import { createCaller } from "../trpc/root";
import { createTRPCContext } from "../trpc/init";

type Handler = (req: Request) => Promise<Response>;
const send = async (h: Handler, method: string, url: string, headers: Record<string, string>, body?: unknown) => {
  const res = await h(new Request(`http://localhost${url}`, { method, headers: { "content-type": "application/json", ...headers }, body: body === undefined ? undefined : JSON.stringify(body) }));
  return { status: res.status, text: await res.text() };
};

describe("authorization matrix", () => {
  let h: DbHandle;
  let aliceId: string;
  let bobId: string;
  const tok: Record<string, string> = {};
  const owner: Record<string, string> = {};
  // what must never appear in a refusal
  const secrets = ["alice@example.com", "Alice Example"];

  beforeAll(async () => {
    ({ h, aliceId, bobId } = await demoAppDatabase());
    const tokens = createTokenService({ db: h.db });
    const past = createTokenService({ db: h.db, now: () => new Date(Date.now() - 3 * 24 * 3600 * 1000) });
    const scopes = ["manage_my_payments:kassa-demo"];
    for (const aud of ["medusa", "shop", "commercetools", "magento"] as TokenAudience[]) {
      tok[`alice:${aud}`] = (await tokens.issue({ subject: { type: "customer", customerId: aliceId }, audience: aud, scopes, ttlSeconds: 3600 })).token;
      tok[`bob:${aud}`] = (await tokens.issue({ subject: { type: "customer", customerId: bobId }, audience: aud, scopes, ttlSeconds: 3600 })).token;
      tok[`expired:${aud}`] = (await past.issue({ subject: { type: "customer", customerId: aliceId }, audience: aud, scopes, ttlSeconds: 60 })).token;
      const revoked = await tokens.issue({ subject: { type: "customer", customerId: aliceId }, audience: aud, scopes, ttlSeconds: 3600 });
      await tokens.revoke(revoked.token);
      tok[`revoked:${aud}`] = revoked.token;
    }
    tok.noscope = (await tokens.issue({ subject: { type: "customer", customerId: aliceId }, audience: "commercetools", scopes: ["view_products:kassa-demo"], ttlSeconds: 3600 })).token;

    // Alice's resources on each surface
    const a = { type: "customer", customerId: aliceId } as const;
    const k = getKassa();
    const region = (await h.db.region.findFirstOrThrow({ where: { currency: "USD" } })).id;
    const cart = await k.carts.create(a, { regionId: region, email: "alice@example.com" });
    await k.carts.addLine(cart.id, a, { sku: "MUG-WHITE", quantity: 1 });
    const col = await k.payments.createCollectionForCart(cart.id, a);
    const s = (await k.payments.createSession(col.id, a, { providerId: "pp_system_default" })).sessions[0]!;
    const pay = await k.payments.authorizeSession(s.id, a);
    owner.cart = cart.id;
    owner.collection = col.id;
    owner.session = s.id;
    owner.payment = pay.payment!.id;
    const shopCart = await k.carts.create(a, { regionId: region, email: "alice@example.com" });
    await k.carts.addLine(shopCart.id, a, { sku: "CAP-NAVY", quantity: 1 });
    owner.order = (await k.orders.completeCart(shopCart.id, a, { requirePayment: false })).id;
    owner.ctPayment = (await k.myPayments.create(a, { amountPlanned: { amount: 100, currency: "USD" } })).id;
    const mCart = await k.carts.create(a, { regionId: region, email: "alice@example.com" });
    await k.carts.addLine(mCart.id, a, { sku: "TEE-BLACK-M", quantity: 1 });
    owner.paymentOrder = (await k.paymentOrders.create(a, mCart.id, { methodCode: "payment_services_paypal_hosted_fields", paymentSource: "cc", location: "CHECKOUT", vaultIntent: false, providerId: "pp_kassa_test" })).id;
  });
  afterAll(() => h.close());

  function refused(r: { status: number; text: string }, status: number | number[]) {
    expect(Array.isArray(status) ? status : [status]).toContain(r.status);
    for (const s of secrets) expect(r.text).not.toContain(s);
  }

  it("Medusa: no key, wrong key kind; other customers, expired, revoked and foreign-audience tokens", async () => {
    const pk = { "x-publishable-api-key": "pk_kassa_demo" };
    const routes: [string, string, unknown?][] = [
      ["GET", `/store/carts/${owner.cart}`],
      ["POST", `/store/carts/${owner.cart}`, { email: "x@example.com" }],
      ["POST", `/store/carts/${owner.cart}/line-items`, { variant_id: "variant_x", quantity: 1 }],
      ["POST", "/store/payment-collections", { cart_id: owner.cart }],
      ["POST", `/store/payment-collections/${owner.collection}/payment-sessions`, { provider_id: "pp_system_default" }],
      ["POST", `/store/carts/${owner.cart}/complete`],
      ["GET", `/store/payment-collections/${owner.collection}`],
      ["POST", `/store/payment-collections/${owner.collection}/sessions`, { provider_id: "pp_system_default" }],
      ["POST", `/store/payment-collections/${owner.collection}/sessions/${owner.session}/authorize`],
    ];
    for (const [m, url, body] of routes) {
      // Medusa v1's collection routes take no key (the id is the capability for guests): a customer's is still a 404
      const v1 = url.startsWith(`/store/payment-collections/${owner.collection}`) && !url.endsWith("/payment-sessions");
      refused(await send(medusa.POST, m, url, {}, body), v1 ? 404 : 400);
      refused(await send(medusa.POST, m, url, { "x-publishable-api-key": "shop_demo_storefront_key" }, body), 400);
      for (const t of ["bob:medusa", "expired:medusa", "revoked:medusa", "alice:shop"]) {
        refused(await send(medusa.POST, m, url, { ...pk, authorization: `Bearer ${tok[t]}` }, body), 404);
      }
      refused(await send(medusa.POST, m, url, pk, body), 404); // a guest
    }
  });

  it("shop API: keys, kinds, tokens, and other customers' orders", async () => {
    const store = { "x-api-key": "shop_demo_storefront_key" };
    for (const [m, url] of [["GET", `/api/v1/shop/orders/${owner.order}`], ["POST", `/api/v1/shop/orders/${owner.order}/payment-intent`]] as const) {
      refused(await send(shop.POST, m, url, { authorization: `Bearer ${tok["alice:shop"]}` }), 401);
      refused(await send(shop.POST, m, url, { "x-api-key": "shop_demo_payment_system_key", authorization: `Bearer ${tok["alice:shop"]}` }), 403);
      for (const t of ["expired:shop", "revoked:shop", "alice:magento"]) refused(await send(shop.POST, m, url, { ...store, authorization: `Bearer ${tok[t]}` }), 401);
      refused(await send(shop.POST, m, url, { ...store, authorization: `Bearer ${tok["bob:shop"]}` }), 404);
    }
    refused(await send(shop.POST, "POST", `/api/v1/shop/orders/${owner.order}/payment`, { ...store, authorization: `Bearer ${tok["alice:shop"]}` }, {}), 403);
  });

  it("commercetools: no token, expired, revoked, foreign audience, missing scope, another customer", async () => {
    for (const [m, url, body] of [
      ["GET", `/commercetools/kassa-demo/me/payments/${owner.ctPayment}`],
      ["POST", `/commercetools/kassa-demo/me/payments/${owner.ctPayment}`, { version: 1, actions: [] }],
      ["DELETE", `/commercetools/kassa-demo/me/payments/${owner.ctPayment}?version=1`],
      ["GET", "/commercetools/kassa-demo/me/payments"],
    ] as const) {
      refused(await send(ct.POST, m, url, {}, body), 401);
      for (const t of ["expired:commercetools", "revoked:commercetools", "alice:medusa"]) refused(await send(ct.POST, m, url, { authorization: `Bearer ${tok[t]}` }, body), 401);
      refused(await send(ct.POST, m, url, { authorization: `Bearer ${tok.noscope}` }, body), 403);
      refused(await send(ct.POST, m, url.replace("kassa-demo", "other-project"), { authorization: `Bearer ${tok["alice:commercetools"]}` }, body), 403);
      if (url.includes(owner.ctPayment!)) refused(await send(ct.POST, m, url, { authorization: `Bearer ${tok["bob:commercetools"]}` }, body), 404);
    }
    const bobs = await send(ct.POST, "GET", "/commercetools/kassa-demo/me/payments?limit=500", { authorization: `Bearer ${tok["bob:commercetools"]}` });
    expect(bobs.text).not.toContain(owner.ctPayment!);
  });

  it("Magento: no token, expired, revoked, foreign audience, and another customer's payment order", async () => {
    for (const [m, url] of [["GET", "/rest/V1/carts/mine"], ["GET", "/rest/V1/carts/mine/totals"], ["GET", `/rest/V1/carts/mine/payment-order/${owner.paymentOrder}`]] as const) {
      refused(await send(magento.POST, m, url, {}), 401);
      for (const t of ["expired:magento", "revoked:magento", "alice:shop"]) refused(await send(magento.POST, m, url, { authorization: `Bearer ${tok[t]}` }), 401);
    }
    refused(await send(magento.POST, "GET", `/rest/V1/carts/mine/payment-order/${owner.paymentOrder}`, { authorization: `Bearer ${tok["bob:magento"]}` }), 404);
  });

  it("tRPC: signed-out callers and other customers", async () => {
    const as = async (customerId: string | null) =>
      createCaller(await createTRPCContext({ headers: new Headers(), session: customerId ? { user: { id: customerId, email: "x" } } : null }));
    const anon = await as(null);
    await expect(anon.payments.list({ limit: 10 })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(anon.payments.get({ id: owner.payment! })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(anon.orders.get({ id: owner.order! })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const bob = await as(bobId);
    await expect(bob.payments.get({ id: owner.payment! })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(bob.orders.get({ id: owner.order! })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await bob.payments.list({ limit: 100 })).map((p) => p.id)).not.toContain(owner.payment);
    expect(await bob.cart.get()).toBeNull();
    const alice = await as(aliceId);
    expect((await alice.payments.get({ id: owner.payment! })).id).toBe(owner.payment);
  });
});
