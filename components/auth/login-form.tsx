"use client";
import { signIn } from "next-auth/react";
import { useRouter, useSearchParams } from "next/navigation";
import { useRef, useState, type FormEvent } from "react";

const messages: Record<string, string> = {
  CredentialsSignin: "That email and password do not match an account.",
  RateLimited: "Too many failed attempts. Wait a few minutes, then try again.",
};

export function LoginForm() {
  const router = useRouter();
  const params = useSearchParams();
  const [error, setError] = useState<string | null>(null);
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
      setError(messages[res?.error ?? ""] ?? "Sign-in failed. Try again.");
      requestAnimationFrame(() => errorRef.current?.focus());
      return;
    }
    const next = params.get("callbackUrl");
    router.push(next && next.startsWith("/") && !next.startsWith("//") ? next : "/");
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} className="form" noValidate aria-describedby={error ? "login-error" : undefined}>
      <label htmlFor="email">Email</label>
      <input id="email" name="email" type="email" autoComplete="email" required data-testid="login-email" />
      <label htmlFor="password">Password</label>
      <input id="password" name="password" type="password" autoComplete="current-password" required data-testid="login-password" />
      {error && (
        <p id="login-error" role="alert" className="error" tabIndex={-1} ref={errorRef} data-testid="login-error">
          {error}
        </p>
      )}
      <button type="submit" disabled={pending} data-testid="login-submit">
        {pending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
