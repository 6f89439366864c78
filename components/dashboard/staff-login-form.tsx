"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter, useSearchParams } from "next/navigation";
import { useRef, type FormEvent } from "react";
import { useTRPC } from "../trpc/react";

const MESSAGES: Record<string, string> = {
  UNAUTHORIZED: "That email and password do not match a staff account.",
  TOO_MANY_REQUESTS: "Too many failed attempts. Wait a few minutes, then try again.",
};

/** Staff sign-in (not the shoppers' next-auth sign-in): a console session in an HttpOnly cookie. */
export function StaffLoginForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const params = useSearchParams();
  const errorRef = useRef<HTMLParagraphElement>(null);
  const signIn = useMutation(
    trpc.dashboard.signIn.mutationOptions({
      onSuccess() {
        const next = params.get("next");
        router.push(next && next.startsWith("/dashboard") ? next : "/dashboard");
        router.refresh();
      },
      onError() {
        requestAnimationFrame(() => errorRef.current?.focus());
      },
    }),
  );
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (signIn.isPending) return;
    const f = new FormData(e.currentTarget);
    signIn.mutate({ email: String(f.get("email")), password: String(f.get("password")) });
  }
  const error = signIn.error ? (MESSAGES[signIn.error.data?.code ?? ""] ?? "Sign-in failed. Try again.") : null;
  return (
    <form onSubmit={onSubmit} className="form" noValidate>
      <label htmlFor="staff-email">Email</label>
      <input id="staff-email" name="email" type="email" autoComplete="username" required data-testid="staff-email" />
      <label htmlFor="staff-password">Password</label>
      <input id="staff-password" name="password" type="password" autoComplete="current-password" required data-testid="staff-password" />
      {error && (
        <p role="alert" className="error" tabIndex={-1} ref={errorRef} data-testid="staff-login-error">
          {error}
        </p>
      )}
      <button type="submit" disabled={signIn.isPending} data-testid="staff-login-submit">
        {signIn.isPending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
