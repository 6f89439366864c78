// Next.js global types (as next-env.d.ts, which `next build` writes and git ignores, brings them): so `tsc --noEmit` checks
// what the production build checks, before any build has run.
/// <reference types="next" />
/// <reference types="next/image-types/global" />
