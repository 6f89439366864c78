// "My orders": the signed-in customer's order history and one order, through the core order service and the tRPC
// account procedures the pages use. Reads are scoped to the customer: somebody else's order id is not found, exactly as
// an unknown id is, and the refusal carries none of the owner's data.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../core/actors";
import type { DbHandle } from "../db";
import { getKassa } from "../kassa";
import { createCaller } from "../trpc/root";
import { createTRPCContext } from "../trpc/init";
import { demoAppDatabase } from "./app";

describe("account orders", () => {
  let h: DbHandle;
  let aliceId: string;
  let bobId: string;
  const aliceOrders: string[] = [];
  let guestOrder: string;

  const as = async (customerId: string | null) =>
    createCaller(await createTRPCContext({ headers: new Headers(), session: customerId ? { user: { id: customerId, email: "x" } } : null }));

  async function placeOrder(actor: Actor, skus: [string, number][]): Promise<string> {
    const k = getKassa();
    const region = (await h.db.region.findFirstOrThrow({ where: { currency: "USD" } })).id;
    const cart = await k.carts.create(actor, { regionId: region, email: "alice@example.com" });
    for (const [sku, quantity] of skus) await k.carts.addLine(cart.id, actor, { sku, quantity });
    return (await k.orders.completeCart(cart.id, actor, { requirePayment: false })).id;
  }

  beforeAll(async () => {
    ({ h, aliceId, bobId } = await demoAppDatabase());
    const alice: Actor = { type: "customer", customerId: aliceId };
    aliceOrders.push(await placeOrder(alice, [["MUG-WHITE", 2]]));
    aliceOrders.push(await placeOrder(alice, [["CAP-NAVY", 1], ["TEE-BLACK-M", 1]]));
    // a guest's order, made in an anonymous session that was never attached to alice
    guestOrder = await placeOrder({ type: "anonymous", anonymousId: "anon_account_orders_test" }, [["MUG-WHITE", 1]]);
  });
  afterAll(() => h.close());

  it("core: the history holds the customer's own orders, newest first, and nobody else's", async () => {
    const k = getKassa();
    const mine = await k.orders.listOrders({ type: "customer", customerId: aliceId });
    expect(mine.map((o) => o.id)).toEqual([...aliceOrders].reverse());
    expect(mine.map((o) => o.id)).not.toContain(guestOrder);
    const bobs = await k.orders.listOrders({ type: "customer", customerId: bobId });
    expect(bobs.map((o) => o.id)).not.toContain(aliceOrders[0]);
    await expect(k.orders.getOrder(aliceOrders[0]!, { type: "customer", customerId: bobId })).rejects.toMatchObject({ code: "not_found" });
  });

  it("tRPC: alice lists her orders with number, date, status and total, and opens one with its lines", async () => {
    const alice = await as(aliceId);
    const list = await alice.account.orders();
    expect(list.map((o) => o.id)).toEqual([...aliceOrders].reverse());
    const newest = list[0]!;
    expect(newest.number).toMatch(/^ORD-\d{8}-[2-9A-HJ-NP-Z]{4}$/);
    expect(newest.createdAt).toBeInstanceOf(Date);
    expect(newest.paymentStatus).toBe("not_paid");
    expect(newest.total.currency).toBe("USD");
    expect(newest.total.amount).toBe(newest.lines.reduce((n, l) => n + l.total.amount, 0));

    const one = await alice.account.order({ id: aliceOrders[0]! });
    expect(one.id).toBe(aliceOrders[0]);
    expect(one.lines).toMatchObject([{ sku: "MUG-WHITE", quantity: 2 }]);
    expect(one.lines[0]!.total.amount).toBe(one.lines[0]!.unitPrice.amount * 2);
    expect(one.total).toEqual(one.lines[0]!.total);
  });

  it("tRPC: bob cannot read alice's order (not found, as an unknown id) and does not see it in his history", async () => {
    const bob = await as(bobId);
    const refusal = await bob.account.order({ id: aliceOrders[0]! }).catch((e: unknown) => e);
    expect(refusal).toMatchObject({ code: "NOT_FOUND" });
    const unknown = await bob.account.order({ id: "ord_does_not_exist" }).catch((e: unknown) => e);
    expect(unknown).toMatchObject({ code: "NOT_FOUND" });
    expect(JSON.stringify(refusal)).not.toContain("alice@example.com");
    expect((await bob.account.orders()).map((o) => o.id)).not.toContain(aliceOrders[0]);
  });

  it("tRPC: a customer does not see a guest order that was never attached to them", async () => {
    const alice = await as(aliceId);
    await expect(alice.account.order({ id: guestOrder })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("tRPC: signed-out callers are refused", async () => {
    const anon = await as(null);
    await expect(anon.account.orders()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(anon.account.order({ id: aliceOrders[0]! })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});
