// The ledger's invariants as SQL: each query lists the rows that break one. Used after load and fault runs.
import type { DbHandle } from "../db";

/** Every broken invariant, as "what: row id" (empty when the ledger is consistent). */
export async function ledgerViolations(h: DbHandle): Promise<string[]> {
  const q = (sql: string) => h.db.$queryRawUnsafe<{ id: string }[]>(sql);
  const out: string[] = [];
  const add = (label: string, rows: { id: string }[]) => rows.forEach((r) => out.push(`${label}: ${r.id}`));
  add(
    "payment totals differ from its successful transactions",
    await q(`SELECT p.id FROM "Payment" p LEFT JOIN LATERAL (
      SELECT coalesce(sum(CASE WHEN t.type='Authorization' AND t.state='Success' THEN t."amountMinor" END),0) a,
             coalesce(sum(CASE WHEN t.type='Charge' AND t.state='Success' THEN t."amountMinor" END),0) c,
             coalesce(sum(CASE WHEN t.type='Refund' AND t.state='Success' THEN t."amountMinor" END),0) r
      FROM "Transaction" t WHERE t."paymentId" = p.id) s ON true
      WHERE p."sessionId" IS NOT NULL AND (p."authorizedMinor" <> s.a OR p."capturedMinor" <> s.c OR p."refundedMinor" <> s.r)`),
  );
  add("captured beyond authorized", await q(`SELECT id FROM "Payment" WHERE "sessionId" IS NOT NULL AND "capturedMinor" > "authorizedMinor"`));
  add("refunded beyond captured", await q(`SELECT id FROM "Payment" WHERE "refundedMinor" > "capturedMinor"`));
  add(
    "collection totals differ from its payments",
    await q(`SELECT c.id FROM "PaymentCollection" c LEFT JOIN LATERAL (
      SELECT coalesce(sum(CASE WHEN p.status <> 'canceled' THEN p."authorizedMinor" END),0) a, coalesce(sum(p."capturedMinor"),0) cp, coalesce(sum(p."refundedMinor"),0) r
      FROM "Payment" p WHERE p."collectionId" = c.id AND p.flag IS NULL) s ON true
      WHERE c."authorizedMinor" <> s.a OR c."capturedMinor" <> s.cp OR c."refundedMinor" <> s.r`),
  );
  add(
    "an order whose counted money is not its total",
    await q(`SELECT o.id FROM "Order" o JOIN "PaymentCollection" c ON c."orderId" = o.id
      WHERE c."authorizedMinor" > 0 AND c."authorizedMinor" <> o."totalMinor"`),
  );
  add("more than one live session", await q(`SELECT "collectionId" AS id FROM "PaymentSession" WHERE "liveForCollectionId" IS NOT NULL GROUP BY "collectionId" HAVING count(*) > 1`));
  add("more than one order for a cart", await q(`SELECT "cartId" AS id FROM "Order" GROUP BY "cartId" HAVING count(*) > 1`));
  add("a charge for more than the intent's amount", await q(`SELECT p.id FROM "Payment" p WHERE p."sessionId" IS NOT NULL AND p."capturedMinor" > p."amountPlannedMinor"`));
  return out;
}
