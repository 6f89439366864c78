import { notFound } from "next/navigation";
import { DashboardNav } from "~/components/dashboard/dashboard-nav";
import { requireStaff } from "~/components/dashboard/guard";
import { KeysPanel } from "~/components/dashboard/keys-panel";

export const dynamic = "force-dynamic";

export default async function Page() {
  const me = await requireStaff("/dashboard/keys");
  if (me.role !== "owner") notFound();
  return (
    <>
      <DashboardNav me={me} />
      <KeysPanel />
    </>
  );
}
