// Delivering events: the fan-out of an outbox event to the endpoints that want it (and to the mails it causes), and one
// signed POST per delivery — at least once, retried with exponential backoff and jitter (the first retry within a
// minute, then doubling) for up to three days; after that the endpoint is disabled and owners see why in the console.
// A 10 s timeout; redirects are not followed (a 3xx is a failure); private targets are refused (./target.ts).
import http from "node:http";
import https from "node:https";
import { isIP } from "node:net";
import type { Db, Tx } from "../db";
import type { JobEnqueuer } from "../core/deps";
import { newId } from "../core/ids";
import { allowPrivateTargets, guardedLookup, isPrivateAddress } from "./target";
import { signature } from "./sign";

export const RETRY_WINDOW_MS = 3 * 24 * 3600_000;
const RETRY_CAP_MS = 12 * 3600_000;
const TIMEOUT_MS = Number(process.env.KASSA_WEBHOOK_TIMEOUT_MS || 10_000);
const EXCERPT = 500;

/** The first retry's base delay: 30 s by default ("within a minute", with ±20 % jitter); tests make it shorter. */
export function retryBaseMs(): number {
  return Number(process.env.KASSA_WEBHOOK_RETRY_BASE_MS || 30_000);
}

/** The wait before retry number `failures` (1, 2, …): base, then doubling, capped at 12 h, ±20 % jitter. */
export function retryDelayMs(failures: number, random: () => number = Math.random): number {
  const base = Math.min(RETRY_CAP_MS, retryBaseMs() * 2 ** Math.min(Math.max(failures - 1, 0), 30));
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** What a receiver gets: the event as one JSON object. */
export function eventBody(e: { id: string; type: string; createdAt: Date; apiVersion: string; sequence: number; subjectId: string; payload: unknown }): string {
  return JSON.stringify({ id: e.id, type: e.type, created: Math.floor(e.createdAt.getTime() / 1000), api_version: e.apiVersion, sequence: e.sequence, subject: e.subjectId, data: e.payload });
}

type PostResult = { status: number | null; durationMs: number; response: string; error: string | null };

/** One POST, with the guarded lookup, a timeout, no redirects; never throws. */
export function postEvent(url: string, body: string, headers: Record<string, string>, timeoutMs = TIMEOUT_MS): Promise<PostResult> {
  const started = performance.now();
  const done = (r: Omit<PostResult, "durationMs">): PostResult => ({ ...r, durationMs: Math.round(performance.now() - started) });
  return new Promise((resolve) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return resolve(done({ status: null, response: "", error: "invalid URL" }));
    }
    const host = target.hostname.replace(/^\[|\]$/g, "");
    if (isIP(host) && isPrivateAddress(host) && !allowPrivateTargets()) {
      return resolve(done({ status: null, response: "", error: `refused: ${host} is a private or loopback address` }));
    }
    const lib = target.protocol === "https:" ? https : http;
    const req = lib.request(
      target,
      { method: "POST", headers: { ...headers, "content-type": "application/json", "content-length": String(Buffer.byteLength(body)), "user-agent": "Kassa-Webhooks/1" }, lookup: guardedLookup as never, timeout: timeoutMs },
      (res) => {
        let text = "";
        const status = res.statusCode ?? 0;
        const redirect = status >= 300 && status < 400 ? `redirect to ${res.headers.location ?? "?"} not followed` : null;
        const finish = () => {
          clearTimeout(deadline);
          resolve(done({ status, response: text.slice(0, EXCERPT), error: redirect }));
        };
        res.setEncoding("utf8");
        res.on("data", (c: string) => {
          text += c;
          if (text.length >= EXCERPT) {
            res.destroy(); // the excerpt is all we keep: a receiver cannot hold the worker by talking on
            finish();
          }
        });
        res.on("end", finish);
        res.on("error", (e) => resolve(done({ status: res.statusCode ?? null, response: text.slice(0, EXCERPT), error: e.message })));
      },
    );
    // one deadline for the whole exchange (the socket's idle timeout alone lets a slow receiver drip forever)
    const deadline = setTimeout(() => req.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    req.on("timeout", () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on("error", (e) => {
      clearTimeout(deadline);
      resolve(done({ status: null, response: "", error: e.message }));
    });
    req.end(body);
  });
}

export function createDelivery(deps: { db: Db; jobs: JobEnqueuer; now: () => Date }) {
  const { db, jobs, now } = deps;

  async function enqueueDelivery(tx: Tx | Db, deliveryId: string, runAt?: Date) {
    await jobs.enqueue(tx, { name: "webhook.deliver", key: deliveryId, payload: { deliveryId }, runAt, maxAttempts: 1000 });
  }

  /**
   * Fan an event out, once (the event row is locked and marked dispatched in the same transaction): a delivery per
   * enabled endpoint that wants its type, and the mails it causes.
   */
  async function dispatch(eventId: string): Promise<void> {
    await db.$transaction(async (tx) => {
      const [ev] = await tx.$queryRaw<{ id: string; type: string; subjectId: string; dispatchedAt: Date | null }[]>`
        SELECT id, type, "subjectId", "dispatchedAt" FROM "OutboxEvent" WHERE id = ${eventId} FOR UPDATE`;
      if (!ev || ev.dispatchedAt) return;
      const at = now();
      const endpoints = await tx.webhookEndpoint.findMany({ where: { enabled: true, events: { has: ev.type } }, select: { id: true } });
      for (const e of endpoints) {
        const id = newId("whd");
        await tx.webhookDelivery.create({ data: { id, endpointId: e.id, eventId: ev.id, status: "pending", nextAttemptAt: at, createdAt: at } });
        await enqueueDelivery(tx, id);
      }
      if (ev.type === "order.placed") await jobs.enqueue(tx, { name: "email.order_confirmation", key: ev.subjectId, payload: { orderId: ev.subjectId } });
      if (ev.type === "payment.refunded") await jobs.enqueue(tx, { name: "email.refund_notice", key: ev.id, payload: { eventId: ev.id } });
      await tx.outboxEvent.update({ where: { id: ev.id }, data: { dispatchedAt: at } });
    });
  }

  /** Events still undispatched (their dispatch job gave up, e.g. through a long database outage): the sweep's work. */
  async function dispatchPending(limit = 500): Promise<number> {
    const pending = await db.outboxEvent.findMany({ where: { dispatchedAt: null }, orderBy: { createdAt: "asc" }, take: limit, select: { id: true } });
    for (const e of pending) await dispatch(e.id);
    return pending.length;
  }

  /** One attempt of one delivery. Answers when to try again (the job queue's clock), or nothing when finished. */
  async function deliver(deliveryId: string, at: Date): Promise<void | { retryInMs: number }> {
    const d = await db.webhookDelivery.findUnique({ where: { id: deliveryId }, include: { endpoint: true } });
    if (!d || d.status !== "pending") return;
    if (!d.endpoint.enabled) {
      await db.webhookDelivery.update({ where: { id: d.id }, data: { status: "skipped", lastError: "endpoint disabled" } });
      return;
    }
    const ev = await db.outboxEvent.findUniqueOrThrow({ where: { id: d.eventId } });
    const body = eventBody(ev);
    const secrets = [d.endpoint.secret, ...(d.endpoint.previousSecret && d.endpoint.previousSecretUntil && d.endpoint.previousSecretUntil > at ? [d.endpoint.previousSecret] : [])];
    const t = Math.floor(at.getTime() / 1000);
    const r = await postEvent(d.endpoint.url, body, { "kassa-signature": signature(body, secrets, t), "kassa-event-id": ev.id });
    const ok = r.status !== null && r.status >= 200 && r.status < 300 && !r.error;
    const first = d.firstAttemptAt ?? at;
    const attempts = d.attempts + 1;
    const wait = retryDelayMs(attempts);
    const giveUp = !ok && at.getTime() + wait - first.getTime() > RETRY_WINDOW_MS;
    const recorded = await db.$transaction(async (tx) => {
      await tx.webhookAttempt.create({ data: { id: newId("wha"), deliveryId: d.id, at, status: r.status, durationMs: r.durationMs, response: r.response, error: r.error } });
      // only if nobody restarted the delivery meanwhile (a resend): then its fresh schedule stands
      const u = await tx.webhookDelivery.updateMany({
        where: { id: d.id, status: "pending", attempts: d.attempts },
        data: {
          attempts, firstAttemptAt: first, lastStatus: r.status, lastDurationMs: r.durationMs, lastResponse: r.response, lastError: r.error,
          ...(ok ? { status: "succeeded", deliveredAt: at, nextAttemptAt: null } : giveUp ? { status: "failed", nextAttemptAt: null } : { nextAttemptAt: new Date(at.getTime() + wait) }),
        },
      });
      if (u.count !== 1) return false;
      if (giveUp) {
        // three days of failures: the endpoint is switched off, and the console says why
        await tx.webhookEndpoint.updateMany({ where: { id: d.endpointId, enabled: true }, data: { enabled: false, disabledAt: at, disabledReason: `deliveries failed for 3 days (last: ${r.error ?? `HTTP ${r.status}`})` } });
      }
      return true;
    });
    if (!recorded) return { retryInMs: 0 }; // restarted meanwhile: run again on its new state
    return ok || giveUp ? undefined : { retryInMs: wait };
  }

  return { dispatch, dispatchPending, deliver, enqueueDelivery };
}

export type Delivery = ReturnType<typeof createDelivery>;
