// Several real app processes on one PostgreSQL database, with one of them SIGKILLed mid-load (PostgreSQL only).
// Three compiled servers (KASSA_ROLE=api) and one KASSA_ROLE=worker share a scratch database of their own. Clients
// spread race storms over the three: concurrent Medusa payment-session creations on one collection, concurrent
// completes of one cart, and the same Idempotency-Key sent to every process at once in the Medusa, commercetools,
// Magento and shop dialects. Mid-load one app process is killed (SIGKILL) and started again. Afterwards:
// - the ledger's invariants hold (server/test/ledger-check.ts), and per storm: one live session per collection, one
//   order per cart, the money counted on each order equal to its total and never charged twice, one resource per key;
// - every request sent to a process that was not killed got an HTTP answer, and no answer was a 5xx other than the
//   documented 503 (in the dialect's documented shape).
// Short by default; KASSA_LONG_MULTI=1 runs longer, wider and kills several times (KASSA_MULTI_SECONDS /
// KASSA_MULTI_CLIENTS / KASSA_MULTI_KILLS override either form).
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { seed } from "../../prisma/seed";
import { customerService } from "../auth/credentials";
import { openDatabase, type DbHandle } from "../db";
import type { DialectId } from "../reference";
import { undocumented } from "../test/documented";
import { ledgerViolations } from "../test/ledger-check";
import { buildTestServer, freePort, scratchPostgres, startServer, waitForHealth, type ServerProcess } from "../test/processes";

const runUrl = inject("postgresUrl");
const LONG = process.env.KASSA_LONG_MULTI === "1";
const SECONDS = Number(process.env.KASSA_MULTI_SECONDS || (LONG ? 120 : 14));
const CLIENTS = Number(process.env.KASSA_MULTI_CLIENTS || (LONG ? 12 : 6));
const KILLS = Number(process.env.KASSA_MULTI_KILLS || (LONG ? 6 : 1));
const FAN = 6; // requests per storm, spread over the live processes
const APPS = 3;
const PASSWORD = "multi process password";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Slot = { proc: ServerProcess; alive: boolean; killedAt?: number; gen: number };
type Sent = { slot: number; gen: number; dialect: DialectId; route: string; status: number | null; body: any; error?: string; at: number; ms: number; victim: boolean; stuck?: boolean }; // eslint-disable-line @typescript-eslint/no-explicit-any
/**
 * What Medusa answers (503 with Retry-After, documented) on a session whose payment operation was in flight in a process
 * that was SIGKILLed: the operation stays pending until its lease (180 s, OPERATION_LEASE_MS) runs out, and every later
 * call on that session waits 15 s for the lane, then gets this. (This test first found it answered as an undocumented
 * 500.) Expected only in a storm where a request was cut by the kill; anywhere else the complete storm's statuses fail.
 */
const STUCK_LANE = { type: "unexpected_state", message: "Another payment step on this session is still in progress. Try again shortly." };
/** A setup step failed (recorded); the storm is abandoned and the client goes on with the next one. */
class Abandon extends Error {}

