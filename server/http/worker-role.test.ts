// Kassa's production server as a real process in its worker role (KASSA_ROLE=worker): no pages and no REST, only
// /api/health; it runs the app's jobs (the recurring reconciliation sweeps are enqueued and run at start) and stops
// cleanly on SIGTERM after the run in progress. On an embedded database of its own, so it touches no shared data.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { afterAll, describe, expect, inject, it } from "vitest";
import { openDatabase } from "../db";
import { buildTestServer, freePort, startServer, waitForHealth } from "../test/processes";

describe("the production server, worker role", () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "kassa-worker-"));
  let server: Awaited<ReturnType<typeof buildTestServer>> | undefined;
  afterAll(() => {
    server?.remove();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("answers only its health, runs the scheduled jobs, and exits 0 on SIGTERM", async () => {
    // the run's migrated template, unpacked into this process's own data folder
    const template = await PGlite.create({ dataDir: path.join(dataDir, "pglite"), loadDataDir: new Blob([readFileSync(inject("embeddedTemplate"))]) });
    await template.close();
    server = await buildTestServer("worker-test");
    const { child, exited, base } = startServer(server.bundle, await freePort(), { KASSA_DATA_DIR: dataDir, KASSA_ROLE: "worker", DATABASE_URL: undefined });
    try {
      await waitForHealth(base); // up to a minute: on a loaded 2-core CI machine the embedded start is slow
      for (const p of ["/store/regions", "/api/v1/shop/orders/x", "/checkout", "/api/trpc/cart.get"]) {
        const r = await fetch(`${base}${p}`, { headers: { "x-publishable-api-key": "pk_kassa_demo" } });
        expect([p, r.status, ((await r.json()) as { message: string }).message]).toEqual([p, 404, "Not found: this Kassa process runs background jobs only (KASSA_ROLE=worker)."]);
      }
    } finally {
      child.kill("SIGTERM"); // the worker's first run started with the process: stop() lets it finish
    }
    expect(await exited).toBe(0);

    const h = openDatabase({ dataDir: path.join(dataDir, "pglite") });
    try {
      const jobs = await h.db.job.findMany({ orderBy: [{ name: "asc" }, { createdAt: "asc" }] });
      const byName: Record<string, typeof jobs> = {};
      for (const j of jobs) (byName[j.name] ??= []).push(j);
      expect(Object.keys(byName).sort()).toEqual(["outbox.sweep", "reconcile.events", "reconcile.flagged", "reconcile.operations", "reconcile.sessions", "retention.sweep"]);
      for (const [name, rows] of Object.entries(byName)) {
        // the first run finished and the next one waits its turn
        expect([name, rows.map((j) => [j.status, j.attempts, j.lastError])]).toEqual([name, [["done", 1, null], ["queued", 0, null]]]);
      }
    } finally {
      await h.close();
    }
  }, 120_000);
});
