// Which region a catalog page prices in: `?region=` (an id or a currency code), else the first region.
import { api } from "~/server/trpc/server";

export function regionHref(path: string, region: string | undefined): string {
  return region ? `${path}?region=${encodeURIComponent(region)}` : path;
}

async function pickRegion(region: string | undefined) {
  const regions = await api.catalog.regions();
  const current = regions.find((r) => r.id === region || r.currency === region?.toUpperCase()) ?? regions[0];
  return current ? { regions, current } : null;
}

export async function loadRegionCatalog(region?: string) {
  const picked = await pickRegion(region);
  if (!picked) return null;
  const products = await api.catalog.products({ currency: picked.current.currency });
  return { ...picked, products };
}

export async function loadRegionProduct(handle: string, region?: string) {
  const picked = await pickRegion(region);
  if (!picked) return null;
  const product = await api.catalog.product({ handle, currency: picked.current.currency });
  return { ...picked, product };
}
