import { ForgotPasswordForm } from "~/components/auth/forgot-password-form";

export default function Page() {
  return (
    <section className="narrow" aria-labelledby="forgot-title">
      <h1 id="forgot-title">Forgot your password?</h1>
      <ForgotPasswordForm />
    </section>
  );
}
