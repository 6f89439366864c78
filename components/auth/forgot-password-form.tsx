"use client";
import { useMutation } from "@tanstack/react-query";
import type { FormEvent } from "react";
import { useTRPC } from "../trpc/react";

/** Ask for a reset link. The answer is the same whether or not the email has an account. */
export function ForgotPasswordForm() {
  const trpc = useTRPC();
  const ask = useMutation(trpc.account.requestPasswordReset.mutationOptions());
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    ask.mutate({ email: String(new FormData(e.currentTarget).get("email")) });
  }
  if (ask.isSuccess) {
    return (
      <p role="status" data-testid="reset-requested">
        If an account uses that address, a link to choose a new password is on its way. It works once, for an hour.
      </p>
    );
  }
  return (
    <form onSubmit={onSubmit} className="form">
      <label htmlFor="forgot-email">Email</label>
      <input id="forgot-email" name="email" type="email" autoComplete="email" required data-testid="forgot-email" />
      {ask.error && <p role="alert" className="error">Something went wrong. Try again.</p>}
      <button type="submit" disabled={ask.isPending} data-testid="forgot-submit">{ask.isPending ? "Sending…" : "Send me a link"}</button>
    </form>
  );
}
