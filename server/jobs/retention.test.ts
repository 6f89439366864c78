// Retention on a clock: what is past its window goes (or, for provider events, loses its payload and stays as a
// tombstone); what is fresh, still locked, or still needed (a cart with a payment collection) stays.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../db";
import { embeddedTestDb } from "../test/db";
import { newAnonymous, setupCore } from "../test/fixtures";
import { runRetention } from "./retention";

describe("retention", () => {
  let h: DbHandle;
  let core: Awaited<ReturnType<typeof setupCore>>;
  beforeAll(async () => {
    h = await embeddedTestDb();
    core = await setupCore(h);
  }, 60_000);
  afterAll(async () => h?.close());

  it("removes what is past its window and keeps the rest", async () => {
    const now = new Date("2026-12-04T12:00:00Z");
    const ago = (ms: number) => new Date(now.getTime() - ms);
    const H = 3600_000;
    const D = 24 * H;
    const customer = await h.db.customer.findFirstOrThrow();
    await h.db.idempotencyKey.createMany({ data: [
      { id: "idem_old", scope: "s", key: "old", requestHash: "x", createdAt: ago(25 * H), completedAt: ago(25 * H) },
      { id: "idem_new", scope: "s", key: "new", requestHash: "x", createdAt: ago(2 * H) },
    ] });
    await h.db.accessToken.createMany({ data: [
      { id: "tok_old", tokenHash: "h1", subjectType: "customer", customerId: customer.id, audience: "medusa", scopes: [], expiresAt: ago(8 * D) },
      { id: "tok_live", tokenHash: "h2", subjectType: "customer", customerId: customer.id, audience: "medusa", scopes: [], expiresAt: new Date(now.getTime() + D) },
    ] });
    await h.db.rateLimit.createMany({ data: [
      { key: "signin:old", count: 3, windowStart: ago(2 * D) },
      { key: "signin:locked", count: 5, windowStart: ago(2 * D), lockedUntil: new Date(now.getTime() + H) },
      { key: "signin:new", count: 1, windowStart: ago(H) },
    ] });
    await h.db.job.createMany({ data: [
      { id: "job_old", name: "x", runAt: ago(9 * D), status: "done", finishedAt: ago(8 * D), createdAt: ago(9 * D) },
      { id: "job_queued", name: "x", runAt: ago(9 * D), status: "queued", createdAt: ago(9 * D) },
    ] });
    await h.db.providerEvent.createMany({ data: [
      { id: "evt_old", provider: "pp_stripe_stripe", eventId: "evt_1", type: "payment_intent.succeeded", payload: { big: "x".repeat(100) }, receivedAt: ago(40 * D), processedAt: ago(40 * D) },
      { id: "evt_new", provider: "pp_stripe_stripe", eventId: "evt_2", type: "payment_intent.succeeded", payload: { big: "y" }, receivedAt: ago(D), processedAt: ago(D) },
    ] });
    const region = core.region("USD");
    const abandoned = await core.kassa.carts.create(newAnonymous(), { regionId: region.id });
    const paying = await core.kassa.carts.create(newAnonymous(), { regionId: region.id });
    await h.db.paymentCollection.create({ data: { id: "paycol_keep", cartId: paying.id, currency: "USD", amountMinor: 100n } });
    const fresh = await core.kassa.carts.create(newAnonymous(), { regionId: region.id });
    await h.db.cart.updateMany({ where: { id: { in: [abandoned.id, paying.id] } }, data: { updatedAt: ago(31 * D) } });
    await h.db.cart.update({ where: { id: fresh.id }, data: { updatedAt: ago(D) } });

    const counts = await runRetention(h.db, now);
    expect(counts).toMatchObject({ idempotencyKeys: 1, accessTokens: 1, rateLimits: 1, jobs: 1, eventPayloads: 1, abandonedCarts: 1 });
    expect((await h.db.idempotencyKey.findMany({ where: { id: { in: ["idem_old", "idem_new"] } } })).map((r) => r.id)).toEqual(["idem_new"]);
    expect((await h.db.accessToken.findMany({ where: { id: { in: ["tok_old", "tok_live"] } } })).map((r) => r.id)).toEqual(["tok_live"]);
    expect((await h.db.rateLimit.findMany({ where: { key: { startsWith: "signin:" } }, orderBy: { key: "asc" } })).map((r) => r.key)).toEqual(["signin:locked", "signin:new"]);
    expect((await h.db.job.findMany({ where: { id: { in: ["job_old", "job_queued"] } } })).map((r) => r.id)).toEqual(["job_queued"]);
    const tomb = await h.db.providerEvent.findUniqueOrThrow({ where: { id: "evt_old" } });
    expect([tomb.payload, tomb.type, tomb.eventId]).toEqual([{}, "payment_intent.succeeded", "evt_1"]); // still de-duplicates
    expect((await h.db.providerEvent.findUniqueOrThrow({ where: { id: "evt_new" } })).payload).toEqual({ big: "y" });
    expect((await h.db.cart.findMany({ where: { id: { in: [abandoned.id, paying.id, fresh.id] } } })).map((c) => c.id).sort()).toEqual([paying.id, fresh.id].sort());
    // a second run finds nothing more
    expect(Object.values(await runRetention(h.db, now)).every((n) => n === 0)).toBe(true);
  });
});
