"use client";
import { useTranslations } from "next-intl";
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useRef, type FormEvent } from "react";
import { useTRPC } from "../trpc/react";

/** Choose a new password with the link's token (single use, expiring). */
export function ResetPasswordForm() {
  const trpc = useTRPC();
  const t = useTranslations("auth");
  const token = useSearchParams().get("token") ?? "";
  const errorRef = useRef<HTMLParagraphElement>(null);
  const reset = useMutation(trpc.account.resetPassword.mutationOptions({ onError: () => requestAnimationFrame(() => errorRef.current?.focus()) }));
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    reset.mutate({ token, password: String(new FormData(e.currentTarget).get("password")) });
  }
  if (reset.isSuccess) {
    return (
      <p role="status" data-testid="reset-done">
        {t("resetDone")} <Link href="/login">{t("signInWithIt")}</Link>
      </p>
    );
  }
  const field = reset.error?.data?.domainDetails && (reset.error.data.domainDetails as { field?: string }).field;
  return (
    <form onSubmit={onSubmit} className="form">
      <label htmlFor="reset-password">{t("resetPassword")}</label>
      <input id="reset-password" name="password" type="password" autoComplete="new-password" minLength={8} required data-testid="reset-password" aria-invalid={field === "password" || undefined} />
      {reset.error && (
        <p role="alert" className="error" tabIndex={-1} ref={errorRef} data-testid="reset-error">
          {field === "token" ? (
            <>
              {t("linkInvalid")} <Link href="/forgot-password">{t("askNew")}</Link>
            </>
          ) : field === "password" ? (
            t((reset.variables?.password.length ?? 0) > 256 ? "passwordTooLong" : "passwordTooShort")
          ) : (
            t("somethingWrong")
          )}
        </p>
      )}
      <button type="submit" disabled={reset.isPending || !token} data-testid="reset-submit">{reset.isPending ? t("saving") : t("setPassword")}</button>
    </form>
  );
}
