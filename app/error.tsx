"use client";
// Anything a page did not design for lands here: words for people, a retry, never a stack. In production the server's
// message is masked (only a digest reaches the browser), so this page cannot tell an outage from a bug and says both.
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useEffect, useRef } from "react";

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  const t = useTranslations("states");
  const tCommon = useTranslations("common");
  useEffect(() => heading.current?.focus(), []);
  return (
    <section className="state" aria-labelledby="error-title" data-testid="error-page">
      <h1 id="error-title" tabIndex={-1} ref={heading}>
        {t("errorTitle")}
      </h1>
      <p>{t("errorText")}</p>
      {error.digest && <p className="when">{t("reference", { digest: error.digest })}</p>}
      <p className="state-actions">
        <button type="button" onClick={() => reset()} data-testid="error-retry">
          {tCommon("tryAgain")}
        </button>
        <Link href="/">{tCommon("backToShop")}</Link>
      </p>
    </section>
  );
}
