import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { AddToCart } from "../cart/add-to-cart";
import { getFormats } from "../i18n/server-format";
import { errorCode, isUnavailable } from "../ui/errors";
import { Unavailable } from "../ui/unavailable";
import { RegionSwitch } from "./catalog-page";
import { ProductImage } from "./product-image";
import { loadRegionProduct, regionHref } from "./region";

/** One product: its picture, words, variants with their price in the region's currency, and "Add to cart". */
export async function ProductPage({ handle, region }: { handle: string; region?: string }) {
  let data;
  try {
    data = await loadRegionProduct(handle, region);
  } catch (e) {
    if (errorCode(e) === "NOT_FOUND" || errorCode(e) === "BAD_REQUEST") notFound();
    if (isUnavailable(e)) return <Unavailable retryHref={regionHref(`/products/${encodeURIComponent(handle)}`, region)} />;
    throw e;
  }
  if (!data) notFound();
  const { regions, current, product: p } = data;
  const [t, tCatalog, { money }] = await Promise.all([getTranslations("product"), getTranslations("catalog"), getFormats()]);
  return (
    <article className="product-page" aria-labelledby="product-title" data-testid={`product-page-${p.handle}`}>
      <p className="crumbs">
        <Link href={regionHref("/", region)}>← {t("back")}</Link>
      </p>
      <div className="product-layout">
        <div className="product-media">
          <ProductImage handle={p.handle} alt={p.title} sizes="(max-width: 800px) 100vw, 480px" preload />
        </div>
        <div className="product-info">
          <h1 id="product-title">{p.title}</h1>
          {p.description && <p className="product-desc">{p.description}</p>}
          <ul className="variants">
            {p.variants.map((v) => (
              <li key={v.id} data-testid={`variant-${v.sku}`}>
                <span className="variant-title">
                  {t("variant")}: {v.title}
                </span>
                {v.price ? (
                  <span className="price price-large" data-testid="price">
                    {money(v.price)}
                  </span>
                ) : (
                  <span>{tCatalog("notSold")}</span>
                )}
                {v.price && <AddToCart sku={v.sku} regionId={current.id} />}
                <span className="sku">
                  {t("sku")}: {v.sku}
                </span>
              </li>
            ))}
          </ul>
          <RegionSwitch regions={regions} currentId={current.id} label={tCatalog("regionNav")} path={`/products/${p.handle}`} />
        </div>
      </div>
    </article>
  );
}
