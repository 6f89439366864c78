"use client";
import { useMutation } from "@tanstack/react-query";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { useTRPC } from "../trpc/react";

export function RegisterForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
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
      setError(err instanceof Error ? err.message : "Registration failed.");
      return;
    }
    await signIn("credentials", { email, password, redirect: false });
    router.push("/");
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} className="form" noValidate>
      <label htmlFor="name">Name</label>
      <input id="name" name="name" autoComplete="name" data-testid="register-name" />
      <label htmlFor="email">Email</label>
      <input id="email" name="email" type="email" autoComplete="email" required data-testid="register-email" />
      <label htmlFor="password">Password (at least 8 characters)</label>
      <input id="password" name="password" type="password" autoComplete="new-password" minLength={8} required data-testid="register-password" />
      {error && (
        <p role="alert" className="error" data-testid="register-error">
          {error}
        </p>
      )}
      <button type="submit" disabled={register.isPending} data-testid="register-submit">
        {register.isPending ? "Creating account…" : "Create account"}
      </button>
    </form>
  );
}
