import { notFound } from "next/navigation";
import { DashboardNav } from "~/components/dashboard/dashboard-nav";
import { requireStaff } from "~/components/dashboard/guard";
import { StaffPanel } from "~/components/dashboard/staff-panel";

export const dynamic = "force-dynamic";

export default async function Page() {
  const me = await requireStaff("/dashboard/staff");
  if (me.role !== "owner") notFound();
  return (
    <>
      <DashboardNav me={me} />
      <StaffPanel />
    </>
  );
}
