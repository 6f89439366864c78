import { CatalogPage } from "~/components/catalog/catalog-page";

export const dynamic = "force-dynamic";

export default async function Page({ searchParams }: { searchParams: Promise<{ region?: string }> }) {
  return <CatalogPage region={(await searchParams).region} />;
}
