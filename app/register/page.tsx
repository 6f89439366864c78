import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { RegisterForm } from "~/components/auth/register-form";

export default async function Page() {
  const t = await getTranslations("auth");
  return (
    <section className="narrow" aria-labelledby="register-title">
      <h1 id="register-title">{t("registerTitle")}</h1>
      <RegisterForm />
      <p>
        {t("already")} <Link href="/login">{t("signIn")}</Link>
      </p>
    </section>
  );
}
