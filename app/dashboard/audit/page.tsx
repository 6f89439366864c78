import { AuditLog } from "~/components/dashboard/audit-log";
import { DashboardNav } from "~/components/dashboard/dashboard-nav";
import { requireStaff } from "~/components/dashboard/guard";

export const dynamic = "force-dynamic";

export default async function Page({ searchParams }: { searchParams: Promise<{ after?: string }> }) {
  const me = await requireStaff("/dashboard/audit");
  return (
    <>
      <DashboardNav me={me} />
      <AuditLog after={(await searchParams).after} />
    </>
  );
}
