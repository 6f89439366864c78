import Link from "next/link";
import { RegisterForm } from "~/components/auth/register-form";

export default function Page() {
  return (
    <section className="narrow" aria-labelledby="register-title">
      <h1 id="register-title">Create an account</h1>
      <RegisterForm />
      <p>
        Already registered? <Link href="/login">Sign in</Link>
      </p>
    </section>
  );
}
