import Link from "next/link";
import { Suspense } from "react";
import { LoginForm } from "~/components/auth/login-form";

export default function Page() {
  return (
    <section className="narrow" aria-labelledby="login-title">
      <h1 id="login-title">Sign in</h1>
      <Suspense>
        <LoginForm />
      </Suspense>
      <p>
        <Link href="/forgot-password" data-testid="forgot-link">Forgot your password?</Link>
      </p>
      <p>
        No account yet? <Link href="/register">Register</Link>
      </p>
    </section>
  );
}
