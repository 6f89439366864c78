// Failed-attempt throttling, counted in the database so every app process shares the count (ARCHITECTURE "Scale-out").
import type { Db } from "../db";

export type ThrottlePolicy = { maxFailures: number; windowSeconds: number; lockSeconds: number };

export const signInPolicy: ThrottlePolicy = { maxFailures: 5, windowSeconds: 15 * 60, lockSeconds: 15 * 60 };

export function createThrottle(db: Db, policy: ThrottlePolicy, now: () => Date = () => new Date()) {
  /** Seconds until the key may try again, or 0 when it is not locked. */
  async function lockedFor(key: string): Promise<number> {
    const row = await db.rateLimit.findUnique({ where: { key } });
    if (!row?.lockedUntil) return 0;
    const ms = row.lockedUntil.getTime() - now().getTime();
    return ms > 0 ? Math.ceil(ms / 1000) : 0;
  }

  /** Count one failure atomically; locks the key when the window's count reaches the limit. */
  async function fail(key: string): Promise<void> {
    const at = now();
    const windowStart = new Date(at.getTime() - policy.windowSeconds * 1000);
    const lockUntil = new Date(at.getTime() + policy.lockSeconds * 1000);
    await db.$executeRaw`
      INSERT INTO "RateLimit" ("key", "count", "windowStart", "lockedUntil") VALUES (${key}, 1, ${at}, NULL)
      ON CONFLICT ("key") DO UPDATE SET
        "count" = CASE WHEN "RateLimit"."windowStart" < ${windowStart} THEN 1 ELSE "RateLimit"."count" + 1 END,
        "windowStart" = CASE WHEN "RateLimit"."windowStart" < ${windowStart} THEN ${at} ELSE "RateLimit"."windowStart" END,
        "lockedUntil" = CASE
          WHEN "RateLimit"."windowStart" >= ${windowStart} AND "RateLimit"."count" + 1 >= ${policy.maxFailures} THEN ${lockUntil}
          ELSE "RateLimit"."lockedUntil" END`;
  }

  async function succeed(key: string): Promise<void> {
    await db.rateLimit.deleteMany({ where: { key } });
  }

  return { lockedFor, fail, succeed };
}
