// Seeds the demo data. Idempotent: every row is upserted by its natural key with an empty update, so a second run
// changes nothing (passwords are not re-hashed, ids are kept).
import type { Db } from "../server/db";
import { newId } from "../server/core/ids";
import { parseDecimal } from "../server/core/money";
import { parseCurrencyCode } from "../server/core/currencies";
import { hashPassword } from "../server/auth/password";
import { ensureApiKey } from "../server/auth/api-keys";
import { builtInDemoSecrets, demoCustomers, demoCustomTypes, demoStaff, demoKeys, demoOAuthClient, demoProducts, demoRegions, providerIds } from "./demo-data";

export function assertDemoSecretsAllowed(env: NodeJS.ProcessEnv = process.env): void {
  if (env.NODE_ENV !== "production" || env.KASSA_SEED_DEMO === "1") return;
  const used = [
    ...demoCustomers.map((c) => c.password),
    ...demoStaff.map((s) => s.password),
    demoKeys.publishable,
    demoKeys.shopStorefront,
    demoKeys.shopPaymentSystem,
    demoOAuthClient.clientSecret,
  ].filter((s) => builtInDemoSecrets.includes(s));
  if (used.length) {
    throw new Error(
      "Refusing to seed the built-in demo secrets with NODE_ENV=production. Set your own values (see README, Environment) or KASSA_SEED_DEMO=1 to seed them anyway.",
    );
  }
}

export async function seed(db: Db): Promise<void> {
  assertDemoSecretsAllowed();

  for (const c of demoCustomers) {
    const exists = await db.customer.findUnique({ where: { email: c.email }, select: { id: true } });
    if (!exists) {
      const passwordHash = await hashPassword(c.password);
      await db.customer.upsert({ where: { email: c.email }, update: {}, create: { id: newId("cus"), email: c.email, name: c.name, passwordHash } });
    }
  }

  for (const s of demoStaff) {
    const exists = await db.staff.findUnique({ where: { email: s.email }, select: { id: true } });
    if (!exists) {
      await db.staff.upsert({ where: { email: s.email }, update: {}, create: { id: newId("staff"), email: s.email, role: s.role, passwordHash: await hashPassword(s.password) } });
    }
  }

  for (const r of demoRegions) {
    await db.region.upsert({
      where: { name: r.name },
      update: {},
      create: { id: newId("reg"), name: r.name, currency: r.currency, countries: [...r.countries], providerIds: [providerIds.system, providerIds.test, providerIds.stripe], captureMode: r.captureMode },
    });
  }

  for (const p of demoProducts) {
    const product = await db.product.upsert({
      where: { handle: p.handle },
      update: {},
      create: { id: newId("prod"), handle: p.handle, title: p.title, description: p.description },
    });
    const variant = await db.variant.upsert({
      where: { sku: p.sku },
      update: {},
      create: { id: newId("variant"), productId: product.id, sku: p.sku, title: p.variant },
    });
    for (const [code, amount] of Object.entries(p.prices)) {
      const currency = parseCurrencyCode(code);
      await db.price.upsert({
        where: { variantId_currency: { variantId: variant.id, currency } },
        update: {},
        create: { id: newId("price"), variantId: variant.id, currency, amountMinor: BigInt(parseDecimal(amount, currency).amount) },
      });
    }
  }

  await ensureApiKey(db, "publishable", demoKeys.publishable, "Medusa demo publishable key");
  await ensureApiKey(db, "shop_storefront", demoKeys.shopStorefront, "Shop API demo storefront key");
  await ensureApiKey(db, "shop_payment_system", demoKeys.shopPaymentSystem, "Shop API demo payment-system key");
  for (const t of demoCustomTypes) await db.customType.upsert({ where: { id: t.id }, create: t, update: {} });

  const client = await db.oAuthClient.findUnique({ where: { clientId: demoOAuthClient.clientId }, select: { id: true } });
  if (!client) {
    await db.oAuthClient.upsert({
      where: { clientId: demoOAuthClient.clientId },
      update: {},
      create: {
        id: newId("client"),
        clientId: demoOAuthClient.clientId,
        secretHash: await hashPassword(demoOAuthClient.clientSecret),
        projectKey: demoOAuthClient.projectKey,
        scopes: demoOAuthClient.scopes,
      },
    });
  }
}
