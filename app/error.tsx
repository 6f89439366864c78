"use client";
// Anything a page did not design for lands here: words for people, a retry, never a stack. In production the server's
// message is masked (only a digest reaches the browser), so this page cannot tell an outage from a bug and says both.
import Link from "next/link";
import { useEffect, useRef } from "react";

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section className="state" aria-labelledby="error-title" data-testid="error-page">
      <h1 id="error-title" tabIndex={-1} ref={heading}>
        Something went wrong on our side
      </h1>
      <p>We could not show this page just now. It is probably a short hiccup — please try again in a moment.</p>
      {error.digest && <p className="when">Reference: {error.digest}</p>}
      <p className="state-actions">
        <button type="button" onClick={() => reset()} data-testid="error-retry">
          Try again
        </button>
        <Link href="/">Back to the shop</Link>
      </p>
    </section>
  );
}
