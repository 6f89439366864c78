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
        No account yet? <Link href="/register">Register</Link>
      </p>
    </section>
  );
}
