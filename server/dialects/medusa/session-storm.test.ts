// The storm Medusa v2 answers with 500s and dozens of live sessions: ten concurrent POST …/payment-sessions on one
// collection, through the HTTP handlers. Every call must answer 200 with one session, and one live session remain.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seed } from "../../../prisma/seed";
import type { DbHandle } from "../../db";
import { useTestDatabase } from "../../test/app";
import { testDatabases } from "../../test/db";
import { POST, GET } from "./router";

for (const target of testDatabases()) {
  describe(`session storm on the ${target.name} database`, () => {
    let h: DbHandle;
    beforeAll(async () => {
      h = await target.open();
      await seed(h.db);
      useTestDatabase(h);
    });
    afterAll(() => h.close());

    const pk = { "content-type": "application/json", "x-publishable-api-key": "pk_kassa_demo" };
    const call = async (method: "GET" | "POST", path: string, body?: unknown) => {
      const res = await (method === "GET" ? GET : POST)(new Request(`http://localhost${path}`, { method, headers: pk, body: body === undefined ? undefined : JSON.stringify(body) }));
      return { status: res.status, body: (await res.json()) as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
    };

    it("ten concurrent session creations: ten 200s, exactly one live session", async () => {
      const regions = (await call("GET", "/store/regions")).body.regions;
      const usd = regions.find((r: { currency_code: string }) => r.currency_code === "usd").id;
      const variant = (await call("GET", `/store/products?region_id=${usd}`)).body.products[0].variants[0].id;
      const cart = (await call("POST", "/store/carts", { region_id: usd, items: [{ variant_id: variant, quantity: 1 }] })).body.cart;
      const col = (await call("POST", "/store/payment-collections", { cart_id: cart.id })).body.payment_collection;
      const answers = await Promise.all(Array.from({ length: 10 }, () => call("POST", `/store/payment-collections/${col.id}/payment-sessions`, { provider_id: "pp_system_default" })));
      expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
      expect(answers.every((a) => a.body.payment_collection.payment_sessions.length === 1)).toBe(true);
      expect(await h.db.paymentSession.count({ where: { liveForCollectionId: col.id } })).toBe(1);
      expect(await h.db.paymentSession.count({ where: { collectionId: col.id } })).toBe(10); // each call started one; nine were retired
      const after = (await call("POST", "/store/payment-collections", { cart_id: cart.id })).body.payment_collection;
      expect(after.payment_sessions).toHaveLength(1);
    });
  });
}
