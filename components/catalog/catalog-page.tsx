import Link from "next/link";
import { Price } from "../ui/price";
import { AddToCart } from "../cart/add-to-cart";
import { api } from "~/server/trpc/server";
import { isUnavailable } from "../ui/errors";
import { Unavailable } from "../ui/states";

/** The catalog: every product with its price in the chosen region's currency, and a region switch. */
export async function CatalogPage({ region }: { region?: string }) {
  let data;
  try {
    data = await load(region);
  } catch (e) {
    if (isUnavailable(e)) return <Unavailable retryHref={region ? `/?region=${encodeURIComponent(region)}` : "/"} />;
    throw e;
  }
  if (!data) return <p>No regions are configured yet.</p>;
  const { regions, current, products } = data;

  return (
    <section aria-labelledby="catalog-title">
      <h1 id="catalog-title">Shop</h1>
      <nav aria-label="Region and currency" className="region-switch" data-testid="region-switch">
        {regions.map((r) => (
          <Link key={r.id} href={`/?region=${r.currency}`} aria-current={r.id === current.id ? "true" : undefined} data-testid={`region-${r.currency}`}>
            {r.name} ({r.currency})
          </Link>
        ))}
      </nav>
      <ul className="products" data-testid="products">
        {products.map((p) => (
          <li key={p.id} className="product" data-testid={`product-${p.handle}`}>
            <h2>{p.title}</h2>
            {p.description && <p>{p.description}</p>}
            <ul>
              {p.variants.map((v) => (
                <li key={v.id} data-testid={`variant-${v.sku}`}>
                  <span className="sku">{v.sku}</span> {v.price ? <Price value={v.price} /> : <span>Not sold in this region</span>}
                  {v.price && <AddToCart sku={v.sku} regionId={current.id} />}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </section>
  );
}

async function load(region?: string) {
  const regions = await api.catalog.regions();
  const current = regions.find((r) => r.id === region || r.currency === region?.toUpperCase()) ?? regions[0];
  if (!current) return null;
  const products = await api.catalog.products({ currency: current.currency });
  return { regions, current, products };
}
