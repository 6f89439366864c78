import Link from "next/link";

// Unknown URLs, and pages that look something up and find nothing for this visitor (an unknown order, somebody else's).
export default function NotFound() {
  return (
    <section className="state" aria-labelledby="not-found-title" data-testid="not-found">
      <h1 id="not-found-title">We couldn't find that page</h1>
      <p>The link may be old or mistyped, or the page belongs to another account. Signed in as someone else? Sign in again to see your own orders.</p>
      <ul className="state-links">
        <li>
          <Link href="/" data-testid="not-found-shop">Browse the shop</Link>
        </li>
        <li>
          <Link href="/cart">Your cart</Link>
        </li>
        <li>
          <Link href="/account/orders">Your orders</Link>
        </li>
      </ul>
    </section>
  );
}
