import { getTranslations } from "next-intl/server";
import { Suspense } from "react";
import { ResetPasswordForm } from "~/components/auth/reset-password-form";

export default async function Page() {
  const t = await getTranslations("auth");
  return (
    <section className="narrow" aria-labelledby="reset-title">
      <h1 id="reset-title">{t("resetTitle")}</h1>
      <Suspense>
        <ResetPasswordForm />
      </Suspense>
    </section>
  );
}
