import { OrderPage } from "~/components/checkout/order-page";

export const dynamic = "force-dynamic";

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  return <OrderPage id={(await params).id} />;
}
