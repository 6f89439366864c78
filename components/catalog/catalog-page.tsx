import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { AddToCart } from "../cart/add-to-cart";
import { getFormats } from "../i18n/server-format";
import { isUnavailable } from "../ui/errors";
import { Unavailable } from "../ui/unavailable";
import { ProductImage } from "./product-image";
import { loadRegionCatalog, regionHref } from "./region";

/** The catalog: a grid of products with their picture and price in the chosen region's currency, and a region switch. */
export async function CatalogPage({ region }: { region?: string }) {
  let data;
  try {
    data = await loadRegionCatalog(region);
  } catch (e) {
    if (isUnavailable(e)) return <Unavailable retryHref={regionHref("/", region)} />;
    throw e;
  }
  const [t, { money }] = await Promise.all([getTranslations("catalog"), getFormats()]);
  if (!data) return <p>{t("noRegions")}</p>;
  const { regions, current, products } = data;

  return (
    <section aria-labelledby="catalog-title" className="catalog">
      <div className="catalog-head">
        <div>
          <h1 id="catalog-title">{t("title")}</h1>
          <p className="tagline">{t("tagline")}</p>
        </div>
        <RegionSwitch regions={regions} currentId={current.id} label={t("regionNav")} path="/" />
      </div>
      <ul className="products" data-testid="products" aria-label={t("productsLabel")}>
        {products.map((p, i) => {
          const single = p.variants.length === 1 ? p.variants[0] : undefined;
          const href = regionHref(`/products/${p.handle}`, region);
          return (
            <li key={p.id} className="product" data-testid={`product-${p.handle}`}>
              <Link href={href} className="product-media" tabIndex={-1} aria-hidden="true">
                <ProductImage handle={p.handle} alt="" sizes="(max-width: 600px) 100vw, (max-width: 1000px) 50vw, 320px" preload={i === 0} />
              </Link>
              <div className="product-body">
                <h2>
                  <Link href={href} data-testid={`product-link-${p.handle}`}>
                    {p.title}
                  </Link>
                </h2>
                {p.description && <p className="product-desc">{p.description}</p>}
                <ul className="variants">
                  {p.variants.map((v) => (
                    <li key={v.id} data-testid={`variant-${v.sku}`}>
                      {!single && <span className="variant-title">{v.title}</span>}
                      <span className="sku">{v.sku}</span>{" "}
                      {v.price ? (
                        <span className="price" data-testid="price">
                          {money(v.price)}
                        </span>
                      ) : (
                        <span>{t("notSold")}</span>
                      )}
                      {v.price && <AddToCart sku={v.sku} regionId={current.id} />}
                    </li>
                  ))}
                </ul>
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** Region links: the same page in another region's currency (the current one marked). */
export function RegionSwitch({ regions, currentId, label, path }: { regions: { id: string; name: string; currency: string }[]; currentId: string; label: string; path: string }) {
  return (
    <nav aria-label={label} className="region-switch" data-testid="region-switch">
      {regions.map((r) => (
        <Link key={r.id} href={regionHref(path, r.currency)} aria-current={r.id === currentId ? "true" : undefined} data-testid={`region-${r.currency}`}>
          {r.name} ({r.currency})
        </Link>
      ))}
    </nav>
  );
}
