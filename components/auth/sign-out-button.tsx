"use client";
import { signOut } from "next-auth/react";

export function SignOutButton() {
  return (
    <button type="button" className="link-button" data-testid="sign-out" onClick={() => void signOut({ callbackUrl: "/" })}>
      Sign out
    </button>
  );
}