describe.skipIf(!runUrl)("several app processes on one PostgreSQL, one killed mid-load", () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "kassa-multi-"));
  let scratch: Awaited<ReturnType<typeof scratchPostgres>> | undefined;
  let server: Awaited<ReturnType<typeof buildTestServer>> | undefined;
  let h: DbHandle | undefined;
  const slots: Slot[] = [];
  let worker: ServerProcess | undefined;
  const spare: ServerProcess[] = [];

  const appEnv = () => ({
    DATABASE_URL: scratch!.url, KASSA_DATA_DIR: dataDir, NEXTAUTH_SECRET: "multi-process-test-secret-0123456789", DATABASE_POOL_MAX: "6",
  });

  beforeAll(async () => {
    const [db, built] = await Promise.all([scratchPostgres(process.env.DATABASE_URL || runUrl!, "multi"), buildTestServer("multi")]);
    scratch = db;
    server = built;
    h = openDatabase({ url: scratch.url, poolMax: 4 });
    await seed(h.db);
    const ports = await Promise.all(Array.from({ length: APPS + 1 }, () => freePort()));
    for (let i = 0; i < APPS; i++) slots.push({ proc: startServer(server.bundle, ports[i]!, { ...appEnv(), KASSA_ROLE: "api" }), alive: false, gen: 0 });
    worker = startServer(server.bundle, ports[APPS]!, { ...appEnv(), KASSA_ROLE: "worker" });
    await Promise.all([...slots.map((s) => waitForHealth(s.proc.base)), waitForHealth(worker.base)]);
    for (const s of slots) s.alive = true;
  }, 120_000);

  afterAll(async () => {
    for (const p of [...slots.map((s) => s.proc), ...spare, ...(worker ? [worker] : [])]) p.child.kill("SIGKILL");
    await Promise.all([...slots.map((s) => s.proc.exited), ...spare.map((p) => p.exited), ...(worker ? [worker.exited] : [])]);
    await h?.close();
    await scratch?.drop();
    server?.remove();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(`${CLIENTS} clients for ${SECONDS} s of race storms over ${APPS} processes, ${KILLS} SIGKILL(s): every survivor answers, the ledger holds`, async () => {
    const t0 = Date.now();
    const sent: Sent[] = [];
    const problems: string[] = [];
    let checks = 0;
    const check = (ok: boolean, what: string) => {
      checks++;
      if (!ok) problems.push(what);
    };
    const storms: Record<string, number> = {};
    let rr = 0;
    const live = () => slots.map((s, i) => [s, i] as const).filter(([s]) => s.alive);

    /** One request to slot `slotIndex` (or the next live one); null when the process was killed under it. */
    async function send(dialect: DialectId, route: string, p: string, init: { method?: string; headers?: Record<string, string>; json?: unknown; form?: string } = {}, slotIndex?: number) {
      const choices = live();
      const [slot, index] = slotIndex === undefined ? choices[rr++ % choices.length]! : [slots[slotIndex]!, slotIndex];
      const proc = slot.proc;
      const gen = slot.gen;
      const headers: Record<string, string> = { ...init.headers };
      let body: string | undefined;
      if (init.json !== undefined) (headers["content-type"] = "application/json"), (body = JSON.stringify(init.json));
      if (init.form !== undefined) (headers["content-type"] = "application/x-www-form-urlencoded"), (body = init.form);
      const start = Date.now();
      const rec: Sent = { slot: index, gen, dialect, route, status: null, body: null, at: start - t0, ms: 0, victim: false };
      sent.push(rec);
      try {
        const res = await fetch(proc.base + p, { method: init.method ?? "GET", headers, body, signal: AbortSignal.timeout(30_000) });
        const text = await res.text();
        rec.status = res.status;
        try {
          rec.body = text ? JSON.parse(text) : null;
        } catch {
          rec.body = text;
        }
      } catch (e) {
        rec.error = String((e as { cause?: unknown }).cause ?? e);
      }
      rec.ms = Date.now() - start;
      // the process this request went to was killed before it was answered (or while it was being answered)
      rec.victim = slots[index]!.proc !== proc || (slot.killedAt !== undefined && slot.killedAt <= start + rec.ms) || !slot.alive;
      return rec;
    }
    /** A setup step: anything but a 2xx abandons the storm. */
    async function step(dialect: DialectId, route: string, p: string, init: Parameters<typeof send>[3] = {}) {
      const r = await send(dialect, route, p, init);
      if (r.status === null || r.status >= 300) throw new Abandon(`${route}: ${r.status ?? r.error}`);
      return r.body;
    }
    /** The same request FAN times at once, spread over the live processes. */
    function storm(dialect: DialectId, route: string, p: string, init: Parameters<typeof send>[3]) {
      const choices = live();
      return Promise.all(Array.from({ length: FAN }, (_, i) => send(dialect, route, p, init, choices[i % choices.length]![1])));
    }
    const answered = (rs: Sent[]) => rs.filter((r) => r.status !== null);
    const ok = (rs: Sent[]) => rs.filter((r) => r.status !== null && r.status < 300);
    /** Only these statuses (besides 503, and transport failures of a killed process) may answer the storm. */
    const allow = (rs: Sent[], statuses: number[], label: string) => {
      for (const r of answered(rs)) check(r.status === 503 || statuses.includes(r.status!), `${label}: ${r.route} answered ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
    };

    // the data every client starts from
    const pk = { "x-publishable-api-key": "pk_kassa_demo" };
    const usd = (await h!.db.region.findFirstOrThrow({ where: { currency: "USD" } })).id;
    const variants = await h!.db.variant.findMany({ where: { sku: { in: ["TEE-BLACK-M", "MUG-WHITE", "CAP-NAVY"] } } });
    const basic = `Basic ${Buffer.from("kassa-demo-client:kassa-demo-secret").toString("base64")}`;
    const people = await Promise.all(
      Array.from({ length: CLIENTS }, async (_, i) => {
        const email = `multi-${i}-${process.pid}@test.kassa`;
        const customer = await customerService(h!.db).register({ email, password: PASSWORD });
        return { email, id: (customer as { id: string }).id };
      }),
    );
    const completedCarts = new Set<string>();
    const stormCollections = new Set<string>();

    const kinds: [string, (c: number, n: number) => Promise<void>][] = [
      [
        "medusa checkout: session storm, then complete storm",
        async (c, n) => {
          const variant = variants[(c + n) % variants.length]!.id;
          const { cart } = await step("medusa", "POST /store/carts", "/store/carts", { method: "POST", headers: pk, json: { region_id: usd, email: `guest-${c}-${n}-${process.pid}@test.kassa`, items: [{ variant_id: variant, quantity: 1 + (n % 3) }] } });
          const { payment_collection: col } = await step("medusa", "POST /store/payment-collections", "/store/payment-collections", { method: "POST", headers: pk, json: { cart_id: cart.id } });
          stormCollections.add(col.id);
          const sessions = await storm("medusa", "POST /store/payment-collections/{id}/payment-sessions", `/store/payment-collections/${col.id}/payment-sessions`, { method: "POST", headers: pk, json: { provider_id: "pp_system_default" } });
          allow(sessions, [200], "session storm");
          for (const r of ok(sessions)) check(r.body?.payment_collection?.payment_sessions?.length === 1, `session storm: an answer with ${r.body?.payment_collection?.payment_sessions?.length} sessions`);
          if (!ok(sessions).length) throw new Abandon("no session created");
          const completes = await storm("medusa", "POST /store/carts/{id}/complete", `/store/carts/${cart.id}/complete`, { method: "POST", headers: pk });
          const hitByKill = [...sessions, ...completes].some((r) => r.victim);
          if (hitByKill) for (const r of completes) r.stuck = r.status === 503 && JSON.stringify(r.body) === JSON.stringify(STUCK_LANE);
          allow(completes.filter((r) => !r.stuck), [200, 409], "complete storm");
          const orders = ok(completes).filter((r) => r.body?.type === "order").map((r) => r.body.order.id as string);
          check(new Set(orders).size <= 1, `complete storm: ${new Set(orders).size} different orders for cart ${cart.id}`);
          if (!orders.length) {
            if (hitByKill) throw new Abandon(`cart ${cart.id}: its payment step died with a killed process`);
            const again = await step("medusa", "POST /store/carts/{id}/complete", `/store/carts/${cart.id}/complete`, { method: "POST", headers: pk });
            check(again?.type === "order", `complete after the storm: ${JSON.stringify(again).slice(0, 200)}`);
          }
          completedCarts.add(cart.id);
        },
      ],
      [
        "medusa: one Idempotency-Key for a cart, on every process",
        async (c, n) => {
          const email = `idem-${c}-${n}-${process.pid}@test.kassa`;
          const rs = await storm("medusa", "POST /store/carts", "/store/carts", { method: "POST", headers: { ...pk, "idempotency-key": `cart-${c}-${n}-${process.pid}` }, json: { region_id: usd, email } });
          allow(rs, [200, 409], "medusa cart key");
          const ids = new Set(ok(rs).map((r) => r.body.cart.id));
          check(ids.size <= 1, `medusa cart key: ${ids.size} different carts`);
          const rows = await h!.db.cart.count({ where: { email } });
          check(rows === ids.size || (ids.size === 0 && rows <= 1), `medusa cart key: ${rows} carts in the database for one key`);
        },
      ],
      [
        "commercetools: one Idempotency-Key for a payment, on every process",
        async (c, n) => {
          const anon = `multi-${c}-${n}-${process.pid}`;
          const tok = await step("commercetools", "POST /oauth/{projectKey}/anonymous/token", "/commercetools/oauth/kassa-demo/anonymous/token", { method: "POST", headers: { authorization: basic }, form: `grant_type=client_credentials&anonymous_id=${anon}` });
          const rs = await storm("commercetools", "POST /{projectKey}/me/payments", "/commercetools/kassa-demo/me/payments", { method: "POST", headers: { authorization: `Bearer ${tok.access_token}`, "idempotency-key": `ct-${anon}` }, json: { amountPlanned: { currencyCode: "USD", centAmount: 1000 + n } } });
          allow(rs, [200, 201, 409], "commercetools payment key");
          const ids = new Set(ok(rs).map((r) => r.body.id));
          check(ids.size <= 1, `commercetools payment key: ${ids.size} different payments`);
          const rows = await h!.db.payment.count({ where: { anonymousId: `ct:${anon}` } });
          check(rows === ids.size || (ids.size === 0 && rows <= 1), `commercetools payment key: ${rows} payments in the database for one key`);
        },
      ],
      [
        "magento: one Idempotency-Key for a payment order, on every process",
        async (c, n) => {
          const tok = await step("magento", "POST /V1/integration/customer/token", "/rest/V1/integration/customer/token", { method: "POST", json: { username: people[c]!.email, password: PASSWORD } });
          const auth = { authorization: `Bearer ${tok}` };
          await step("magento", "POST /V1/carts/mine", "/rest/V1/carts/mine", { method: "POST", headers: auth });
          await step("magento", "POST /V1/carts/mine/items", "/rest/V1/carts/mine/items", { method: "POST", headers: auth, json: { cartItem: { sku: "MUG-WHITE", qty: 1 + (n % 2) } } });
          const rs = await storm("magento", "POST /V1/carts/mine/payment-order", "/rest/V1/carts/mine/payment-order", { method: "POST", headers: { ...auth, "idempotency-key": `mage-${c}-${n}-${process.pid}` }, json: { methodCode: "payment_services_paypal_hosted_fields", paymentSource: "cc", location: "CHECKOUT" } });
          allow(rs, [200, 409], "magento payment-order key");
          const ids = new Set(ok(rs).map((r) => r.body.mp_order_id ?? r.body.id));
          check(ids.size <= 1, `magento payment-order key: ${ids.size} different payment orders`);
        },
      ],
      [
        "shop: one Idempotency-Key for an order, on every process",
        async (c, n) => {
          const key = { "x-api-key": "shop_demo_storefront_key" };
          const login = await step("shop", "POST /api/v1/shop/auth/login", "/api/v1/shop/auth/login", { method: "POST", headers: key, json: { email: people[c]!.email, password: PASSWORD } });
          const before = await h!.db.order.count({ where: { customerId: people[c]!.id } });
          const rs = await storm("shop", "POST /api/v1/shop/orders", "/api/v1/shop/orders", { method: "POST", headers: { ...key, authorization: `Bearer ${login.data.token}`, "idempotency-key": `shop-${c}-${n}-${process.pid}` }, json: { items: [{ sku: "CAP-NAVY", quantity: 1 + (n % 2) }], currency: "USD" } });
          allow(rs, [200, 201, 409], "shop order key");
          const ids = new Set(ok(rs).map((r) => r.body.data.id));
          check(ids.size <= 1, `shop order key: ${ids.size} different orders`);
          const added = (await h!.db.order.count({ where: { customerId: people[c]!.id } })) - before;
          check(added === ids.size || (ids.size === 0 && added <= 1), `shop order key: ${added} orders in the database for one key`);
        },
      ],
    ];

    // the killer: KILLS times, a different app process is SIGKILLed, left dead for a moment, then started again
    const kills: { slot: number; at: number; backAt: number }[] = [];
    const killer = (async () => {
      for (let k = 0; k < KILLS; k++) {
        await sleep(Math.max(0, t0 + ((k + 0.5) * SECONDS * 1000) / (KILLS + 0.5) - 1500 - Date.now()));
        const index = k % APPS;
        const slot = slots[index]!;
        slot.alive = false;
        slot.killedAt = Date.now();
        slot.proc.child.kill("SIGKILL");
        await slot.proc.exited;
        spare.push(slot.proc);
        const at = slot.killedAt - t0;
        await sleep(1500); // the survivors carry the load alone
        const fresh = startServer(server!.bundle, slot.proc.port, { ...appEnv(), KASSA_ROLE: "api" });
        slot.proc = fresh;
        await waitForHealth(fresh.base);
        slot.killedAt = undefined;
        slot.gen++;
        slot.alive = true;
        kills.push({ slot: index, at, backAt: Date.now() - t0 });
      }
    })();

    const thrown: unknown[] = [];
    let abandoned = 0;
    await Promise.all(
      people.map(async (_, c) => {
        for (let n = 0; Date.now() - t0 < SECONDS * 1000; n++) {
          const [name, run] = kinds[(c + n) % kinds.length]!;
          try {
            await run(c, n);
            storms[name] = (storms[name] ?? 0) + 1;
          } catch (e) {
            if (e instanceof Abandon) abandoned++;
            else thrown.push(e);
            await sleep(50);
          }
        }
      }),
    );
    await killer;
    const loadMs = Date.now() - t0;
    expect(thrown.map(String)).toEqual([]);

    // every process answers after the run: the restarted ones (a request of their own each, in case a restart ended
    // with the load) and the worker
    for (let i = 0; i < APPS; i++) await send("medusa", "GET /store/regions", "/store/regions", { headers: pk }, i);
    expect((await fetch(`${worker!.base}/api/health`)).status).toBe(200);

    // every request to a process that was not killed under it got an HTTP answer; no 5xx but the documented 503
    const lost = sent.filter((r) => r.status === null && !r.victim);
    for (const r of lost) console.log("no answer from a survivor", r.slot, r.route, r.at, r.ms, r.error);
    expect(lost.length, "requests to surviving processes without an HTTP answer").toBe(0);
    const fiveHundreds = sent.filter((r) => r.status !== null && r.status >= 500 && r.status !== 503);
    expect(fiveHundreds.map((r) => `${r.route} ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`)).toEqual([]);
    for (const r of sent.filter((x) => x.status === 503)) {
      const [method, route] = r.route.split(" ");
      expect(undocumented(r.dialect, method!, route!, 503, r.body)).toEqual([]);
    }
    expect(problems).toEqual([]);
    // the kills happened under load, and the load went on through and after them
    expect(kills).toHaveLength(KILLS);
    for (const k of kills) {
      const others = sent.filter((r) => r.slot !== k.slot && r.status !== null && r.status < 300);
      expect(others.some((r) => r.at > k.at && r.at < k.backAt), `survivors answered while process ${k.slot} was down`).toBe(true);
      expect(sent.some((r) => r.slot === k.slot && r.at > k.backAt && r.status !== null && r.status < 300), `restarted process ${k.slot} served again`).toBe(true);
    }

    // the ledger: its SQL invariants, then the storms' own
    expect(await ledgerViolations(h!)).toEqual([]);
    checks++;
    const db = h!.db;
    const q = <T,>(sql: string) => db.$queryRawUnsafe<T[]>(sql);
    // exactly one live session on every collection whose sessions were stormed
    const cols = [...stormCollections].map((id) => `'${id}'`).join(",") || "''";
    const liveCounts = await q<{ id: string; live: bigint }>(`SELECT c.id, count(s.id) FILTER (WHERE s."liveForCollectionId" IS NOT NULL) AS live
      FROM "PaymentCollection" c JOIN "PaymentSession" s ON s."collectionId" = c.id WHERE c.id IN (${cols}) GROUP BY c.id`);
    expect(liveCounts.filter((r) => Number(r.live) !== 1).map((r) => `${r.id}: ${r.live} live sessions`)).toEqual([]);
    checks += liveCounts.length;
    // every completed cart: one order, one payment, authorized for the order's total (pp_system_default captures
    // later, if ever: what is captured is nothing or the total)
    const carts = [...completedCarts].map((id) => `'${id}'`).join(",") || "''";
    const money = await q<{ cart: string; orders: bigint; total: bigint | null; authorized: bigint | null; captured: bigint | null; live_payments: bigint }>(`
      SELECT ca.id AS cart, count(DISTINCT o.id) AS orders, max(o."totalMinor") AS total, sum(c."authorizedMinor")::bigint AS authorized, sum(c."capturedMinor")::bigint AS captured,
        (SELECT count(*) FROM "Payment" p JOIN "PaymentCollection" pc ON pc.id = p."collectionId" WHERE pc."cartId" = ca.id AND p.status <> 'canceled' AND p."authorizedMinor" > 0) AS live_payments
      FROM "Cart" ca LEFT JOIN "Order" o ON o."cartId" = ca.id LEFT JOIN "PaymentCollection" c ON c."orderId" = o.id
      WHERE ca.id IN (${carts}) GROUP BY ca.id`);
    expect(money.length).toBe(completedCarts.size);
    for (const m of money) {
      expect([m.cart, Number(m.orders), Number(m.live_payments), String(m.authorized), ["0", String(m.total)].includes(String(m.captured))]).toEqual([m.cart, 1, 1, String(m.total), true]);
      checks += 4;
    }
    // no charge twice anywhere: at most one authorized, uncanceled payment per collection
    const doubled = await q<{ id: string }>(`SELECT "collectionId" AS id FROM "Payment" WHERE "collectionId" IS NOT NULL AND status <> 'canceled' AND "authorizedMinor" > 0 GROUP BY 1 HAVING count(*) > 1`);
    expect(doubled).toEqual([]);
    checks++;
    // the worker ran the jobs the API processes enqueued, and none failed
    expect(await db.job.count({ where: { status: "failed" } })).toBe(0);
    checks++;

    // the check can fail: break one order's money, see it reported, put it back
    const victim = await db.paymentCollection.findFirstOrThrow({ where: { orderId: { not: null }, authorizedMinor: { gt: 0 } } });
    await db.paymentCollection.update({ where: { id: victim.id }, data: { authorizedMinor: victim.authorizedMinor + 1n } });
    expect((await ledgerViolations(h!)).length).toBeGreaterThan(0);
    await db.paymentCollection.update({ where: { id: victim.id }, data: { authorizedMinor: victim.authorizedMinor } });

    const byProcess = slots.map((_, i) => sent.filter((r) => r.slot === i).length);
    const victims = sent.filter((r) => r.victim);
    console.log(
      `[multi-process] ${LONG ? "long" : "short"}: ${CLIENTS} clients, ${(loadMs / 1000).toFixed(1)} s of load, ${sent.length} requests (per process ${byProcess.join(" / ")}), ` +
        `${Object.values(storms).reduce((a, b) => a + b, 0)} storms of ${FAN} (${Object.entries(storms).map(([k, v]) => `${k.split(":")[0]} ${v}`).join(", ")}), ${abandoned} abandoned, ` +
        `${kills.length} SIGKILLs (${kills.map((k) => `p${k.slot} at ${(k.at / 1000).toFixed(1)} s, back at ${(k.backAt / 1000).toFixed(1)} s`).join("; ")}), ` +
        `${victims.length} requests met a kill (${victims.filter((r) => r.status === null).length} unanswered), ${sent.filter((r) => r.status === 503).length} 503s, ` +
        `${sent.filter((r) => r.status === 409).length} 409s, ${sent.filter((r) => r.stuck).length} stuck-lane 503s after a kill, ${completedCarts.size} carts completed, ${checks} invariant checks, ${((Date.now() - t0) / 1000).toFixed(1)} s in all`,
    );
  }, (SECONDS + 120) * 1000);
});
