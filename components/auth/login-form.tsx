"use client";
import { useTranslations } from "next-intl";
import { signIn } from "next-auth/react";
import { useRouter, useSearchParams } from "next/navigation";
import { useRef, useState, type FormEvent } from "react";

const messages: Record<string, "wrongCredentials" | "rateLimited"> = { CredentialsSignin: "wrongCredentials", RateLimited: "rateLimited" };

export function LoginForm() {
  const router = useRouter();
  const params = useSearchParams();
  const [error, setError] = useState<string | null>(null);
  const t = useTranslations("auth");
  const [pending, setPending] = useState(false);
  const errorRef = useRef<HTMLParagraphElement>(null);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (pending) return;
    const form = new FormData(e.currentTarget);
    setPending(true);
    setError(null);
    const res = await signIn("credentials", { email: String(form.get("email")), password: String(form.get("password")), redirect: false });
    setPending(false);
    if (!res || res.error) {
      setError(t(messages[res?.error ?? ""] ?? "signInFailed"));
      requestAnimationFrame(() => errorRef.current?.focus());
      return;
    }
    const next = params.get("callbackUrl");
    router.push(next && next.startsWith("/") && !next.startsWith("//") ? next : "/");
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} className="form" noValidate aria-describedby={error ? "login-error" : undefined}>
      <label htmlFor="email">{t("email")}</label>
      <input id="email" name="email" type="email" autoComplete="email" required data-testid="login-email" />
      <label htmlFor="password">{t("password")}</label>
      <input id="password" name="password" type="password" autoComplete="current-password" required data-testid="login-password" />
      {error && (
        <p id="login-error" role="alert" className="error" tabIndex={-1} ref={errorRef} data-testid="login-error">
          {error}
        </p>
      )}
      <button type="submit" disabled={pending} data-testid="login-submit">
        {pending ? t("signingIn") : t("signIn")}
      </button>
    </form>
  );
}
