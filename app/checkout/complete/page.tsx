import { StripeReturn } from "~/components/checkout/stripe-return";

export const dynamic = "force-dynamic";

export default async function Page({ searchParams }: { searchParams: Promise<{ cart?: string }> }) {
  return <StripeReturn cartId={(await searchParams).cart ?? ""} />;
}
