import { getTranslations } from "next-intl/server";
import { ForgotPasswordForm } from "~/components/auth/forgot-password-form";

export default async function Page() {
  const t = await getTranslations("auth");
  return (
    <section className="narrow" aria-labelledby="forgot-title">
      <h1 id="forgot-title">{t("forgotTitle")}</h1>
      <ForgotPasswordForm />
    </section>
  );
}
