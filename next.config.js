// Next.js configuration. Prisma's adapters and PGlite's WebAssembly stay outside the server bundle.
import { SECURITY_HEADERS } from "./server/http/security-headers.mjs";

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
    "pino",
    "prom-client",
    "pino-pretty",
    "@opentelemetry/api",
  ],
  typedRoutes: false,
  async headers() {
    return [{ source: "/:path*", headers: SECURITY_HEADERS }];
  },
};

export default nextConfig;
