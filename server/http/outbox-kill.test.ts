// Outbound events survive killed processes (real ones, SIGKILL): an API process takes a Medusa checkout and dies
// before anything is delivered; a worker starts delivering and dies mid-request; a fresh worker delivers every event.
// On an embedded database of its own (each process opens it in turn), so it touches no shared data.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { afterAll, describe, expect, inject, it } from "vitest";
import { seed } from "../../prisma/seed";
import { openDatabase } from "../db";
import { createEndpointAdmin } from "../outbound/endpoints";
import { buildTestServer, freePort, startServer, waitForHealth, type ServerProcess } from "../test/processes";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("outbound events and killed processes", () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "kassa-outbox-kill-"));
  let server: Awaited<ReturnType<typeof buildTestServer>> | undefined;
  let port = 0;
  let base = "";
  const children: ServerProcess[] = [];
  afterAll(() => {
    for (const c of children) c.child.kill("SIGKILL");
    server?.remove();
    rmSync(dataDir, { recursive: true, force: true });
  });

  function start(role: "api" | "worker") {
    const p = startServer(server!.bundle, port, {
      KASSA_DATA_DIR: dataDir, KASSA_ROLE: role, DATABASE_URL: undefined,
      KASSA_WEBHOOK_ALLOW_PRIVATE: "1", KASSA_WEBHOOK_RETRY_BASE_MS: "500", KASSA_JOB_LEASE_MS: "2000",
    });
    children.push(p);
    return p;
  }
  const up = () => waitForHealth(base);

  it("an API process killed after a checkout and a worker killed mid-delivery lose no event", async () => {
    const template = await PGlite.create({ dataDir: path.join(dataDir, "pglite"), loadDataDir: new Blob([readFileSync(inject("embeddedTemplate"))]) });
    await template.close();
    server = await buildTestServer("outbox-kill");
    port = await freePort();
    base = `http://127.0.0.1:${port}`;

    // a receiver that hangs on its first request (the worker dies while waiting), then answers 200
    const hits: { id: string; type: string; answered: boolean }[] = [];
    const receiver = createServer(async (req, res) => {
      let body = "";
      for await (const c of req) body += c;
      const first = hits.length === 0;
      hits.push({ id: String(req.headers["kassa-event-id"]), type: JSON.parse(body).type, answered: !first });
      if (!first) res.writeHead(200).end("ok");
    });
    await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", () => r()));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;

    const prepare = openDatabase({ dataDir: path.join(dataDir, "pglite") });
    await seed(prepare.db);
    process.env.KASSA_WEBHOOK_ALLOW_PRIVATE = "1";
    await createEndpointAdmin(prepare.db).create({ staffId: "", email: "test", role: "owner", sessionId: null, ip: "", surface: "cli" }, { url, events: ["payment.authorized", "order.placed"] });
    delete process.env.KASSA_WEBHOOK_ALLOW_PRIVATE;
    await prepare.close();

    // 1. an API process (no worker) takes a checkout through Medusa's routes, then is killed
    const api = start("api");
    await up();
    const pk = { "content-type": "application/json", "x-publishable-api-key": "pk_kassa_demo" };
    const json = async (p: string, init: RequestInit = {}) => (await fetch(base + p, { ...init, headers: pk })).json() as Promise<any>;
    const region = (await json("/store/regions")).regions.find((r: { currency_code: string }) => r.currency_code === "usd");
    const variant = (await json(`/store/products?region_id=${region.id}`)).products.flatMap((p: { variants: { id: string; sku: string }[] }) => p.variants).find((v: { sku: string }) => v.sku === "MUG-WHITE");
    const cart = (await json("/store/carts", { method: "POST", body: JSON.stringify({ region_id: region.id, email: "killed@example.com" }) })).cart;
    await json(`/store/carts/${cart.id}/line-items`, { method: "POST", body: JSON.stringify({ variant_id: variant.id, quantity: 1 }) });
    const col = (await json("/store/payment-collections", { method: "POST", body: JSON.stringify({ cart_id: cart.id }) })).payment_collection;
    await json(`/store/payment-collections/${col.id}/payment-sessions`, { method: "POST", body: JSON.stringify({ provider_id: "pp_system_default" }) });
    const done = await json(`/store/carts/${cart.id}/complete`, { method: "POST", body: "" });
    expect(done.type).toBe("order");
    api.child.kill("SIGKILL");
    await api.exited;
    expect(hits).toHaveLength(0);

    // 2. a worker starts delivering and is killed while the receiver holds its first request
    const w1 = start("worker");
    for (let i = 0; i < 150 && hits.length === 0; i++) await sleep(100);
    expect(hits).toHaveLength(1);
    w1.child.kill("SIGKILL");
    await w1.exited;

    // 3. a fresh worker delivers every event (the interrupted one again, once its dead worker's lease ran out)
    const w2 = start("worker");
    for (let i = 0; i < 200 && new Set(hits.filter((h) => h.answered).map((h) => h.type)).size < 2; i++) await sleep(100);
    w2.child.kill("SIGTERM");
    await w2.exited;
    receiver.close();
    const answered = hits.filter((h) => h.answered);
    expect(new Set(answered.map((h) => h.type))).toEqual(new Set(["payment.authorized", "order.placed"]));
    expect(answered.map((h) => h.id)).toContain(hits[0]!.id); // the one in flight when its worker died

    const h = openDatabase({ dataDir: path.join(dataDir, "pglite") });
    try {
      expect(await h.db.outboxEvent.count({ where: { dispatchedAt: null } })).toBe(0);
      const deliveries = await h.db.webhookDelivery.findMany();
      expect(deliveries.map((d) => d.status).sort()).toEqual(["succeeded", "succeeded"]);
    } finally {
      await h.close();
    }
  }, 180_000);
});
