// Skeletons while a page's data loads (client and server components use them; the 503 state is ./unavailable.tsx).

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

export function CatalogSkeleton({ label }: { label: string }) {
  return (
    <section aria-label={label} data-testid="catalog-skeleton">
      <span className="visually-hidden" role="status">
        {label}
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
