import { DashboardNav } from "~/components/dashboard/dashboard-nav";
import { requireStaff } from "~/components/dashboard/guard";
import { PaymentsList } from "~/components/dashboard/payments-list";

export const dynamic = "force-dynamic";

export default async function Page({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const me = await requireStaff("/dashboard");
  return (
    <>
      <DashboardNav me={me} />
      <PaymentsList searchParams={await searchParams} />
    </>
  );
}
