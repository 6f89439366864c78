// Shared fixtures for core integration tests: the demo seed, a Kassa core on a test clock, and actors.
import type { DbHandle } from "../db";
import { seed } from "../../prisma/seed";
import { createKassa } from "../core/kassa";
import { createRegistry, defaultProviders } from "../providers/registry";
import type { PaymentProvider } from "../core/provider-port";
import type { Actor } from "../core/actors";
import { customerService } from "../auth/credentials";
import { uniqueEmail } from "./db";
import { newId } from "../core/ids";

export type TestClock = { now: () => Date; advance(ms: number): void };

export function testClock(start = new Date("2026-03-31T10:00:00Z")): TestClock {
  let t = start.getTime();
  return { now: () => new Date(t), advance: (ms) => void (t += ms) };
}

export async function setupCore(h: DbHandle, opts: { providers?: PaymentProvider[]; clock?: TestClock } = {}) {
  await seed(h.db);
  const clock = opts.clock ?? testClock();
  const kassa = createKassa({ db: h.db, providers: createRegistry(opts.providers ?? defaultProviders({ asyncSettleMs: 1000 })), now: clock.now });
  const regions = await h.db.region.findMany();
  const region = (currency: string) => regions.find((r) => r.currency === currency)!;
  return { kassa, clock, region };
}

export async function newCustomer(h: DbHandle): Promise<Actor & { type: "customer" }> {
  const c = await customerService(h.db).register({ email: uniqueEmail("cust"), password: "customer password" });
  return { type: "customer", customerId: c.id };
}

export function newAnonymous(): Actor & { type: "anonymous" } {
  return { type: "anonymous", anonymousId: newId("cart").replace("cart_", "anon_") };
}

/**
 * A guest checkout paid with the test card (4242…) in the region of `currency`, through the app's core: in the demo's
 * Europe (manual capture) the payment is left `authorized`; elsewhere it is captured. Returns the payment's id.
 */
export async function checkoutPayment(kassa: ReturnType<typeof createKassa>, opts: { currency?: "USD" | "EUR" | "JPY"; sku?: string; quantity?: number; email?: string } = {}): Promise<string> {
  const actor = newAnonymous();
  const region = await kassa.deps.db.region.findFirstOrThrow({ where: { currency: opts.currency ?? "EUR" } });
  const cart = await kassa.carts.create(actor, { regionId: region.id, email: opts.email ?? "guest@example.com" });
  await kassa.carts.addLine(cart.id, actor, { sku: opts.sku ?? "CAP-NAVY", quantity: opts.quantity ?? 1 });
  const r = await kassa.checkout.pay(cart.id, actor, { paymentData: { card: { number: "4242424242424242", expMonth: 12, expYear: 2040, cvc: "123" } } });
  if (r.status !== "complete") throw new Error(`checkout ended ${r.status}`);
  return (await kassa.deps.db.payment.findFirstOrThrow({ where: { collection: { cartId: cart.id } }, select: { id: true } })).id;
}
