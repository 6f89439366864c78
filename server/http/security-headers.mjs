// Security headers on every response (pages through next.config.js, REST routes served directly by server/http too).
// The CSP forbids framing, plugins and base/form hijacking without restricting scripts (Next inlines its bootstrap;
// a nonce-based script policy is future work) and never allows eval.
export const SECURITY_HEADERS = [
  { key: "Content-Security-Policy", value: "frame-ancestors 'none'; object-src 'none'; base-uri 'self'; form-action 'self'" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
];
