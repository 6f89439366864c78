import { getTranslations } from "next-intl/server";
import { Suspense } from "react";
import { CatalogPage } from "~/components/catalog/catalog-page";
import { CatalogSkeleton } from "~/components/ui/states";

export const dynamic = "force-dynamic";

// The skeleton boundary sits here, not in a root app/loading.tsx: that one would wrap every page, and a page whose
// notFound() comes after the stream has started answers 200 instead of 404.
export default async function Page({ searchParams }: { searchParams: Promise<{ region?: string }> }) {
  const [{ region }, t] = await Promise.all([searchParams, getTranslations("catalog")]);
  return (
    <Suspense fallback={<CatalogSkeleton label={t("loading")} />}>
      <CatalogPage region={region} />
    </Suspense>
  );
}
