// Predicates compiled to Prisma filters and run against the real database layer.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db";
import { embeddedTestDb } from "../../test/db";
import { compilePredicate, compileSort } from "./compile";
import { parsePredicate, PredicateError } from "./predicate";

describe("commercetools predicates on the database", () => {
  let h: DbHandle;
  beforeAll(async () => {
    h = await embeddedTestDb();
    const base = { providerId: "pp_system_default", anonymousId: "anon-ct" };
    await h.db.payment.createMany({
      data: [
        { ...base, id: "pay_a", currency: "USD", amountPlannedMinor: 1000n, key: "k-a", methodInfo: { paymentInterface: "stripe", method: "card", name: { en: "Card" } }, custom: { type: { id: "t1" }, fields: { ref: "x1", n: 3 } }, createdAt: new Date("2026-01-01T00:00:00Z") },
        { ...base, id: "pay_b", currency: "EUR", amountPlannedMinor: 5000n, methodInfo: { paymentInterface: "paypal", method: "wallet" }, createdAt: new Date("2026-02-01T00:00:00Z") },
        { ...base, id: "pay_c", currency: "JPY", amountPlannedMinor: 4200n, methodInfo: {}, createdAt: new Date("2026-03-01T00:00:00Z") },
      ],
    });
    await h.db.transaction.create({ data: { id: "txn_1", paymentId: "pay_b", type: "Charge", state: "Initial", amountMinor: 5000n, currency: "EUR" } });
  });
  afterAll(() => h.close());

  const ids = async (where: string, vars: Record<string, string | string[]> = {}) =>
    (await h.db.payment.findMany({ where: { anonymousId: "anon-ct", ...compilePredicate(parsePredicate(where, vars)) }, orderBy: { id: "asc" } })).map((p) => p.id);

  it("filters by scalars, money, JSON fields, collections and logic", async () => {
    expect(await ids('id = "pay_a"')).toEqual(["pay_a"]);
    expect(await ids("amountPlanned(centAmount > 1000)")).toEqual(["pay_b", "pay_c"]);
    expect(await ids('amountPlanned(centAmount >= 1000 and currencyCode != "EUR")')).toEqual(["pay_a", "pay_c"]);
    expect(await ids('paymentMethodInfo(method = "card")')).toEqual(["pay_a"]);
    expect(await ids('paymentMethodInfo(name(en = "Card"))')).toEqual(["pay_a"]);
    expect(await ids('custom(fields(ref = "x1"))')).toEqual(["pay_a"]);
    expect(await ids("custom(fields(n > 2))")).toEqual(["pay_a"]);
    expect(await ids('transactions(type = "Charge" and state = "Initial")')).toEqual(["pay_b"]);
    expect(await ids("transactions is empty")).toEqual(["pay_a", "pay_c"]);
    expect(await ids("transactions is not empty")).toEqual(["pay_b"]);
    expect(await ids("key is defined")).toEqual(["pay_a"]);
    expect(await ids("key is not defined")).toEqual(["pay_b", "pay_c"]);
    expect(await ids("custom is defined")).toEqual(["pay_a"]);
    expect(await ids('not(id = "pay_a") or key = "k-a"')).toEqual(["pay_a", "pay_b", "pay_c"]);
    expect(await ids('createdAt > "2026-01-15T00:00:00.000Z"')).toEqual(["pay_b", "pay_c"]);
    expect(await ids('id in ("pay_a", "pay_c")')).toEqual(["pay_a", "pay_c"]);
    expect(await ids("id not in :ids", { ids: ["pay_a", "pay_c"] })).toEqual(["pay_b"]);
    expect(await ids("amountPlanned(centAmount = :amount)", { amount: "4200" })).toEqual(["pay_c"]);
  });

  it("refuses unknown fields and mistyped values", () => {
    for (const bad of ["nope = 1", 'amountPlanned(centAmount = "x")', "amountPlanned = 5", 'transactions(type = "Bogus")', "version = 1.5", 'createdAt > "not a date"', "id is empty"]) {
      expect(() => compilePredicate(parsePredicate(bad)), bad).toThrow(PredicateError);
    }
  });

  it("compiles sorts with an id tie-breaker", () => {
    expect(compileSort(["createdAt desc"])).toEqual([{ createdAt: "desc" }, { id: "desc" }]);
    expect(compileSort(["amountPlanned.centAmount asc", "id desc"])).toEqual([{ amountPlannedMinor: "asc" }, { id: "desc" }]);
    expect(() => compileSort(["nope asc"])).toThrow(PredicateError);
  });
});
