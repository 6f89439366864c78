import { ProductPage } from "~/components/catalog/product-page";

export const dynamic = "force-dynamic";

export default async function Page({ params, searchParams }: { params: Promise<{ handle: string }>; searchParams: Promise<{ region?: string }> }) {
  const [{ handle }, { region }] = await Promise.all([params, searchParams]);
  return <ProductPage handle={handle} region={region} />;
}
