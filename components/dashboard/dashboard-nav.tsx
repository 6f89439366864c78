import Link from "next/link";
import { StaffSignOut } from "./staff-sign-out";

/** The console's own navigation; owner-only sections are shown to owners only (the procedures refuse the rest anyway). */
export function DashboardNav({ me }: { me: { email: string; role: string; failingEndpoints?: number } }) {
  return (
    <>
    <nav aria-label="Merchant console" className="dash-nav">
      <Link href="/dashboard">Payments</Link>
      <Link href="/dashboard/audit">Audit log</Link>
      <Link href="/dashboard/webhooks">Webhooks</Link>
      <Link href="/dashboard/mail">Mail</Link>
      {me.role === "owner" && <Link href="/dashboard/keys">Keys and clients</Link>}
      {me.role === "owner" && <Link href="/dashboard/staff">Staff</Link>}
      <span data-testid="staff-who">
        {me.email} ({me.role})
      </span>
      <StaffSignOut />
    </nav>
    {(me.failingEndpoints ?? 0) > 0 && (
      <p role="alert" className="error" data-testid="failing-endpoints">
        {me.failingEndpoints} webhook endpoint{me.failingEndpoints === 1 ? " was" : "s were"} disabled after three days of failed deliveries. <Link href="/dashboard/webhooks">See webhooks</Link>.
      </p>
    )}
    </>
  );
}
