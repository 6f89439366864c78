import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db";
import { testDatabases } from "../../test/db";
import { withIdempotency } from "../../auth/idempotency";
import { idempotentResponse } from "./idempotency";

for (const target of testDatabases()) {
  describe(`Idempotency-Key on the ${target.name} database`, () => {
    let h: DbHandle;
    beforeAll(async () => {
      h = await target.open();
    });
    afterAll(() => h.close());
    const scope = () => `test:${Math.random().toString(36).slice(2)}`;

    it("replays the first response byte for byte, and refuses the same key with another body", async () => {
      const s = scope();
      let runs = 0;
      const call = (body: string) =>
        idempotentResponse(h.db, new Request("http://x/store/carts", { method: "POST", headers: { "idempotency-key": "k-1" } }), body, s, async () => {
          runs++;
          return Response.json({ run: runs, body }, { status: 201, headers: { "x-request-id": `req-${runs}` } });
        });
      const first = await call('{"a":1}');
      const firstText = await first.text();
      const again = await call('{"a":1}');
      expect(again.status).toBe(201);
      expect(await again.text()).toBe(firstText);
      expect(again.headers.get("x-request-id")).toBe("req-1");
      expect(again.headers.get("idempotent-replayed")).toBe("true");
      expect(runs).toBe(1);
      await expect(call('{"a":2}')).rejects.toMatchObject({ code: "idempotency_conflict", details: { reason: "different_request" } });
    });

    it("runs a key once under concurrent requests; the others are refused as in flight or replayed", async () => {
      const s = scope();
      let runs = 0;
      const results = await Promise.allSettled(
        Array.from({ length: 8 }, () =>
          withIdempotency(h.db, { scope: s, key: "same", fingerprint: "f" }, async () => {
            runs++;
            await new Promise((r) => setTimeout(r, 50));
            return { status: 200, headers: {}, body: "done" };
          }),
        ),
      );
      expect(runs).toBe(1);
      for (const r of results) {
        if (r.status === "fulfilled") expect(r.value.body).toBe("done");
        else expect(r.reason).toMatchObject({ code: "idempotency_conflict", details: { reason: "in_flight" } });
      }
    });

    it("does not keep failures: a thrown error or a 5xx releases the key for the retry", async () => {
      const s = scope();
      await expect(withIdempotency(h.db, { scope: s, key: "k", fingerprint: "f" }, async () => { throw new Error("boom"); })).rejects.toThrow("boom");
      const five = await withIdempotency(h.db, { scope: s, key: "k", fingerprint: "f" }, async () => ({ status: 503, headers: {}, body: "later" }));
      expect(five.status).toBe(503);
      const ok = await withIdempotency(h.db, { scope: s, key: "k", fingerprint: "f" }, async () => ({ status: 200, headers: {}, body: "ok" }));
      expect([ok.status, ok.replayed]).toEqual([200, false]);
    });

    it("takes over a key whose first request died (lock expired)", async () => {
      const s = scope();
      let t = new Date("2026-01-01T00:00:00Z");
      await h.db.idempotencyKey.create({ data: { id: `idem_${Math.random()}`, scope: s, key: "k", requestHash: "f", lockedUntil: new Date(t.getTime() + 1000) } });
      await expect(withIdempotency(h.db, { scope: s, key: "k", fingerprint: "f", now: () => t }, async () => ({ status: 200, headers: {}, body: "x" }))).rejects.toMatchObject({ code: "idempotency_conflict" });
      t = new Date(t.getTime() + 120_000);
      const r = await withIdempotency(h.db, { scope: s, key: "k", fingerprint: "f", now: () => t }, async () => ({ status: 200, headers: {}, body: "x" }));
      expect(r).toMatchObject({ status: 200, replayed: false });
    });

    it("a first request that outlives its lock changes nothing: neither releasing nor answering over the one that took over", async () => {
      for (const ending of ["throws", "answers 5xx", "answers 200"] as const) {
        const s = scope();
        let t = new Date("2026-01-01T00:00:00Z");
        let release!: () => void;
        const slow = withIdempotency(h.db, { scope: s, key: "k", fingerprint: "f", now: () => t }, async () => {
          await new Promise<void>((r) => (release = r));
          if (ending === "throws") throw new Error("late");
          return { status: ending === "answers 5xx" ? 502 : 200, headers: {}, body: "stale" };
        });
        await new Promise((r) => setTimeout(r, 50)); // the slow request holds the key
        t = new Date(t.getTime() + 10 * 60_000); // its lock has run out
        const fresh = await withIdempotency(h.db, { scope: s, key: "k", fingerprint: "f", now: () => t }, async () => ({ status: 201, headers: {}, body: "fresh" }));
        release();
        await slow.catch(() => undefined);
        const replay = await withIdempotency(h.db, { scope: s, key: "k", fingerprint: "f", now: () => t }, async () => ({ status: 200, headers: {}, body: "third" }));
        expect([fresh.body, replay.body, replay.replayed], ending).toEqual(["fresh", "fresh", true]);
      }
    });

    it("refuses malformed keys", async () => {
      await expect(withIdempotency(h.db, { scope: scope(), key: "", fingerprint: "f" }, async () => ({ status: 200, headers: {}, body: "" }))).rejects.toMatchObject({ code: "validation" });
      await expect(withIdempotency(h.db, { scope: scope(), key: "x".repeat(256), fingerprint: "f" }, async () => ({ status: 200, headers: {}, body: "" }))).rejects.toMatchObject({ code: "validation" });
    });
  });
}
