"use client";
import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { useTRPC } from "../trpc/react";

type AccountError = { data?: { domainCode?: string | null; domainDetails?: { field?: unknown } | null; zodIssues?: { path: string[] }[] | null } | null };

/** Words for a refused registration, by the error's code and field — never the server's own text. */
function registerErrorKey(err: unknown, password: string): "emailTaken" | "passwordTooShort" | "passwordTooLong" | "invalidEmail" | "registerFailed" {
  const d = (err as AccountError | null)?.data;
  if (d?.domainCode === "conflict") return "emailTaken";
  const field = d?.domainDetails?.field ?? d?.zodIssues?.[0]?.path[0];
  if (field === "password") return password.length > 256 ? "passwordTooLong" : "passwordTooShort";
  if (field === "email") return "invalidEmail";
  return "registerFailed";
}

export function RegisterForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const t = useTranslations("auth");
  const register = useMutation(trpc.account.register.mutationOptions());

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (register.isPending) return;
    const form = new FormData(e.currentTarget);
    const email = String(form.get("email"));
    const password = String(form.get("password"));
    setError(null);
    try {
      await register.mutateAsync({ email, password, name: String(form.get("name") ?? "") });
    } catch (err) {
      setError(t(registerErrorKey(err, password)));
      return;
    }
    await signIn("credentials", { email, password, redirect: false });
    router.push("/");
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} className="form" noValidate>
      <label htmlFor="name">{t("name")}</label>
      <input id="name" name="name" autoComplete="name" data-testid="register-name" />
      <label htmlFor="email">{t("email")}</label>
      <input id="email" name="email" type="email" autoComplete="email" required data-testid="register-email" />
      <label htmlFor="password">{t("newPassword")}</label>
      <input id="password" name="password" type="password" autoComplete="new-password" minLength={8} required data-testid="register-password" />
      {error && (
        <p role="alert" className="error" data-testid="register-error">
          {error}
        </p>
      )}
      <button type="submit" disabled={register.isPending} data-testid="register-submit">
        {register.isPending ? t("creating") : t("createAccount")}
      </button>
    </form>
  );
}
