import { Suspense } from "react";
import { ResetPasswordForm } from "~/components/auth/reset-password-form";

export default function Page() {
  return (
    <section className="narrow" aria-labelledby="reset-title">
      <h1 id="reset-title">Choose a new password</h1>
      <Suspense>
        <ResetPasswordForm />
      </Suspense>
    </section>
  );
}
