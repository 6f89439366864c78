// Outbound events end to end on the job queue's injected clock: events written with the change they describe, signed
// deliveries to a local receiver (500, 500, then 200: delivered once more each time, never after the 200), the retry
// schedule of a receiver that stays down (first retry within a minute, then doubling, disabled after three days), an
// outbox that survives a dead process, private targets and redirects refused, secret rotation, and the mails.
import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../db";
import { embeddedTestDb } from "../test/db";
import { checkoutPayment, setupCore, testClock } from "../test/fixtures";
import { createJobQueue } from "../jobs/queue";
import { jobHandlers } from "../jobs/handlers";
import type { StaffActor } from "../core/staff";
import { createEndpointAdmin } from "./endpoints";
import { verifySignature } from "./sign";
import { requestPasswordReset, resetPassword } from "../auth/password-reset";

type Hit = { eventId: string; type: string; subject: string; sequence: number; signature: string; body: string; status: number };

async function receiver(answer: (eventId: string, nth: number) => number | { redirect: string }) {
  const hits: Hit[] = [];
  const seen = new Map<string, number>();
  const server: Server = createServer(async (req: IncomingMessage, res) => {
    let body = "";
    for await (const c of req) body += c;
    const eventId = String(req.headers["kassa-event-id"] ?? "");
    const nth = (seen.get(eventId) ?? 0) + 1;
    seen.set(eventId, nth);
    const a = answer(eventId, nth);
    const parsed = body ? JSON.parse(body) : {};
    const status = typeof a === "number" ? a : 302;
    hits.push({ eventId, type: parsed.type, subject: parsed.subject, sequence: parsed.sequence, signature: String(req.headers["kassa-signature"] ?? ""), body, status });
    if (typeof a === "number") res.writeHead(a).end(a >= 400 ? "try later" : "ok");
    else res.writeHead(302, { location: a.redirect }).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, hits, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** The reset token in a mail file (quoted-printable decoded). */
function tokenIn(file: string): string {
  const text = readFileSync(file, "utf8").replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return decodeURIComponent(/reset-password\?token=([^\s]+)/.exec(text)![1]!);
}

const owner: StaffActor = { staffId: "", email: "owner@example.com", role: "owner", sessionId: null, ip: "", surface: "cli" };

describe("outbound events, webhooks and mails", () => {
  let h: DbHandle;
  let core: Awaited<ReturnType<typeof setupCore>>;
  const mailRoot = mkdtempSync(path.join(tmpdir(), "kassa-mail-"));
  const env = { ...process.env };

  beforeAll(async () => {
    process.env.KASSA_DATA_DIR = mailRoot;
    process.env.KASSA_WEBHOOK_ALLOW_PRIVATE = "1";
    h = await embeddedTestDb();
    core = await setupCore(h, { clock: testClock(new Date()) });
  }, 60_000);
  afterAll(async () => {
    process.env = env;
    await h?.close();
  });
  afterEach(async () => {
    await h.db.webhookEndpoint.updateMany({ data: { enabled: false } }); // each test's endpoints are its own
  });

  const queue = (workerId = "test-worker") => createJobQueue({ db: h.db, now: core.clock.now, handlers: jobHandlers(core.kassa).handlers, workerId });
  /** Run due jobs, then move the clock to the next queued job's time; `rounds` times. */
  async function drain(rounds: number, q = queue()) {
    for (let i = 0; i < rounds; i++) {
      await q.runDue({ limit: 500 });
      const next = await h.db.job.findFirst({ where: { status: "queued", name: { in: ["webhook.deliver", "outbox.dispatch", "email.order_confirmation", "email.refund_notice", "email.password_reset"] } }, orderBy: { runAt: "asc" } });
      if (!next) return;
      if (next.runAt > core.clock.now()) core.clock.advance(next.runAt.getTime() - core.clock.now().getTime());
    }
  }

  it("a checkout's events reach the receiver signed; 500, 500, then 200 delivers each event three times and never again", async () => {
    const r = await receiver((_id, nth) => (nth <= 2 ? 500 : 200));
    const ep = await createEndpointAdmin(h.db, core.clock.now).create(owner, { url: r.url, events: ["order.placed", "order.paid", "payment.authorized", "payment.captured"] });
    const paymentId = await checkoutPayment(core.kassa, { currency: "USD" }); // automatic capture
    const events = await h.db.outboxEvent.findMany({ where: { subjectId: paymentId }, orderBy: { sequence: "asc" } });
    expect(events.map((e) => [e.type, e.sequence])).toEqual([["payment.authorized", 1], ["payment.captured", 2]]);
    const order = await h.db.order.findFirstOrThrow({ where: { collections: { some: { payments: { some: { id: paymentId } } } } } });
    expect((await h.db.outboxEvent.findMany({ where: { subjectId: order.id }, orderBy: { sequence: "asc" } })).map((e) => e.type)).toEqual(["order.placed", "order.paid"]);

    await drain(20);
    const mine = r.hits.filter((x) => x.subject === paymentId || x.subject === order.id);
    const ids = [...new Set(mine.map((x) => x.eventId))];
    expect(ids).toHaveLength(4);
    for (const id of ids) expect(mine.filter((x) => x.eventId === id).map((x) => x.status)).toEqual([500, 500, 200]);
    const paid = mine.find((x) => x.type === "order.paid" && x.status === 200)!;
    expect(verifySignature(paid.body, paid.signature, ep.secret, Math.floor(core.clock.now().getTime() / 1000), 3600)).toBe(true);
    expect(verifySignature(paid.body, paid.signature, "whsec_wrong", Math.floor(core.clock.now().getTime() / 1000), 3600)).toBe(false);
    expect(JSON.parse(paid.body)).toMatchObject({ type: "order.paid", api_version: "2026-12-04", data: { order: { id: order.id, number: order.number, currency: "USD", total: 5600, payment_status: "paid" } } });
    const deliveries = await h.db.webhookDelivery.findMany({ where: { endpointId: ep.id } });
    expect(deliveries.every((d) => d.status === "succeeded" && d.attempts === 3)).toBe(true);
    // the first retry came within a minute
    const log = await h.db.webhookAttempt.findMany({ where: { deliveryId: deliveries[0]!.id }, orderBy: { at: "asc" } });
    expect(log[1]!.at.getTime() - log[0]!.at.getTime()).toBeLessThanOrEqual(60_000);
    await drain(5);
    expect(r.hits.filter((x) => ids.includes(x.eventId))).toHaveLength(12); // nothing after the 200s
    // the order confirmation was mailed (no SMTP configured: an .eml file)
    const mail = await h.db.emailMessage.findUniqueOrThrow({ where: { kind_relatedId: { kind: "order_confirmation", relatedId: order.id } } });
    expect(mail).toMatchObject({ status: "sent", to: "guest@example.com", subject: `Your order ${order.number}` });
    expect(readFileSync(mail.file!, "utf8")).toContain("Total: $56.00");
    await r.close();
  });

  it("a receiver that stays down is retried on a doubling schedule and its endpoint disabled after three days", async () => {
    const r = await receiver(() => 503);
    const ep = await createEndpointAdmin(h.db, core.clock.now).create(owner, { url: r.url, events: ["payment.authorized"] });
    const start = core.clock.now().getTime();
    await checkoutPayment(core.kassa, { currency: "EUR" }); // authorized only
    await drain(200);
    const endpoint = await h.db.webhookEndpoint.findUniqueOrThrow({ where: { id: ep.id } });
    expect(endpoint.enabled).toBe(false);
    expect(endpoint.disabledReason).toMatch(/failed for 3 days/);
    const [d] = await h.db.webhookDelivery.findMany({ where: { endpointId: ep.id } });
    expect(d!.status).toBe("failed");
    const at = (await h.db.webhookAttempt.findMany({ where: { deliveryId: d!.id }, orderBy: { at: "asc" } })).map((a) => a.at.getTime());
    const gaps = at.slice(1).map((t, i) => t - at[i]!);
    expect(gaps[0]).toBeGreaterThanOrEqual(24_000);
    expect(gaps[0]).toBeLessThanOrEqual(36_000);
    for (let i = 1; i < gaps.length; i++) if (gaps[i]! < 9 * 3600_000) expect(gaps[i]! / gaps[i - 1]!).toBeGreaterThan(1.3); // doubling (±20 %) up to the 12 h cap
    expect(at.at(-1)! - at[0]!).toBeLessThanOrEqual(3 * 24 * 3600_000);
    expect(at.at(-1)! - start).toBeGreaterThan(2 * 24 * 3600_000);
    expect(r.hits.length).toBe(at.length);
    await r.close();
  });

  it("events outlive the process that wrote them: a new worker delivers them, also a delivery whose worker died mid-run", async () => {
    const r = await receiver(() => 200);
    await createEndpointAdmin(h.db, core.clock.now).create(owner, { url: r.url, events: ["payment.captured"] });
    const paymentId = await checkoutPayment(core.kassa, { currency: "USD" });
    // the process that wrote the payment is gone before any job ran: its jobs are rows, like the event
    await createJobQueue({ db: h.db, now: core.clock.now, handlers: jobHandlers(core.kassa).handlers, workerId: "worker-after-restart", names: ["outbox.dispatch"] }).runDue({ limit: 500 });
    const job = await h.db.job.findFirstOrThrow({ where: { name: "webhook.deliver", status: "queued" } });
    // a worker claims the delivery and dies (its lease runs out)
    await h.db.job.update({ where: { id: job.id }, data: { status: "running", lockedBy: "dead-worker", lockedUntil: new Date(core.clock.now().getTime() - 1), attempts: 1 } });
    await drain(5, queue("another-worker"));
    const got = r.hits.filter((x) => x.subject === paymentId);
    expect(got.map((x) => x.type)).toEqual(["payment.captured"]);
    await r.close();
  });

  it("refuses private targets unless allowed, and does not follow redirects", async () => {
    const admin = createEndpointAdmin(h.db, core.clock.now);
    delete process.env.KASSA_WEBHOOK_ALLOW_PRIVATE;
    for (const url of ["http://127.0.0.1:9/x", "http://10.1.2.3/x", "http://[::1]/x", "http://169.254.169.254/latest", "http://localhost/x", "ftp://example.com/x", "http://user:pw@example.com/x"]) {
      await expect(admin.create(owner, { url, events: ["order.paid"] }), url).rejects.toMatchObject({ code: "validation" });
    }
    process.env.KASSA_WEBHOOK_ALLOW_PRIVATE = "1";
    const target = await receiver(() => 200);
    const r = await receiver(() => ({ redirect: target.url }));
    const ep = await admin.create(owner, { url: r.url, events: ["payment.captured"] });
    // an endpoint saved while allowed is still refused at delivery once private targets are not
    delete process.env.KASSA_WEBHOOK_ALLOW_PRIVATE;
    await checkoutPayment(core.kassa, { currency: "USD" });
    await core.kassa.deps.db.job.count(); // (events are queued)
    await queue().runDue({ limit: 500 });
    const [refused] = await h.db.webhookDelivery.findMany({ where: { endpointId: ep.id } });
    expect(refused!.lastError).toMatch(/refused: 127\.0\.0\.1 is a private or loopback address/);
    expect(r.hits).toHaveLength(0);
    process.env.KASSA_WEBHOOK_ALLOW_PRIVATE = "1";
    await drain(2);
    const d = await h.db.webhookDelivery.findUniqueOrThrow({ where: { id: refused!.id } });
    expect(d.lastStatus).toBe(302);
    expect(d.lastError).toMatch(/redirect to .* not followed/);
    expect(d.status).toBe("pending"); // a failure, retried later
    expect(target.hits).toHaveLength(0);
    await r.close();
    await target.close();
  });

  it("a rotated secret signs alongside the new one during the grace period", async () => {
    const r = await receiver(() => 200);
    const admin = createEndpointAdmin(h.db, core.clock.now);
    const ep = await admin.create(owner, { url: r.url, events: ["payment.captured"] });
    const rotated = await admin.rotate(owner, ep.id);
    await checkoutPayment(core.kassa, { currency: "USD" });
    await drain(5);
    const hit = r.hits.at(-1)!;
    const now = Math.floor(core.clock.now().getTime() / 1000);
    expect(verifySignature(hit.body, hit.signature, ep.secret, now, 3600)).toBe(true);
    expect(verifySignature(hit.body, hit.signature, rotated.secret, now, 3600)).toBe(true);
    expect(hit.signature.split(",").filter((p) => p.startsWith("v1="))).toHaveLength(2);
    await r.close();
  });

  it("mails a password-reset link that works once and expires; the refund notice too", async () => {
    await requestPasswordReset(h.db, core.kassa.deps.jobs, "alice@example.com", core.clock.now);
    await requestPasswordReset(h.db, core.kassa.deps.jobs, "nobody@example.com", core.clock.now); // same answer, no mail
    await drain(3);
    const mail = await h.db.emailMessage.findFirstOrThrow({ where: { kind: "password_reset", to: "alice@example.com" } });
    const token = tokenIn(mail.file!);
    expect(await h.db.emailMessage.count({ where: { to: "nobody@example.com" } })).toBe(0);
    await expect(resetPassword(h.db, `${token}x`, "a new password", core.clock.now)).rejects.toMatchObject({ code: "validation" });
    await resetPassword(h.db, token, "a new password", core.clock.now);
    await expect(resetPassword(h.db, token, "another password", core.clock.now)).rejects.toMatchObject({ code: "validation" }); // used
    await requestPasswordReset(h.db, core.kassa.deps.jobs, "alice@example.com", core.clock.now);
    await drain(3);
    const second = await h.db.emailMessage.findFirstOrThrow({ where: { kind: "password_reset", to: "alice@example.com", id: { not: mail.id } } });
    const token2 = tokenIn(second.file!);
    core.clock.advance(61 * 60_000);
    await expect(resetPassword(h.db, token2, "too late password", core.clock.now)).rejects.toMatchObject({ code: "validation" }); // expired

    // a staff refund mails the shopper a notice
    const id = await checkoutPayment(core.kassa, { currency: "USD", email: "refund-me@example.com" });
    await core.kassa.merchant.refund({ ...owner, role: "operator" }, id, { amount: 500 });
    await drain(5);
    const notice = await h.db.emailMessage.findFirstOrThrow({ where: { kind: "refund_notice", to: "refund-me@example.com" } });
    expect(readFileSync(notice.file!, "utf8")).toContain("We refunded $5.00");
    expect(readdirSync(path.join(mailRoot, "mail")).length).toBeGreaterThanOrEqual(3);
  });
});
