// A refund whose answer is lost twice and whose read shows nothing is closed as failed — but its request may still
// land. A retry with the same operation key waits (provider_unavailable) instead of refunding again; once the refund
// shows at the provider, its operation counts as succeeded and the same key is a repeat: one refund, never two.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../db";
import { embeddedTestDb } from "../test/db";
import { checkoutPayment, setupCore, testClock } from "../test/fixtures";
import { createSystemProvider } from "../providers/system";
import { createTestCardProvider } from "../providers/test-card";
import { PaymentError } from "./errors";
import type { IntentSnapshot, PaymentProvider } from "./provider-port";

describe("a lost refund that lands late", () => {
  let h: DbHandle;
  let core: Awaited<ReturnType<typeof setupCore>>;
  const real = createTestCardProvider();
  let mode: "lose" | "ok" = "ok";
  let landed: IntentSnapshot | null = null;
  // the test-card provider, whose refund answers are lost while `mode` is "lose" (the request itself is kept, to land later)
  const flaky: PaymentProvider = {
    ...real,
    async refund(data, input) {
      const snap = await real.refund(data, input);
      const withOp = { ...snap, refunds: snap.refunds.map((r, i) => (i === snap.refunds.length - 1 ? { ...r, operationId: input.idempotencyKey } : r)) };
      if (mode === "lose") {
        landed = { ...withOp, data: { ...withOp.data, refunds: withOp.refunds } };
        throw new PaymentError("provider_unavailable", "no answer");
      }
      return withOp;
    },
    async retrieve(data, input) {
      return mode === "ok" && landed ? landed : real.retrieve(data, input);
    },
  };

  beforeAll(async () => {
    h = await embeddedTestDb();
    core = await setupCore(h, { providers: [createSystemProvider(), flaky], clock: testClock(new Date()) });
  }, 60_000);
  afterAll(async () => h?.close());

  it("waits, then counts the late refund once", async () => {
    const SYS = { type: "system" } as const;
    const id = await checkoutPayment(core.kassa, { currency: "USD" }); // captured 56.00
    mode = "lose";
    await expect(core.kassa.payments.refundPayment(id, SYS, { amount: 1000, operationKey: "refund-K" })).rejects.toMatchObject({ code: "provider_unavailable" });
    const op = await h.db.paymentOperation.findFirstOrThrow({ where: { paymentId: id, kind: "refund" } });
    core.clock.advance(200_000); // its lease runs out; the resume repeats, loses again, reads nothing, closes it failed
    await core.kassa.payments.resumeOperation(op.id);
    expect((await h.db.paymentOperation.findUniqueOrThrow({ where: { id: op.id } })).status).toBe("failed");

    // the same key, at once: the first request may still land — wait, do not refund again
    mode = "ok";
    const held = landed;
    landed = null;
    await expect(core.kassa.payments.refundPayment(id, SYS, { amount: 1000, operationKey: "refund-K" })).rejects.toMatchObject({ code: "provider_unavailable" });
    expect(await h.db.paymentOperation.count({ where: { paymentId: id, kind: "refund" } })).toBe(1);

    // it lands; a read shows it: the operation did succeed
    landed = held;
    const session = await h.db.payment.findUniqueOrThrow({ where: { id } });
    const anon = await h.db.payment.findUniqueOrThrow({ where: { id }, select: { anonymousId: true } });
    await core.kassa.payments.refreshSession(session.sessionId!, { type: "anonymous", anonymousId: anon.anonymousId! });
    expect((await h.db.paymentOperation.findUniqueOrThrow({ where: { id: op.id } })).status).toBe("succeeded");

    core.clock.advance(11 * 60_000);
    const after = await core.kassa.payments.refundPayment(id, SYS, { amount: 1000, operationKey: "refund-K" });
    expect(after.refunded.amount).toBe(1000); // one refund, not two
    expect(await h.db.paymentOperation.count({ where: { paymentId: id, kind: "refund" } })).toBe(1);
  });
});
