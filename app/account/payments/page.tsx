import { PaymentsPage } from "~/components/payments/payments-page";

export const dynamic = "force-dynamic";

export default async function Page({ searchParams }: { searchParams: Promise<{ status?: string }> }) {
  return <PaymentsPage status={(await searchParams).status} />;
}
