// Point the app's process singletons (database, core) at a test database, so route handlers can be called directly.
import type { DbHandle } from "../db";
import { seed } from "../../prisma/seed";
import { embeddedTestDb } from "./db";

export function useTestDatabase(h: DbHandle): void {
  const g = globalThis as unknown as { kassaDb?: DbHandle; kassaCore?: unknown };
  g.kassaDb = h;
  g.kassaCore = undefined;
}

/** A fresh embedded database with the demo data, as the app's database; with the demo customers' ids. */
export async function demoAppDatabase(): Promise<{ h: DbHandle; aliceId: string; bobId: string }> {
  const h = await embeddedTestDb();
  await seed(h.db);
  useTestDatabase(h);
  const id = async (email: string) => (await h.db.customer.findUniqueOrThrow({ where: { email } })).id;
  return { h, aliceId: await id("alice@example.com"), bobId: await id("bob@example.com") };
}

/**
 * Where `actual` differs in structure from `expected` (a recorded peer response): missing or extra keys, arrays vs
 * objects, or different leaf types. A null on either side matches any leaf (data differs, shape does not).
 */
export function shapeDiff(actual: unknown, expected: unknown, at = "$"): string[] {
  if (expected === null || actual === null) return [];
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${at}: expected an array`];
    if (!expected.length || !actual.length) return [];
    return shapeDiff(actual[0], expected[0], `${at}[0]`);
  }
  if (typeof expected === "object") {
    if (typeof actual !== "object" || Array.isArray(actual)) return [`${at}: expected an object`];
    const a = actual as Record<string, unknown>;
    const e = expected as Record<string, unknown>;
    const out: string[] = [];
    for (const k of Object.keys(e)) if (!(k in a)) out.push(`${at}.${k}: missing`);
    for (const k of Object.keys(a)) if (!(k in e)) out.push(`${at}.${k}: unexpected`);
    for (const k of Object.keys(e)) if (k in a) out.push(...shapeDiff(a[k], e[k], `${at}.${k}`));
    return out;
  }
  return typeof actual === typeof expected ? [] : [`${at}: ${typeof actual} instead of ${typeof expected}`];
}
