import { DashboardNav } from "~/components/dashboard/dashboard-nav";
import { requireStaff } from "~/components/dashboard/guard";
import { StaffPaymentView } from "~/components/dashboard/payment-view";

export const dynamic = "force-dynamic";

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const me = await requireStaff(`/dashboard/payments/${id}`);
  return (
    <>
      <DashboardNav me={me} />
      <StaffPaymentView id={id} role={me.role} />
    </>
  );
}
