import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../server/db";
import { embeddedTestDb } from "../server/test/db";
import { assertDemoSecretsAllowed, seed } from "./seed";
import { listProducts, listRegions } from "../server/core/catalog";
import { findApiKey } from "../server/auth/api-keys";
import { signInWithPassword } from "../server/auth/credentials";

async function snapshot(h: DbHandle) {
  const db = h.db;
  return {
    customers: await db.customer.findMany({ orderBy: { email: "asc" } }),
    regions: await db.region.findMany({ orderBy: { name: "asc" } }),
    products: await db.product.findMany({ orderBy: { handle: "asc" } }),
    variants: await db.variant.findMany({ orderBy: { sku: "asc" } }),
    prices: await db.price.findMany({ orderBy: [{ variantId: "asc" }, { currency: "asc" }] }),
    keys: await db.apiKey.findMany({ orderBy: { keyHash: "asc" } }),
    clients: await db.oAuthClient.findMany({ orderBy: { clientId: "asc" } }),
  };
}

describe("demo seed (embedded database)", () => {
  let h: DbHandle;
  beforeAll(async () => {
    h = await embeddedTestDb();
  });
  afterAll(() => h.close());

  it("is idempotent: a second run changes nothing", async () => {
    await seed(h.db);
    const first = await snapshot(h);
    await seed(h.db);
    expect(await snapshot(h)).toEqual(first);
    expect(first.customers.map((c) => c.email)).toEqual(["alice@example.com", "bob@example.com"]);
    expect(first.regions.map((r) => [r.name, r.currency])).toEqual([["Europe", "EUR"], ["Japan", "JPY"], ["United States", "USD"]]);
  });

  it("prices the catalog in integer minor units per currency", async () => {
    const usd = await listProducts(h.db, "USD");
    const jpy = await listProducts(h.db, "JPY");
    const eur = await listProducts(h.db, "EUR");
    const price = (list: typeof usd, sku: string) => list.flatMap((p) => p.variants).find((v) => v.sku === sku)?.price?.amount;
    expect([price(usd, "TEE-BLACK-M"), price(eur, "TEE-BLACK-M"), price(jpy, "TEE-BLACK-M")]).toEqual([2800, 2600, 4200]);
    expect([price(usd, "MUG-WHITE"), price(eur, "MUG-WHITE"), price(jpy, "MUG-WHITE")]).toEqual([1250, 1150, 1900]);
    expect([price(usd, "CAP-NAVY"), price(eur, "CAP-NAVY"), price(jpy, "CAP-NAVY")]).toEqual([5600, 5200, 8400]);
    expect((await listRegions(h.db)).map((r) => r.currency).sort()).toEqual(["EUR", "JPY", "USD"]);
  });

  it("stores keys hashed and finds them only by their kind", async () => {
    const keys = await h.db.apiKey.findMany();
    expect(keys.some((k) => k.keyHash.includes("pk_kassa_demo"))).toBe(false);
    expect((await findApiKey(h.db, "pk_kassa_demo", ["publishable"]))?.kind).toBe("publishable");
    expect(await findApiKey(h.db, "pk_kassa_demo", ["shop_storefront"])).toBeNull();
    expect(await findApiKey(h.db, "pk_nope", ["publishable"])).toBeNull();
  });

  it("lets the demo customers sign in with their passwords", async () => {
    expect((await signInWithPassword(h.db, "alice@example.com", "alice-password"))?.email).toBe("alice@example.com");
    expect(await signInWithPassword(h.db, "bob@example.com", "alice-password")).toBeNull();
  });

  it("refuses the built-in demo secrets under NODE_ENV=production unless asked", () => {
    expect(() => assertDemoSecretsAllowed({ NODE_ENV: "production" })).toThrow();
    expect(() => assertDemoSecretsAllowed({ NODE_ENV: "production", KASSA_SEED_DEMO: "1" })).not.toThrow();
    expect(() => assertDemoSecretsAllowed({ NODE_ENV: "development" })).not.toThrow();
  });
});
