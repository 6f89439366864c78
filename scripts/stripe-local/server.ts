// A small Stripe-compatible server for tests and offline demos (the real API is unreachable from our machines).
// It implements what Kassa's Stripe provider uses — PaymentIntents create/retrieve/update/confirm/capture/cancel,
// refunds create/list — with Stripe-shaped errors and Idempotency-Key replay, and delivers signed webhook events
// (through the real SDK's test header) to a configured URL, with optional duplicates, delays, reordering and holding
// back chosen event types. Tests can also inject faults (a dropped connection, a 500, or a dropped answer after the
// request was applied) and settle asynchronous payments by hand.
// It is a test tool: state lives in memory and dies with the process. It must be exactly as strict as Stripe: a
// kinder double hides money bugs, so when in doubt it refuses as Stripe refuses.
//
// Test controls (HTTP, not part of Stripe's API; each also has a method on the object createStripeLocal returns):
//   POST /_kassa/webhooks {url, secret, duplicates?, delayMs?, hold?, holdTypes?}   configure delivery (setWebhook)
//   POST /_kassa/webhooks/flush {reverse?}                                           deliver every held event (flush)
//   POST /_kassa/webhooks/deliver {type?, id?}                                       deliver the matching held events (deliver)
//   GET  /_kassa/webhooks/held                                                       the held events (held)
//   GET  /_kassa/events                                                              every event emitted (events)
//   POST /_kassa/faults {method?, path, count?, kind}                                fail the next matching API requests (fail)
//   POST /_kassa/faults/clear                                                        drop pending faults (clearFaults)
//   POST /_kassa/payment_intents/{id}/authenticate {outcome?: "reject"}              finish or fail 3-D Secure
//   POST /_kassa/payment_intents/{id}/settle {outcome: "succeed"|"fail"}             settle a processing intent (settle)
import { createHash, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";

type Json = Record<string, unknown>;
type Intent = Json & { id: string; amount: number; currency: string; status: string; amount_capturable: number; amount_received: number; metadata: Json };
type Refund = Json & { id: string; amount: number; payment_intent: string; charge: string; status: string; metadata: Json };
/** Where and how events are delivered. `hold` holds every event back; `holdTypes` only events of those types. */
export type WebhookConfig = { url: string; secret: string; duplicates?: number; delayMs?: number; hold?: boolean; holdTypes?: string[] };
/**
 * The next `count` (default 1) Stripe API requests whose method (if given) and URL path (`path`: a regex source)
 * match fail:
 * - `network`: the socket is destroyed before anything is applied or answered (the SDK throws StripeConnectionError);
 * - `api_error`: 500 `{error: {type: "api_error"}}`, nothing applied — and, as Stripe does, the 500 is saved for the
 *   request's Idempotency-Key, so a retry with the same key gets the same 500 back;
 * - `after_commit`: the request is applied in full (state, events, idempotency record), then the socket is destroyed
 *   so the client never sees the answer; a retry with the same Idempotency-Key replays the recorded answer;
 * - `in_use`: 409 `idempotency_error` / `idempotency_key_in_use`, nothing applied and nothing recorded: what Stripe
 *   answers while a first request with the same key is still running.
 * Note: stripe-node retries a closed connection once even with maxNetworkRetries 0 (reusing the Idempotency-Key it
 * puts on every POST), so `count: 1` of `network`/`after_commit` is absorbed by that retry; use `count: 2` to make
 * the SDK call itself fail.
 */
export type FaultSpec = { method?: "GET" | "POST"; path: string; count?: number; kind: "network" | "api_error" | "after_commit" | "in_use" };
export type StripeLocalOptions = {
  webhook?: WebhookConfig;
  /** How long a `processing` intent takes to succeed by itself (default 500 ms); `null`: never, settle it by hand. */
  asyncSettleMs?: number | null;
};

/** Test payment methods, named as Stripe's: pm_card_visa succeeds; the others decline, need an action, or settle later. */
export const TEST_PAYMENT_METHODS: Record<string, { outcome: "success" | "decline" | "action" | "async"; decline_code?: string; brand: string; last4: string }> = {
  pm_card_visa: { outcome: "success", brand: "visa", last4: "4242" },
  pm_card_mastercard: { outcome: "success", brand: "mastercard", last4: "4444" },
  pm_card_chargeDeclined: { outcome: "decline", decline_code: "generic_decline", brand: "visa", last4: "0002" },
  pm_card_chargeDeclinedInsufficientFunds: { outcome: "decline", decline_code: "insufficient_funds", brand: "visa", last4: "9995" },
  pm_card_threeDSecure2Required: { outcome: "action", brand: "visa", last4: "3155" },
  pm_card_kassa_async: { outcome: "async", brand: "visa", last4: "0077" },
};

// Stripe, "Cancel a PaymentIntent" (https://docs.stripe.com/api/payment_intents/cancel): an intent can be canceled in
// requires_payment_method, requires_capture, requires_confirmation, requires_action "or, in rare cases, processing".
// Those rare cases belong to payment methods this server does not simulate, so `processing` is refused here: an
// integration must be ready for Stripe refusing to cancel a payment that is already under way.
const CANCELABLE = ["requires_payment_method", "requires_capture", "requires_confirmation", "requires_action"];
// Stripe refuses to change `amount` outside these statuses (400 payment_intent_unexpected_state, "You may only update
// the amount of a PaymentIntent with one of the following statuses: requires_payment_method, requires_confirmation,
// requires_action."): the API's own error text, as quoted by integrations that hit it (e.g. CiviCRM's Stripe extension,
// https://lab.civicrm.org/extensions/stripe/-/work_items/510); the update reference
// (https://docs.stripe.com/api/payment_intents/update) does not list the statuses. So an amount change is allowed in
// requires_action (the intent must then be confirmed again), and refused in processing, requires_capture, succeeded
// and canceled.
const AMOUNT_UPDATABLE = ["requires_payment_method", "requires_confirmation", "requires_action"];
const CANCELLATION_REASONS = ["duplicate", "fraudulent", "requested_by_customer", "abandoned"];
const FAULT_KINDS = ["network", "api_error", "after_commit", "in_use"] as const;

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

/** Metadata as Stripe takes it: `metadata=""` clears it, `metadata[k]=""` removes key k, other values are strings. */
function withMetadata(current: Json, patch: unknown): Json {
  if (patch === undefined) return current;
  if (patch === "") return {};
  if (typeof patch !== "object" || patch === null || Array.isArray(patch)) throw invalid("Invalid object", undefined, "metadata");
  const out = { ...current };
  for (const [k, v] of Object.entries(patch as Json)) {
    if (v === "" || v === null) delete out[k];
    else if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") out[k] = String(v);
    else throw invalid(`Invalid metadata[${k}]: metadata values must be strings`, undefined, `metadata[${k}]`);
  }
  return out;
}

/** A list given as an array, a form-encoded array (`holdTypes[0]=a`) or a comma-separated string. */
function listOf(v: unknown): string[] | undefined {
  if (v === undefined || v === null || v === "") return undefined;
  const items = Array.isArray(v) ? v : typeof v === "object" ? Object.values(v as Json) : String(v).split(",");
  return items.map((s) => String(s).trim()).filter(Boolean);
}

type Fault = { method?: string; path: RegExp; left: number; kind: FaultSpec["kind"] };

function toFault(spec: unknown): Fault {
  const s = (spec ?? {}) as Json;
  if (typeof s.path !== "string" || !s.path) throw invalid("A fault needs `path`, a regular expression source matched against the URL path.", undefined, "path");
  let path: RegExp;
  try {
    path = new RegExp(s.path);
  } catch {
    throw invalid(`Invalid fault path: ${s.path}`, undefined, "path");
  }
  if (!FAULT_KINDS.includes(s.kind as Fault["kind"])) throw invalid(`Invalid fault kind: must be one of ${FAULT_KINDS.join(", ")}`, undefined, "kind");
  if (s.method !== undefined && s.method !== "GET" && s.method !== "POST") throw invalid("Invalid fault method: must be GET or POST", undefined, "method");
  const count = s.count === undefined ? 1 : Number(s.count);
  if (!Number.isSafeInteger(count) || count < 1) throw invalid("Invalid fault count: must be a positive integer", undefined, "count");
  return { method: s.method as string | undefined, path, left: count, kind: s.kind as Fault["kind"] };
}

export function createStripeLocal(opts: StripeLocalOptions = {}) {
  const intents = new Map<string, Intent>();
  const refunds = new Map<string, Refund>();
  const idempotency = new Map<string, { fingerprint: string; status: number; body: string }>();
  const events: Json[] = [];
  let webhook: WebhookConfig | undefined = opts.webhook;
  let held: Json[] = [];
  let faults: Fault[] = [];
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
    if (webhook.hold || webhook.holdTypes?.includes(type)) held.push(event);
    else if (webhook.delayMs) {
      const t = setTimeout(() => {
        timers.delete(t);
        void post(event);
      }, webhook.delayMs);
      timers.add(t);
    } else void post(event);
  }

  /** Post the held events that match (all of them without a filter), in the order they were emitted. */
  async function deliver(filter: { type?: string; id?: string } = {}) {
    const match = (e: Json) => (filter.type === undefined || e.type === filter.type) && (filter.id === undefined || e.id === filter.id);
    const batch = held.filter(match);
    held = held.filter((e) => !match(e));
    for (const e of batch) await post(e);
    return batch.length;
  }

  async function flush(reverse = false) {
    const batch = reverse ? [...held].reverse() : held;
    held = [];
    for (const e of batch) await post(e);
    return batch.length;
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

  function toAmount(v: unknown): number {
    const amount = toInt(v, "amount");
    if (amount < 1) throw invalid("Amount must be at least 1", "amount_too_small", "amount");
    return amount;
  }

  function createIntent(p: Json): Intent {
    const amount = toAmount(p.amount);
    if (typeof p.currency !== "string" || !/^[a-z]{3}$/.test(p.currency)) throw invalid("Invalid currency", "parameter_invalid_string", "currency");
    const metadata = withMetadata({}, p.metadata);
    const pid = id("pi");
    const pi: Intent = {
      id: pid, object: "payment_intent", amount, amount_capturable: 0, amount_received: 0, amount_details: { tip: {} },
      automatic_payment_methods: p.automatic_payment_methods ? { enabled: true } : null, canceled_at: null, cancellation_reason: null,
      capture_method: p.capture_method === "manual" ? "manual" : "automatic_async", client_secret: `${pid}_secret_${randomBytes(12).toString("hex")}`,
      confirmation_method: "automatic", created: now(), currency: p.currency, customer: null, description: (p.description as string) ?? null,
      last_payment_error: null, latest_charge: null, livemode: false, metadata, next_action: null,
      payment_method: null, payment_method_types: ["card"], receipt_email: (p.receipt_email as string) ?? null, status: "requires_payment_method",
    };
    intents.set(pid, pi);
    emit("payment_intent.created", pi);
    if (p.payment_method && p.confirm === "true") confirm(pi, p);
    return pi;
  }

  function updateIntent(pi: Intent, p: Json): Intent {
    // Validate everything first: a refused update changes nothing.
    let amount: number | undefined;
    if (p.amount !== undefined) {
      if (!AMOUNT_UPDATABLE.includes(pi.status)) {
        throw invalid(
          `This PaymentIntent's amount could not be updated because it has a status of ${pi.status}. You may only update the amount of a PaymentIntent with one of the following statuses: ${AMOUNT_UPDATABLE.join(", ")}.`,
          "payment_intent_unexpected_state", "amount", { payment_intent: pi },
        );
      }
      amount = toAmount(p.amount);
    }
    const metadata = withMetadata(pi.metadata, p.metadata);
    if (amount !== undefined) pi.amount = amount;
    pi.metadata = metadata;
    if (p.description !== undefined) pi.description = p.description;
    return pi;
  }

  function succeed(pi: Intent) {
    // An asynchronous payment settles on the charge it started (Stripe makes one charge per attempt).
    const charge = pi.status === "processing" && pi.latest_charge ? String(pi.latest_charge) : id("ch");
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

  /** The attempt failed: back to requires_payment_method with last_payment_error (on `charge`, if one was made). */
  function decline(pi: Intent, code: string, decline_code: string | undefined, message: string, pm: string, charge?: string) {
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
      decline(pi, "card_declined", pm.decline_code, pm.decline_code === "insufficient_funds" ? "Your card has insufficient funds." : "Your card was declined.", pmId, id("ch"));
      const err = pi.last_payment_error as Json;
      throw new StripeError(402, { error: { ...err, payment_intent: pi } });
    } else if (pm.outcome === "action") {
      pi.status = "requires_action";
      pi.next_action = { type: "use_stripe_sdk", use_stripe_sdk: { type: "three_d_secure_redirect" } };
      emit("payment_intent.requires_action", pi);
    } else {
      const charge = id("ch");
      pi.status = "processing";
      pi.latest_charge = charge;
      emit("payment_intent.processing", pi);
      if (opts.asyncSettleMs !== null) {
        const t = setTimeout(() => {
          timers.delete(t);
          // Only this attempt: settled by hand, failed and confirmed again, it is no longer ours to settle.
          if (pi.status === "processing" && pi.latest_charge === charge) succeed(pi);
        }, opts.asyncSettleMs ?? 500);
        timers.add(t);
      }
    }
    return pi;
  }

  function settle(pi: Intent, outcome: unknown): Intent {
    if (outcome !== "succeed" && outcome !== "fail") throw invalid("Invalid outcome: must be one of succeed, fail", undefined, "outcome");
    if (pi.status !== "processing") {
      throw invalid(`This PaymentIntent's status is ${pi.status}, so it cannot be settled: only a processing PaymentIntent settles.`, "payment_intent_unexpected_state", undefined, { payment_intent: pi });
    }
    // A failed asynchronous payment goes back to requires_payment_method with last_payment_error, and keeps
    // latest_charge (the failed charge), as Stripe's does.
    if (outcome === "succeed") succeed(pi);
    else decline(pi, "card_declined", "generic_decline", "Your card was declined.", String(pi.payment_method), String(pi.latest_charge));
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

  function cancel(pi: Intent, p: Json): Intent {
    if (!CANCELABLE.includes(pi.status)) {
      throw invalid(
        `You cannot cancel this PaymentIntent because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be canceled: ${CANCELABLE.join(", ")}.`,
        "payment_intent_unexpected_state", undefined, { payment_intent: pi },
      );
    }
    const reason = p.cancellation_reason;
    if (reason !== undefined && !CANCELLATION_REASONS.includes(String(reason))) {
      throw invalid(`Invalid cancellation_reason: must be one of ${CANCELLATION_REASONS.join(", ")}`, undefined, "cancellation_reason");
    }
    pi.status = "canceled";
    pi.canceled_at = now();
    pi.cancellation_reason = reason === undefined ? null : String(reason);
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
    const metadata = withMetadata({}, p.metadata);
    const r: Refund = { id: id("re"), object: "refund", amount, currency: pi.currency, payment_intent: pi.id, charge: String(pi.latest_charge), status: "succeeded", created: now(), metadata };
    refunds.set(r.id, r);
    emit("refund.created", r);
    emit("charge.refunded", { id: pi.latest_charge, object: "charge", amount: pi.amount, amount_captured: pi.amount_received, amount_refunded: done + amount, refunded: done + amount === pi.amount_received, currency: pi.currency, payment_intent: pi.id });
    return r;
  }

  /** Stripe's API. */
  function route(method: string, path: string, p: Json, query: URLSearchParams): Json {
    let m: RegExpMatchArray | null;
    if (method === "POST" && path === "/v1/payment_intents") return createIntent(p);
    if ((m = path.match(/^\/v1\/payment_intents\/([^/]+)$/))) {
      const pi = intent(m[1]!);
      return method === "GET" ? pi : updateIntent(pi, p);
    }
    if (method === "POST" && (m = path.match(/^\/v1\/payment_intents\/([^/]+)\/(confirm|capture|cancel)$/))) {
      const pi = intent(m[1]!);
      return m[2] === "confirm" ? confirm(pi, p) : m[2] === "capture" ? capture(pi, p) : cancel(pi, p);
    }
    if (method === "POST" && path === "/v1/refunds") return refund(p);
    if (method === "GET" && path === "/v1/refunds") {
      const pid = query.get("payment_intent");
      const data = [...refunds.values()].filter((r) => !pid || r.payment_intent === pid);
      return { object: "list", data, has_more: false, url: "/v1/refunds" };
    }
    throw new StripeError(404, { error: { type: "invalid_request_error", message: `Unrecognized request URL (${method}: ${path}).` } });
  }

  /** The test controls under /_kassa/ (no API key, no idempotency). */
  async function control(method: string, path: string, p: Json): Promise<Json> {
    let m: RegExpMatchArray | null;
    if (method === "POST" && path === "/_kassa/webhooks") {
      webhook = p.url
        ? ({ ...p, duplicates: Number(p.duplicates ?? 1), delayMs: Number(p.delayMs ?? 0), hold: p.hold === true || p.hold === "true", holdTypes: listOf(p.holdTypes) } as WebhookConfig)
        : undefined;
      return { ok: true };
    }
    if (method === "POST" && path === "/_kassa/webhooks/flush") return { delivered: await flush(p.reverse === true || p.reverse === "true") };
    if (method === "POST" && path === "/_kassa/webhooks/deliver") {
      return { delivered: await deliver({ ...(p.type !== undefined ? { type: String(p.type) } : {}), ...(p.id !== undefined ? { id: String(p.id) } : {}) }) };
    }
    if (method === "GET" && path === "/_kassa/webhooks/held") return { data: held };
    if (method === "GET" && path === "/_kassa/events") return { data: events };
    if (method === "POST" && path === "/_kassa/faults") {
      faults.push(toFault(p));
      return { ok: true, pending: faults.length };
    }
    if (method === "POST" && path === "/_kassa/faults/clear") {
      faults = [];
      return { ok: true };
    }
    if (method === "POST" && (m = path.match(/^\/_kassa\/payment_intents\/([^/]+)\/authenticate$/))) {
      const pi = intent(m[1]!);
      if (pi.status !== "requires_action") throw invalid("Nothing to authenticate.", "payment_intent_unexpected_state", undefined, { payment_intent: pi });
      if (p.outcome === "reject") decline(pi, "payment_intent_authentication_failure", undefined, "The provided PaymentMethod has failed authentication.", String(pi.payment_method));
      else succeed(pi);
      return pi;
    }
    if (method === "POST" && (m = path.match(/^\/_kassa\/payment_intents\/([^/]+)\/settle$/))) return settle(intent(m[1]!), p.outcome);
    throw new StripeError(404, { error: { type: "invalid_request_error", message: `Unrecognized request URL (${method}: ${path}).` } });
  }

  /** The next pending fault this request matches, counted down. */
  function takeFault(method: string, path: string): Fault | undefined {
    const i = faults.findIndex((f) => (!f.method || f.method === method) && f.path.test(path));
    if (i < 0) return undefined;
    const f = faults[i]!;
    if (--f.left <= 0) faults.splice(i, 1);
    return f;
  }

  type Answer = { status: number; body: string; headers?: Record<string, string> };

  /** A Stripe API request, answered as Stripe would: authentication, Idempotency-Key replay, the endpoint. */
  function api(req: IncomingMessage, method: string, url: URL, raw: string, params: Json, fault: Fault | undefined): Answer {
    const auth = req.headers.authorization ?? "";
    const secretKey = /^Bearer sk_(test|live)_\S+$/.test(auth);
    // Like Stripe.js: a publishable key may confirm an intent when it presents that intent's client secret.
    const confirmMatch = url.pathname.match(/^\/v1\/payment_intents\/([^/]+)\/confirm$/);
    const publishable = /^Bearer pk_(test|live)_\S+$/.test(auth) && confirmMatch && intents.get(confirmMatch[1]!)?.client_secret === params.client_secret;
    if (!secretKey && !publishable) return { status: 401, body: JSON.stringify({ error: { type: "invalid_request_error", message: "Invalid API Key provided." } }) };
    const key = method === "POST" ? req.headers["idempotency-key"] : undefined;
    if (fault?.kind === "in_use") {
      return { status: 409, body: JSON.stringify({ error: { type: "idempotency_error", code: "idempotency_key_in_use", message: "There is currently another in-progress request using this Idempotent Key (that probably means you submitted twice, and the other request is still going through): " + String(key ?? "") + ". Please try again later." } }) };
    }
    const fingerprint = createHash("sha256").update(`${method} ${url.pathname} ${raw}`).digest("hex");
    if (typeof key === "string") {
      const seen = idempotency.get(key);
      if (seen) {
        if (seen.fingerprint !== fingerprint) {
          return { status: 400, body: JSON.stringify({ error: { type: "idempotency_error", message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.` } }) };
        }
        return { status: seen.status, body: seen.body, headers: { "idempotent-replayed": "true" } };
      }
    }
    let status = 200;
    let body: string;
    if (fault?.kind === "api_error") {
      // Stripe saves the answer for the key once the endpoint began, "including 500 errors"
      // (https://docs.stripe.com/api/idempotent_requests), so a same-key retry gets this 500 again.
      status = 500;
      body = JSON.stringify({ error: { type: "api_error", message: "An unknown error occurred (injected by the local test server)." } });
    } else {
      try {
        body = JSON.stringify(route(method, url.pathname, params, url.searchParams));
      } catch (e) {
        if (!(e instanceof StripeError)) throw e;
        status = e.status;
        body = JSON.stringify(e.body);
      }
    }
    if (typeof key === "string") idempotency.set(key, { fingerprint, status, body });
    return { status, body };
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url ?? "/", "http://local");
    const method = req.method ?? "GET";
    const send = (status: number, body: string, extra: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json", "request-id": id("req"), "access-control-allow-origin": "*", ...extra });
      res.end(body);
    };
    if (method === "OPTIONS") {
      res.writeHead(204, { "access-control-allow-origin": "*", "access-control-allow-headers": "authorization, content-type", "access-control-allow-methods": "GET, POST" });
      return res.end();
    }
    let params: Json;
    try {
      params = req.headers["content-type"]?.includes("json") && raw ? (JSON.parse(raw) as Json) : parseForm(raw);
    } catch {
      return send(400, JSON.stringify({ error: { type: "invalid_request_error", message: "Invalid request body." } }));
    }
    if (url.pathname.startsWith("/_kassa/")) {
      try {
        return send(200, JSON.stringify(await control(method, url.pathname, params)));
      } catch (e) {
        if (!(e instanceof StripeError)) throw e;
        return send(e.status, JSON.stringify(e.body));
      }
    }
    const fault = takeFault(method, url.pathname);
    // The connection drops before the request reaches the API: nothing is applied, nothing recorded, no answer.
    if (fault?.kind === "network") return void req.socket.destroy();
    const answer = api(req, method, url, raw, params, fault);
    // The request was applied (and its answer recorded for its Idempotency-Key), but the answer is lost on the way.
    if (fault?.kind === "after_commit") return void req.socket.destroy();
    send(answer.status, answer.body, answer.headers);
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e) => {
      res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { type: "api_error", message: String(e) } }));
    });
  });

  /** A control method's refusal, thrown as an Error carrying Stripe's status and error body. */
  const rethrow = <T>(f: () => T): T => {
    try {
      return f();
    } catch (e) {
      if (e instanceof StripeError) throw Object.assign(new Error(e.message), { statusCode: e.status, raw: e.body.error });
      throw e;
    }
  };

  return {
    intents,
    refunds,
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
    /** Deliver every held event (in reverse order if asked); returns how many. */
    flush,
    /** Deliver the held events of that type and/or id (all held events without a filter); returns how many. */
    deliver,
    /** A copy of the events held back, oldest first. */
    held(): Json[] {
      return structuredClone(held);
    },
    /** Make the next matching API requests fail (see FaultSpec). */
    fail(spec: FaultSpec) {
      faults.push(rethrow(() => toFault(spec)));
    },
    clearFaults() {
      faults = [];
    },
    /**
     * Fail a refund after the fact, as a bank can days later (Stripe: the refund moves to `failed` with a
     * `failure_reason`, and `refund.failed` is sent); the money is back on the payment.
     */
    failRefund(rid: string, reason = "expired_or_canceled_card"): Refund {
      const r = refunds.get(rid);
      if (!r) throw new Error(`no refund ${rid}`);
      r.status = "failed";
      r.failure_reason = reason;
      emit("refund.failed", r);
      return r;
    },
    /** Settle a `processing` intent: "succeed", or "fail" as a declined asynchronous payment. */
    settle(pid: string, outcome: "succeed" | "fail"): Intent {
      return rethrow(() => settle(intent(pid), outcome));
    },
    close(): Promise<void> {
      for (const t of timers) clearTimeout(t);
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
    },
  };
}

export type StripeLocal = ReturnType<typeof createStripeLocal>;
