// Next.js configuration. Prisma's adapters and PGlite's WebAssembly stay outside the server bundle.
/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  serverExternalPackages: [
    "@electric-sql/pglite",
    "pglite-prisma-adapter",
    "@prisma/adapter-pg",
    "@prisma/client",
    "pg",
    "argon2",
  ],
  typedRoutes: false,
};

export default nextConfig;
