// Security headers on every response (pages through next.config.js, REST routes served directly by server/http too).
// The CSP forbids framing, plugins and base/form hijacking, and limits scripts to our own origin and Stripe.js, with no
// eval outside `next dev` (whose hot reloading needs it). Inline scripts stay allowed because Next inlines its
// bootstrap: a nonce-based script policy, which would also shut out injected inline scripts, is future work.
const dev = process.env.NODE_ENV === "development";
const scriptSrc = ["'self'", "'unsafe-inline'", "https://js.stripe.com", ...(dev ? ["'unsafe-eval'"] : [])].join(" ");

export const SECURITY_HEADERS = [
  { key: "Content-Security-Policy", value: `script-src ${scriptSrc}; frame-ancestors 'none'; object-src 'none'; base-uri 'self'; form-action 'self'` },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
];
