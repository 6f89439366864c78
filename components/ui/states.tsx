// Designed states shared by the pages: the 503 state, and skeletons while a page's data loads.
import Link from "next/link";

/** The database (or another service) is away: what a shopper reads instead of an error page. */
export function Unavailable({ retryHref }: { retryHref?: string }) {
  return (
    <section className="state" aria-labelledby="unavailable-title" data-testid="unavailable">
      <h1 id="unavailable-title">We're having trouble right now</h1>
      <p>Our shop can't reach its records for a moment. Nothing you did caused this, and no payment was taken by this page.</p>
      <p>Please try again in a minute.</p>
      <p className="state-actions">
        <a className="button" href={retryHref ?? ""}>
          Try again
        </a>
        <Link href="/">Back to the shop</Link>
      </p>
    </section>
  );
}

/** Grey blocks in the shape of what is coming; announced once to screen readers. */
export function Skeleton({ lines = 3, label = "Loading…", testId }: { lines?: number; label?: string; testId?: string }) {
  return (
    <div className="skeleton" role="status" aria-live="polite" data-testid={testId}>
      <span className="visually-hidden">{label}</span>
      <div className="skeleton-bar skeleton-title" aria-hidden="true" />
      {Array.from({ length: lines }, (_, i) => (
        <div key={i} className="skeleton-bar" aria-hidden="true" style={{ width: `${90 - ((i * 17) % 40)}%` }} />
      ))}
    </div>
  );
}

export function CatalogSkeleton() {
  return (
    <section aria-label="Loading the shop" data-testid="catalog-skeleton">
      <span className="visually-hidden" role="status">
        Loading the shop…
      </span>
      <div className="skeleton-bar skeleton-title" aria-hidden="true" />
      <ul className="products" aria-hidden="true">
        {Array.from({ length: 6 }, (_, i) => (
          <li key={i} className="product skeleton">
            <div className="skeleton-bar skeleton-title" />
            <div className="skeleton-bar" />
            <div className="skeleton-bar" style={{ width: "60%" }} />
          </li>
        ))}
      </ul>
    </section>
  );
}
