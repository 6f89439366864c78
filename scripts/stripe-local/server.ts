// A small Stripe-compatible server for tests and offline demos (the real API is unreachable from our machines).
// It implements what Kassa's Stripe provider uses — PaymentIntents create/retrieve/update/confirm/capture/cancel,
// refunds create/list — with Stripe-shaped errors and Idempotency-Key replay, and delivers signed webhook events
// (through the real SDK's test header) to a configured URL, with optional duplicates, delays and reordering.
// It is a test tool: state lives in memory and dies with the process.
import { createHash, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";

type Json = Record<string, unknown>;
type Intent = Json & { id: string; amount: number; currency: string; status: string; amount_capturable: number; amount_received: number; metadata: Json };
type Refund = Json & { id: string; amount: number; payment_intent: string; charge: string; status: string };
export type WebhookConfig = { url: string; secret: string; duplicates?: number; delayMs?: number; hold?: boolean };

/** Test payment methods, named as Stripe's: pm_card_visa succeeds; the others decline, need an action, or settle later. */
export const TEST_PAYMENT_METHODS: Record<string, { outcome: "success" | "decline" | "action" | "async"; decline_code?: string; brand: string; last4: string }> = {
  pm_card_visa: { outcome: "success", brand: "visa", last4: "4242" },
  pm_card_mastercard: { outcome: "success", brand: "mastercard", last4: "4444" },
  pm_card_chargeDeclined: { outcome: "decline", decline_code: "generic_decline", brand: "visa", last4: "0002" },
  pm_card_chargeDeclinedInsufficientFunds: { outcome: "decline", decline_code: "insufficient_funds", brand: "visa", last4: "9995" },
  pm_card_threeDSecure2Required: { outcome: "action", brand: "visa", last4: "3155" },
  pm_card_kassa_async: { outcome: "async", brand: "visa", last4: "0077" },
};

const id = (prefix: string) => `${prefix}_${randomBytes(12).toString("base64url").replace(/[-_]/g, "x")}`;
const now = () => Math.floor(Date.now() / 1000);

/** Decode Stripe's form encoding (`metadata[order_id]=9&expand[0]=x`) into nested objects. */
export function parseForm(body: string): Json {
  const out: Json = {};
  for (const pair of body.split("&")) {
    if (!pair) continue;
    const [rawKey, rawValue = ""] = pair.split("=");
    const key = decodeURIComponent(rawKey!.replace(/\+/g, " "));
    const value = decodeURIComponent(rawValue.replace(/\+/g, " "));
    const path = key.match(/[^[\]]+/g) ?? [key];
    let node: Json = out;
    path.forEach((part, i) => {
      if (i === path.length - 1) node[part] = value;
      else node = (node[part] ??= {}) as Json;
    });
  }
  return out;
}

class StripeError extends Error {
  constructor(public status: number, public body: Json) {
    super(String((body.error as Json)?.message ?? "error"));
  }
}

const invalid = (message: string, code?: string, param?: string, extra: Json = {}) =>
  new StripeError(400, { error: { type: "invalid_request_error", message, ...(code ? { code } : {}), ...(param ? { param } : {}), ...extra } });

export function createStripeLocal(opts: { webhook?: WebhookConfig; asyncSettleMs?: number } = {}) {
  const intents = new Map<string, Intent>();
  const refunds = new Map<string, Refund>();
  const idempotency = new Map<string, { fingerprint: string; status: number; body: string }>();
  const events: Json[] = [];
  let webhook: WebhookConfig | undefined = opts.webhook;
  let held: Json[] = [];
  const signer = new Stripe("sk_test_local");
  const timers = new Set<NodeJS.Timeout>();

  async function post(event: Json) {
    if (!webhook) return;
    const payload = JSON.stringify(event);
    const header = signer.webhooks.generateTestHeaderString({ payload, secret: webhook.secret });
    const copies = Math.max(1, webhook.duplicates ?? 1);
    await Promise.all(
      Array.from({ length: copies }, () =>
        fetch(webhook!.url, { method: "POST", headers: { "content-type": "application/json", "stripe-signature": header }, body: payload }).catch(() => undefined),
      ),
    );
  }

  function emit(type: string, object: Json) {
    const event = { id: id("evt"), object: "event", api_version: "2026-10-28.endive", created: now(), type, livemode: false, pending_webhooks: 1, data: { object: structuredClone(object) } };
    events.push(event);
    if (!webhook) return;
    if (webhook.hold) held.push(event);
    else if (webhook.delayMs) {
      const t = setTimeout(() => {
        timers.delete(t);
        void post(event);
      }, webhook.delayMs);
      timers.add(t);
    } else void post(event);
  }

  function intent(pid: string): Intent {
    const pi = intents.get(pid);
    if (!pi) throw new StripeError(404, { error: { type: "invalid_request_error", code: "resource_missing", param: "intent", message: `No such payment_intent: '${pid}'` } });
    return pi;
  }

  function toInt(v: unknown, param: string): number {
    const n = Number(v);
    if (typeof v !== "string" || !/^\d+$/.test(v) || !Number.isSafeInteger(n)) throw invalid(`Invalid integer: ${String(v)}`, "parameter_invalid_integer", param);
    return n;
  }

  function createIntent(p: Json): Intent {
    const amount = toInt(p.amount, "amount");
    if (amount < 1) throw invalid("Amount must be at least 1", "amount_too_small", "amount");
    if (typeof p.currency !== "string" || !/^[a-z]{3}$/.test(p.currency)) throw invalid("Invalid currency", "parameter_invalid_string", "currency");
    const pid = id("pi");
    const pi: Intent = {
      id: pid, object: "payment_intent", amount, amount_capturable: 0, amount_received: 0, amount_details: { tip: {} },
      automatic_payment_methods: p.automatic_payment_methods ? { enabled: true } : null, canceled_at: null, cancellation_reason: null,
      capture_method: p.capture_method === "manual" ? "manual" : "automatic_async", client_secret: `${pid}_secret_${randomBytes(12).toString("hex")}`,
      confirmation_method: "automatic", created: now(), currency: p.currency, customer: null, description: (p.description as string) ?? null,
      last_payment_error: null, latest_charge: null, livemode: false, metadata: (p.metadata as Json) ?? {}, next_action: null,
      payment_method: null, payment_method_types: ["card"], receipt_email: (p.receipt_email as string) ?? null, status: "requires_payment_method",
    };
    intents.set(pid, pi);
    emit("payment_intent.created", pi);
    if (p.payment_method && p.confirm === "true") confirm(pi, p);
    return pi;
  }

  function succeed(pi: Intent) {
    const charge = id("ch");
    pi.latest_charge = charge;
    pi.last_payment_error = null;
    pi.next_action = null;
    if (pi.capture_method === "manual") {
      pi.status = "requires_capture";
      pi.amount_capturable = pi.amount;
      emit("payment_intent.amount_capturable_updated", pi);
    } else {
      pi.status = "succeeded";
      pi.amount_received = pi.amount;
      emit("charge.succeeded", { id: charge, object: "charge", amount: pi.amount, currency: pi.currency, payment_intent: pi.id, status: "succeeded", amount_refunded: 0 });
      emit("payment_intent.succeeded", pi);
    }
  }

  function fail(pi: Intent, code: string, decline_code: string | undefined, message: string, pm: string) {
    const charge = code === "card_declined" ? id("ch") : undefined;
    pi.status = "requires_payment_method";
    pi.next_action = null;
    pi.last_payment_error = { type: "card_error", code, ...(decline_code ? { decline_code } : {}), message, ...(charge ? { charge } : {}), payment_method: { id: pm, object: "payment_method", type: "card" } };
    if (charge) pi.latest_charge = charge;
    emit("payment_intent.payment_failed", pi);
  }

  function confirm(pi: Intent, p: Json): Intent {
    if (!["requires_payment_method", "requires_confirmation"].includes(pi.status)) {
      throw invalid(`This PaymentIntent's status is ${pi.status}, so it cannot be confirmed.`, "payment_intent_unexpected_state", undefined, { payment_intent: pi });
    }
    const pmId = String(p.payment_method ?? pi.payment_method ?? "");
    const pm = TEST_PAYMENT_METHODS[pmId];
    if (!pm) throw invalid(`No such PaymentMethod: '${pmId}'`, "resource_missing", "payment_method");
    pi.payment_method = pmId;
    if (pm.outcome === "success") succeed(pi);
    else if (pm.outcome === "decline") {
      fail(pi, "card_declined", pm.decline_code, pm.decline_code === "insufficient_funds" ? "Your card has insufficient funds." : "Your card was declined.", pmId);
      const err = pi.last_payment_error as Json;
      throw new StripeError(402, { error: { ...err, payment_intent: pi } });
    } else if (pm.outcome === "action") {
      pi.status = "requires_action";
      pi.next_action = { type: "use_stripe_sdk", use_stripe_sdk: { type: "three_d_secure_redirect" } };
      emit("payment_intent.requires_action", pi);
    } else {
      pi.status = "processing";
      pi.latest_charge = id("ch");
      emit("payment_intent.processing", pi);
      const t = setTimeout(() => {
        timers.delete(t);
        if (pi.status === "processing") succeed(pi);
      }, opts.asyncSettleMs ?? 500);
      timers.add(t);
    }
    return pi;
  }

  function capture(pi: Intent, p: Json): Intent {
    if (pi.status !== "requires_capture") throw invalid(`This PaymentIntent could not be captured because it has a status of ${pi.status}.`, "payment_intent_unexpected_state", undefined, { payment_intent: pi });
    const amount = p.amount_to_capture === undefined ? pi.amount_capturable : toInt(p.amount_to_capture, "amount_to_capture");
    if (amount > pi.amount_capturable) throw invalid("The amount to capture is greater than the amount capturable.", "amount_too_large", "amount_to_capture");
    pi.amount_received = amount;
    pi.amount_capturable = 0;
    pi.status = "succeeded";
    emit("charge.captured", { id: pi.latest_charge, object: "charge", amount: pi.amount, amount_captured: amount, currency: pi.currency, payment_intent: pi.id, amount_refunded: 0 });
    emit("payment_intent.succeeded", pi);
    return pi;
  }

  function cancel(pi: Intent): Intent {
    if (pi.status === "succeeded" || pi.status === "canceled") {
      throw invalid(`You cannot cancel this PaymentIntent because it has a status of ${pi.status}.`, "payment_intent_unexpected_state", undefined, { payment_intent: pi });
    }
    pi.status = "canceled";
    pi.canceled_at = now();
    pi.cancellation_reason = "requested_by_customer";
    pi.amount_capturable = 0;
    pi.next_action = null;
    emit("payment_intent.canceled", pi);
    return pi;
  }

  function refund(p: Json): Refund {
    const pi = intent(String(p.payment_intent ?? ""));
    const done = [...refunds.values()].filter((r) => r.payment_intent === pi.id && r.status === "succeeded").reduce((a, r) => a + r.amount, 0);
    const left = pi.amount_received - done;
    if (pi.amount_received === 0) throw invalid(`This PaymentIntent (${pi.id}) does not have a successful charge to refund.`, "charge_not_refundable");
    const amount = p.amount === undefined ? left : toInt(p.amount, "amount");
    if (amount > left) throw invalid(`Refund amount (${amount}) is greater than unrefunded amount on charge (${left})`, "amount_too_large", "amount");
    const r: Refund = { id: id("re"), object: "refund", amount, currency: pi.currency, payment_intent: pi.id, charge: String(pi.latest_charge), status: "succeeded", created: now(), metadata: {} };
    refunds.set(r.id, r);
    emit("refund.created", r);
    emit("charge.refunded", { id: pi.latest_charge, object: "charge", amount: pi.amount, amount_captured: pi.amount_received, amount_refunded: done + amount, refunded: done + amount === pi.amount_received, currency: pi.currency, payment_intent: pi.id });
    return r;
  }

  function route(method: string, path: string, p: Json, query: URLSearchParams): Json {
    let m: RegExpMatchArray | null;
    if (method === "POST" && path === "/v1/payment_intents") return createIntent(p);
    if ((m = path.match(/^\/v1\/payment_intents\/([^/]+)$/))) {
      const pi = intent(m[1]!);
      if (method === "GET") return pi;
      if (["processing", "succeeded", "canceled", "requires_capture"].includes(pi.status) && p.amount !== undefined) {
        throw invalid(`You cannot update this PaymentIntent's amount because it has a status of ${pi.status}.`, "payment_intent_unexpected_state");
      }
      if (p.amount !== undefined) pi.amount = toInt(p.amount, "amount");
      if (p.metadata) pi.metadata = { ...pi.metadata, ...(p.metadata as Json) };
      if (p.description !== undefined) pi.description = p.description;
      return pi;
    }
    if (method === "POST" && (m = path.match(/^\/v1\/payment_intents\/([^/]+)\/(confirm|capture|cancel)$/))) {
      const pi = intent(m[1]!);
      return m[2] === "confirm" ? confirm(pi, p) : m[2] === "capture" ? capture(pi, p) : cancel(pi);
    }
    if (method === "POST" && path === "/v1/refunds") return refund(p);
    if (method === "GET" && path === "/v1/refunds") {
      const pid = query.get("payment_intent");
      const data = [...refunds.values()].filter((r) => !pid || r.payment_intent === pid);
      return { object: "list", data, has_more: false, url: "/v1/refunds" };
    }
    // test controls (not part of Stripe's API)
    if (method === "POST" && (m = path.match(/^\/_kassa\/payment_intents\/([^/]+)\/authenticate$/))) {
      const pi = intent(m[1]!);
      if (pi.status !== "requires_action") throw invalid("Nothing to authenticate.", "payment_intent_unexpected_state");
      if (p.outcome === "reject") fail(pi, "payment_intent_authentication_failure", undefined, "The provided PaymentMethod has failed authentication.", String(pi.payment_method));
      else succeed(pi);
      return pi;
    }
    throw new StripeError(404, { error: { type: "invalid_request_error", message: `Unrecognized request URL (${method}: ${path}).` } });
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url ?? "/", "http://local");
    const send = (status: number, body: string, extra: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json", "request-id": id("req"), "access-control-allow-origin": "*", ...extra });
      res.end(body);
    };
    if (req.method === "OPTIONS") {
      res.writeHead(204, { "access-control-allow-origin": "*", "access-control-allow-headers": "authorization, content-type", "access-control-allow-methods": "GET, POST" });
      return res.end();
    }
    const params = req.headers["content-type"]?.includes("json") && raw ? (JSON.parse(raw) as Json) : parseForm(raw);
    const auth = req.headers.authorization ?? "";
    const secretKey = /^Bearer sk_(test|live)_\S+$/.test(auth);
    // Like Stripe.js: a publishable key may confirm an intent when it presents that intent's client secret.
    const confirmMatch = url.pathname.match(/^\/v1\/payment_intents\/([^/]+)\/confirm$/);
    const publishable = /^Bearer pk_(test|live)_\S+$/.test(auth) && confirmMatch && intents.get(confirmMatch[1]!)?.client_secret === params.client_secret;
    if (!url.pathname.startsWith("/_kassa/") && !secretKey && !publishable) {
      return send(401, JSON.stringify({ error: { type: "invalid_request_error", message: "Invalid API Key provided." } }));
    }
    const key = req.method === "POST" ? req.headers["idempotency-key"] : undefined;
    const fingerprint = createHash("sha256").update(`${req.method} ${url.pathname} ${raw}`).digest("hex");
    if (typeof key === "string") {
      const seen = idempotency.get(key);
      if (seen) {
        if (seen.fingerprint !== fingerprint) {
          return send(400, JSON.stringify({ error: { type: "idempotency_error", message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.` } }));
        }
        return send(seen.status, seen.body, { "idempotent-replayed": "true" });
      }
    }
    if (url.pathname === "/_kassa/webhooks" && req.method === "POST") {
      webhook = params.url ? ({ ...params, duplicates: Number(params.duplicates ?? 1), delayMs: Number(params.delayMs ?? 0), hold: params.hold === true || params.hold === "true" } as WebhookConfig) : undefined;
      return send(200, JSON.stringify({ ok: true }));
    }
    if (url.pathname === "/_kassa/webhooks/flush" && req.method === "POST") {
      const batch = params.reverse === true || params.reverse === "true" ? [...held].reverse() : held;
      held = [];
      for (const e of batch) await post(e);
      return send(200, JSON.stringify({ delivered: batch.length }));
    }
    if (url.pathname === "/_kassa/events" && req.method === "GET") return send(200, JSON.stringify({ data: events }));
    let status = 200;
    let body: string;
    try {
      body = JSON.stringify(route(req.method ?? "GET", url.pathname, params, url.searchParams));
    } catch (e) {
      if (!(e instanceof StripeError)) throw e;
      status = e.status;
      body = JSON.stringify(e.body);
    }
    if (typeof key === "string") idempotency.set(key, { fingerprint, status, body });
    send(status, body);
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e) => {
      res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { type: "api_error", message: String(e) } }));
    });
  });

  return {
    intents,
    events,
    listen(port = 0, host = "127.0.0.1"): Promise<{ url: string; port: number }> {
      return new Promise((resolve) => server.listen(port, host, () => {
        const a = server.address() as AddressInfo;
        resolve({ url: `http://${host}:${a.port}`, port: a.port });
      }));
    },
    setWebhook(cfg: WebhookConfig | undefined) {
      webhook = cfg;
    },
    async flush(reverse = false) {
      const batch = reverse ? [...held].reverse() : held;
      held = [];
      for (const e of batch) await post(e);
      return batch.length;
    },
    close(): Promise<void> {
      for (const t of timers) clearTimeout(t);
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

export type StripeLocal = ReturnType<typeof createStripeLocal>;
