// Catalog reads: regions and products with their price in one currency.
import type { Db } from "../db";
import { parseCurrencyCode, type CurrencyCode } from "./currencies";
import { notFound } from "./errors";
import { fromMinor, type Money } from "./money";

export type RegionView = { id: string; name: string; currency: CurrencyCode; countries: string[]; providerIds: string[]; createdAt: Date };

export type ProductView = {
  id: string;
  handle: string;
  title: string;
  description: string;
  variants: { id: string; sku: string; title: string; price: Money | null }[];
};

function toRegion(r: { id: string; name: string; currency: string; countries: string[]; providerIds: string[]; createdAt: Date }): RegionView {
  return { id: r.id, name: r.name, currency: parseCurrencyCode(r.currency), countries: r.countries, providerIds: r.providerIds, createdAt: r.createdAt };
}

export async function listRegions(db: Db): Promise<RegionView[]> {
  const rows = await db.region.findMany({ orderBy: { createdAt: "asc" } });
  return rows.map(toRegion);
}

export async function getRegion(db: Db, id: string): Promise<RegionView> {
  const r = await db.region.findUnique({ where: { id } });
  if (!r) throw notFound("region", id);
  return toRegion(r);
}

/** The oldest region in `currency` (the one a currency-only caller — a shop order, a Magento store — means), or null. */
export async function findRegionByCurrency(db: Db, currency: CurrencyCode): Promise<RegionView | null> {
  const r = await db.region.findFirst({ where: { currency }, orderBy: { createdAt: "asc" } });
  return r ? toRegion(r) : null;
}

const withPrices = (currency: CurrencyCode) => ({ variants: { orderBy: { sku: "asc" as const }, include: { prices: { where: { currency } } } } });

/** Products with each variant's price in `currency` (null where the variant has none). */
export async function listProducts(db: Db, currency: CurrencyCode): Promise<ProductView[]> {
  const rows = await db.product.findMany({ orderBy: { createdAt: "asc" }, include: withPrices(currency) });
  return rows.map((p) => toProduct(p, currency));
}

/** One product by its handle, priced in `currency`; not_found when no product has that handle. */
export async function getProduct(db: Db, handle: string, currency: CurrencyCode): Promise<ProductView> {
  const p = await db.product.findUnique({ where: { handle }, include: withPrices(currency) });
  if (!p) throw notFound("product", handle);
  return toProduct(p, currency);
}

function toProduct(
  p: { id: string; handle: string; title: string; description: string; variants: { id: string; sku: string; title: string; prices: { amountMinor: bigint }[] }[] },
  currency: CurrencyCode,
): ProductView {
  return {
    id: p.id,
    handle: p.handle,
    title: p.title,
    description: p.description,
    variants: p.variants.map((v) => ({
      id: v.id,
      sku: v.sku,
      title: v.title,
      price: v.prices[0] ? fromMinor(v.prices[0].amountMinor, currency) : null,
    })),
  };
}
