"use client";
import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import type { FormEvent } from "react";
import { useTRPC } from "../trpc/react";

/** Ask for a reset link. The answer is the same whether or not the email has an account. */
export function ForgotPasswordForm() {
  const trpc = useTRPC();
  const t = useTranslations("auth");
  const ask = useMutation(trpc.account.requestPasswordReset.mutationOptions());
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    ask.mutate({ email: String(new FormData(e.currentTarget).get("email")) });
  }
  if (ask.isSuccess) {
    return (
      <p role="status" data-testid="reset-requested">
        {t("resetRequested")}
      </p>
    );
  }
  return (
    <form onSubmit={onSubmit} className="form">
      <label htmlFor="forgot-email">{t("email")}</label>
      <input id="forgot-email" name="email" type="email" autoComplete="email" required data-testid="forgot-email" />
      {ask.error && <p role="alert" className="error">{t("somethingWrong")}</p>}
      <button type="submit" disabled={ask.isPending} data-testid="forgot-submit">{ask.isPending ? t("sending") : t("sendLink")}</button>
    </form>
  );
}
