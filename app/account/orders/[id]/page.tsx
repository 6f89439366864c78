import { OrderDetail } from "~/components/account/order-detail";

export const dynamic = "force-dynamic";

// No loading boundary here: the lookup decides between the order and a 404, and a 404 must be sent before streaming.
export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  return <OrderDetail id={(await params).id} />;
}
