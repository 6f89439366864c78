import { OrderAddresses } from "~/components/checkout/order-addresses";
import { OrderPage } from "~/components/checkout/order-page";

export const dynamic = "force-dynamic";

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <>
      <OrderPage id={id} />
      <OrderAddresses id={id} />
    </>
  );
}
