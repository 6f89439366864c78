import { DashboardNav } from "~/components/dashboard/dashboard-nav";
import { requireStaff } from "~/components/dashboard/guard";
import { WebhooksPanel } from "~/components/dashboard/webhooks-panel";

export const dynamic = "force-dynamic";

export default async function Page() {
  const me = await requireStaff("/dashboard/webhooks");
  return (
    <>
      <DashboardNav me={me} />
      <WebhooksPanel canManage={me.role === "owner"} />
    </>
  );
}
