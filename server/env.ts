// The environment, validated once with zod. Every variable is optional: with none set, Kassa runs the embedded demo.
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { dataRoot } from "./db/config";

const optional = z.preprocess((v) => (v === "" ? undefined : v), z.string().optional());

const schema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  DATABASE_URL: z.preprocess((v) => (v === "" ? undefined : v), z.string().regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL").optional()),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).optional(),
  DATABASE_PREPARED_STATEMENTS: z.enum(["0", "1"]).optional(),
  KASSA_DATA_DIR: optional,
  NEXTAUTH_SECRET: optional,
  NEXTAUTH_URL: optional,
  KASSA_PUBLIC_URL: z.string().url().default("http://localhost:3000"),
  KASSA_MCP_ALLOWED_ORIGINS: optional,
  KASSA_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).optional(),
  STRIPE_SECRET_KEY: optional,
  STRIPE_PUBLISHABLE_KEY: optional,
  STRIPE_WEBHOOK_SECRET: optional,
  STRIPE_API_BASE: z.preprocess((v) => (v === "" ? undefined : v), z.string().url().optional()),
  KASSA_SEED_DEMO: optional,
  /** One shop API key for both the storefront and the payment-system routes, as the seed shows (docs/dialects.md). */
  KASSA_SHOP_API_KEY: optional,
  /** The commercetools project new OAuth clients are made for (the console's and CLI's keys:create). */
  KASSA_CT_PROJECT_KEY: z.preprocess((v) => (v === "" ? undefined : v), z.string().regex(/^[a-z0-9_-]{2,36}$/).default("kassa-demo")),
  /** The first owner, created on first start when no owner exists (docs/operations.md). */
  KASSA_OWNER_EMAIL: optional,
  KASSA_OWNER_PASSWORD: optional,
  /** Take the audit log's client address from X-Forwarded-For (behind a trusted reverse proxy only). */
  KASSA_TRUST_PROXY: optional,
  /** What this process serves (docs/operations.md, "Process roles"): all | web | api | worker. */
  KASSA_ROLE: z.preprocess((v) => (v === "" ? undefined : v), z.enum(["all", "web", "api", "worker"]).default("all")),
});

export type Env = z.infer<typeof schema>;

function load(): Env {
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid environment:\n${lines}`);
  }
  const env = parsed.data;
  if (env.STRIPE_SECRET_KEY && !env.STRIPE_WEBHOOK_SECRET) {
    throw new Error("Invalid environment:\n  STRIPE_WEBHOOK_SECRET: required whenever STRIPE_SECRET_KEY enables the Stripe provider");
  }
  return env;
}

export const env: Env = load();

let cachedSecret: string | undefined;
/**
 * The secret that signs session JWTs. NEXTAUTH_SECRET when set; otherwise one generated on first start and kept under
 * .data/ so sessions survive restarts of a single-host install. Several app processes must share NEXTAUTH_SECRET.
 */
export function authSecret(): string {
  if (env.NEXTAUTH_SECRET) return env.NEXTAUTH_SECRET;
  if (cachedSecret) return cachedSecret;
  const dir = dataRoot();
  const file = path.join(dir, "auth-secret");
  try {
    cachedSecret = readFileSync(file, "utf8").trim();
  } catch {
    mkdirSync(dir, { recursive: true });
    const fresh = randomBytes(32).toString("base64url");
    try {
      writeFileSync(file, fresh + "\n", { flag: "wx", mode: 0o600 });
      cachedSecret = fresh;
    } catch {
      cachedSecret = readFileSync(file, "utf8").trim(); // another process wrote it first
    }
  }
  return cachedSecret!;
}
