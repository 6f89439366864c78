import { PaymentDetail } from "~/components/payments/payment-detail";

export const dynamic = "force-dynamic";

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  return <PaymentDetail id={(await params).id} />;
}
