import { DashboardNav } from "~/components/dashboard/dashboard-nav";
import { requireStaff } from "~/components/dashboard/guard";
import { MailList } from "~/components/dashboard/mail-list";

export const dynamic = "force-dynamic";

export default async function Page() {
  const me = await requireStaff("/dashboard/mail");
  return (
    <>
      <DashboardNav me={me} />
      <MailList />
    </>
  );
}
