import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { Suspense } from "react";
import { LoginForm } from "~/components/auth/login-form";

export default async function Page() {
  const t = await getTranslations("auth");
  return (
    <section className="narrow" aria-labelledby="login-title">
      <h1 id="login-title">{t("signInTitle")}</h1>
      <Suspense>
        <LoginForm />
      </Suspense>
      <p>
        <Link href="/forgot-password" data-testid="forgot-link">{t("forgot")}</Link>
      </p>
      <p>
        {t("noAccount")} <Link href="/register">{t("register")}</Link>
      </p>
    </section>
  );
}
