"use client";
// next-auth/react is loaded on click, not with every page: this button sits in the root layout, and the library would
// otherwise add ~12 kB gzipped to each page's first load (the checkout's JavaScript budget is 180 kB).

import { useTranslations } from "next-intl";

export function SignOutButton() {
  const t = useTranslations("header");
  return (
    <button
      type="button"
      className="link-button"
      data-testid="sign-out"
      onClick={() => void import("next-auth/react").then(({ signOut }) => signOut({ callbackUrl: "/" }))}
    >
      {t("signOut")}
    </button>
  );
}
