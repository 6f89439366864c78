// Retention: a scheduled job that deletes what only grows — idempotency records after 24 h (Stripe keeps its keys as
// long), expired tokens, staff sessions and reset links, old rate-limit rows, finished jobs, the payloads of processed
// provider events (the row stays as a tombstone for de-duplication: Stripe retries for three days, and the timeline
// keeps its type and time), and anonymous carts abandoned without a payment collection. In batches by primary key, so
// no statement holds a hot table for long. Each window is an environment variable (docs/operations.md).
import type { Db } from "../db";
import type { JobFamily } from "./handlers";

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const BATCH = 1000;

export type RetentionWindows = {
  idempotencyMs: number;
  expiredMs: number;
  rateLimitMs: number;
  jobsMs: number;
  eventPayloadMs: number;
  abandonedCartMs: number;
};

const num = (name: string, unit: number, fallback: number) => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v * unit : fallback;
};

export function retentionWindows(): RetentionWindows {
  return {
    idempotencyMs: num("KASSA_RETAIN_IDEMPOTENCY_HOURS", HOUR, 24 * HOUR),
    expiredMs: num("KASSA_RETAIN_EXPIRED_DAYS", DAY, 7 * DAY),
    rateLimitMs: num("KASSA_RETAIN_RATE_LIMIT_DAYS", DAY, 1 * DAY),
    jobsMs: num("KASSA_RETAIN_JOBS_DAYS", DAY, 7 * DAY),
    eventPayloadMs: num("KASSA_RETAIN_EVENT_PAYLOAD_DAYS", DAY, 30 * DAY),
    abandonedCartMs: num("KASSA_RETAIN_ABANDONED_CART_DAYS", DAY, 30 * DAY),
  };
}

/** Delete (or empty) in batches of `BATCH` rows until nothing matches; answers how many rows each rule touched. */
export async function runRetention(db: Db, now: Date, w: RetentionWindows = retentionWindows()): Promise<Record<string, number>> {
  const before = (ms: number) => new Date(now.getTime() - ms);
  const loop = async (step: () => Promise<number>) => {
    let total = 0;
    for (let n = BATCH; n === BATCH; total += n) n = await step();
    return total;
  };
  const idem = before(w.idempotencyMs);
  const expired = before(w.expiredMs);
  const limits = before(w.rateLimitMs);
  const jobs = before(w.jobsMs);
  const payloads = before(w.eventPayloadMs);
  const carts = before(w.abandonedCartMs);
  return {
    idempotencyKeys: await loop(() => db.$executeRaw`DELETE FROM "IdempotencyKey" WHERE id IN (SELECT id FROM "IdempotencyKey" WHERE "createdAt" < ${idem} AND ("lockedUntil" IS NULL OR "lockedUntil" < ${now}) LIMIT ${BATCH})`),
    accessTokens: await loop(() => db.$executeRaw`DELETE FROM "AccessToken" WHERE id IN (SELECT id FROM "AccessToken" WHERE "expiresAt" < ${expired} LIMIT ${BATCH})`),
    staffSessions: await loop(() => db.$executeRaw`DELETE FROM "StaffSession" WHERE id IN (SELECT id FROM "StaffSession" WHERE "expiresAt" < ${expired} LIMIT ${BATCH})`),
    passwordResets: await loop(() => db.$executeRaw`DELETE FROM "PasswordReset" WHERE id IN (SELECT id FROM "PasswordReset" WHERE "expiresAt" < ${expired} LIMIT ${BATCH})`),
    rateLimits: await loop(() => db.$executeRaw`DELETE FROM "RateLimit" WHERE key IN (SELECT key FROM "RateLimit" WHERE "windowStart" < ${limits} AND ("lockedUntil" IS NULL OR "lockedUntil" < ${now}) LIMIT ${BATCH})`),
    jobs: await loop(() => db.$executeRaw`DELETE FROM "Job" WHERE id IN (SELECT id FROM "Job" WHERE status IN ('done', 'failed') AND "finishedAt" < ${jobs} LIMIT ${BATCH})`),
    eventPayloads: await loop(() => db.$executeRaw`UPDATE "ProviderEvent" SET payload = '{}'::jsonb WHERE id IN (SELECT id FROM "ProviderEvent" WHERE "processedAt" < ${payloads} AND payload <> '{}'::jsonb LIMIT ${BATCH})`),
    abandonedCarts: await loop(() => db.$executeRaw`DELETE FROM "Cart" WHERE id IN (SELECT c.id FROM "Cart" c WHERE c."customerId" IS NULL AND c."completedAt" IS NULL AND c."updatedAt" < ${carts}
        AND NOT EXISTS (SELECT 1 FROM "PaymentCollection" pc WHERE pc."cartId" = c.id) AND NOT EXISTS (SELECT 1 FROM "Order" o WHERE o."cartId" = c.id) LIMIT ${BATCH})`),
  };
}

export function retentionJobs(db: Db): JobFamily {
  return {
    handlers: { "retention.sweep": async (_x, ctx) => void (await runRetention(db, ctx.now)) },
    schedules: [{ name: "retention.sweep", everyMs: HOUR }],
  };
}
