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
