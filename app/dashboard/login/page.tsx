import { Suspense } from "react";
import { StaffLoginForm } from "~/components/dashboard/staff-login-form";

export default function Page() {
  return (
    <section className="narrow" aria-labelledby="staff-login-title">
      <h1 id="staff-login-title">Merchant console</h1>
      <p>Staff sign-in. Shoppers sign in at the store.</p>
      <Suspense>
        <StaffLoginForm />
      </Suspense>
    </section>
  );
}
