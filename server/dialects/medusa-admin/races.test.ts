// Staff racing each other over real HTTP on PostgreSQL (the admin REST routes served on a loopback port): two
// operators capturing one payment capture it once; a storm of refunds never refunds more than was captured.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seed } from "../../../prisma/seed";
import type { DbHandle } from "../../db";
import { postgresTestDb } from "../../test/db";
import { useTestDatabase } from "../../test/app";
import { serveFetch } from "../../test/serve";
import { checkoutPayment } from "../../test/fixtures";
import { getKassa } from "../../kassa";
import * as admin from "./router";

const pg = postgresTestDb(30);

describe.skipIf(!pg)("admin money races on PostgreSQL, over HTTP", () => {
  let h: DbHandle;
  let server: { url: string; close(): Promise<void> };
  const tokens: string[] = [];

  beforeAll(async () => {
    h = pg!;
    await seed(h.db);
    useTestDatabase(h);
    await h.db.rateLimit.deleteMany({ where: { key: { startsWith: "staff-signin:" } } });
    server = await serveFetch((req) => (new URL(req.url).pathname === "/auth/user/emailpass" ? admin.userEmailPassPOST(req) : req.method === "GET" ? admin.GET(req) : admin.POST(req)));
    for (const [email, password] of [["operator@example.com", "operator-password"], ["owner@example.com", "owner-password"]]) {
      const r = await fetch(`${server.url}/auth/user/emailpass`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email, password }) });
      tokens.push(((await r.json()) as { token: string }).token);
    }
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await h?.close();
  });

  const post = (token: string, path: string, body: unknown) =>
    fetch(`${server.url}${path}`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body: JSON.stringify(body) }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));

  it("two operators capturing the same payment at once capture it once", async () => {
    for (let round = 0; round < 5; round++) {
      const id = await checkoutPayment(getKassa());
      const [a, b] = await Promise.all([post(tokens[0]!, `/admin/payments/${id}/capture`, { amount: 52 }), post(tokens[1]!, `/admin/payments/${id}/capture`, { amount: 52 })]);
      expect([a.status, b.status].sort()).toEqual([200, 400]);
      const p = await h.db.payment.findUniqueOrThrow({ where: { id }, include: { transactions: true } });
      expect(p.capturedMinor).toBe(5200n);
      expect(p.transactions.filter((t) => t.type === "Charge" && t.state === "Success")).toHaveLength(1);
      // `{}` from both: one captures what remains, the other finds nothing left and answers the same payment
      const id2 = await checkoutPayment(getKassa());
      const both = await Promise.all([post(tokens[0]!, `/admin/payments/${id2}/capture`, {}), post(tokens[1]!, `/admin/payments/${id2}/capture`, {})]);
      expect(both.map((r) => r.status)).toEqual([200, 200]);
      expect((await h.db.payment.findUniqueOrThrow({ where: { id: id2 } })).capturedMinor).toBe(5200n);
      expect(await h.db.transaction.count({ where: { paymentId: id2, type: "Charge" } })).toBe(1);
    }
  }, 120_000);

  it("a storm of refunds never refunds more than was captured", async () => {
    const id = await checkoutPayment(getKassa());
    await post(tokens[0]!, `/admin/payments/${id}/capture`, {});
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => post(tokens[i % 2]!, `/admin/payments/${id}/refund`, { amount: 10, note: `storm ${i}` })));
    const ok = results.filter((r) => r.status === 200).length;
    expect(ok).toBe(5); // 5 × 10.00 of 52.00; the rest refused (or busy), never applied
    for (const r of results) if (r.status !== 200) expect([400, 500]).toContain(r.status);
    const p = await h.db.payment.findUniqueOrThrow({ where: { id }, include: { transactions: true } });
    expect(p.refundedMinor).toBe(5000n);
    expect(p.refundedMinor <= p.capturedMinor).toBe(true);
    const refunds = p.transactions.filter((t) => t.type === "Refund" && t.state === "Success");
    expect(refunds.reduce((a, t) => a + t.amountMinor, 0n)).toBe(5000n);
    expect(new Set(refunds.map((t) => t.note))).toHaveProperty("size", 5);
    const audit = await h.db.auditEntry.findMany({ where: { targetId: id, action: "payment.refund" } });
    expect(audit.filter((a) => a.outcome === "succeeded")).toHaveLength(5);
    expect(audit).toHaveLength(12);
  }, 120_000);
});
