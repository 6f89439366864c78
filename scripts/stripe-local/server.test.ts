// The local Stripe-compatible server, driven by the real `stripe` SDK configured as Kassa configures it against this
// server (maxNetworkRetries 0). It must refuse what Stripe refuses, and its fault, delivery and settlement controls
// must do exactly what they say. Only 127.0.0.1 traffic.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createStripeLocal, type StripeLocal } from "./server";

const SECRET = "whsec_local_test";

/** The error a promise rejects with (fails the test if it resolves). */
async function rejection(p: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  try {
    await p;
  } catch (e) {
    return e as Stripe.errors.StripeError;
  }
  throw new Error("expected a rejection");
}

/** Poll until `check` passes, for at most `ms`. */
async function until(check: () => boolean, ms = 2000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** A webhook endpoint on 127.0.0.1 that verifies each post's signature and keeps the events. */
async function receiver() {
  const got: Stripe.Event[] = [];
  const verifier = new Stripe("sk_test_local");
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      got.push(verifier.webhooks.constructEvent(Buffer.concat(chunks).toString("utf8"), String(req.headers["stripe-signature"]), SECRET));
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { got, url, close: () => new Promise<void>((r) => server.close(() => r())) };
}

async function setup(opts: Parameters<typeof createStripeLocal>[0] = {}) {
  const local = createStripeLocal(opts);
  const { url, port } = await local.listen();
  const stripe = new Stripe("sk_test_local", { host: "127.0.0.1", port, protocol: "http", maxNetworkRetries: 0 });
  const control = async (method: "GET" | "POST", path: string, body?: unknown) => {
    const res = await fetch(`${url}${path}`, { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };
  return { local, stripe, control };
}

describe("stripe-local", () => {
  let local: StripeLocal;
  let stripe: Stripe;
  let control: Awaited<ReturnType<typeof setup>>["control"];
  let hook: Awaited<ReturnType<typeof receiver>>;

  beforeAll(async () => {
    ({ local, stripe, control } = await setup({ asyncSettleMs: null }));
    hook = await receiver();
  });
  afterEach(() => {
    local.clearFaults();
    local.setWebhook(undefined);
    hook.got.length = 0;
  });
  afterAll(async () => {
    await local.close();
    await hook.close();
  });

  const processing = () => stripe.paymentIntents.create({ amount: 2000, currency: "eur", payment_method: "pm_card_kassa_async", confirm: true });
  const paid = () => stripe.paymentIntents.create({ amount: 2000, currency: "eur", payment_method: "pm_card_visa", confirm: true });

  describe("refuses what Stripe refuses", () => {
    it("cancel refuses a processing intent, and leaves it processing", async () => {
      const pi = await processing();
      expect(pi.status).toBe("processing");
      const err = await rejection(stripe.paymentIntents.cancel(pi.id));
      expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
      expect(err.statusCode).toBe(400);
      expect(err.rawType).toBe("invalid_request_error");
      expect(err.code).toBe("payment_intent_unexpected_state");
      expect(err.payment_intent?.id).toBe(pi.id);
      expect(err.payment_intent?.status).toBe("processing");
      expect((await stripe.paymentIntents.retrieve(pi.id)).status).toBe("processing");
      expect(local.events.some((e) => e.type === "payment_intent.canceled" && (e.data as any).object.id === pi.id)).toBe(false);
    });

    it("cancel refuses succeeded and canceled intents, and cancels requires_action with Stripe's cancellation_reason", async () => {
      const done = await paid();
      expect((await rejection(stripe.paymentIntents.cancel(done.id))).code).toBe("payment_intent_unexpected_state");
      const action = await stripe.paymentIntents.create({ amount: 2000, currency: "eur", payment_method: "pm_card_threeDSecure2Required", confirm: true });
      expect(action.status).toBe("requires_action");
      const canceled = await stripe.paymentIntents.cancel(action.id);
      expect(canceled.status).toBe("canceled");
      expect(canceled.cancellation_reason).toBeNull();
      const again = await rejection(stripe.paymentIntents.cancel(action.id));
      expect(again.code).toBe("payment_intent_unexpected_state");
      expect(again.payment_intent?.status).toBe("canceled");
      const bad = await stripe.paymentIntents.create({ amount: 100, currency: "eur" });
      expect((await rejection(stripe.paymentIntents.cancel(bad.id, { cancellation_reason: "bored" as "duplicate" }))).param).toBe("cancellation_reason");
      expect((await stripe.paymentIntents.cancel(bad.id, { cancellation_reason: "duplicate" })).cancellation_reason).toBe("duplicate");
    });

    it("amount updates only in requires_payment_method, requires_confirmation and requires_action", async () => {
      const action = await stripe.paymentIntents.create({ amount: 2000, currency: "eur", payment_method: "pm_card_threeDSecure2Required", confirm: true });
      expect((await stripe.paymentIntents.update(action.id, { amount: 2500 })).amount).toBe(2500);
      const busy = await processing();
      const err = await rejection(stripe.paymentIntents.update(busy.id, { amount: 2500, metadata: { a: "1" } }));
      expect(err.statusCode).toBe(400);
      expect(err.code).toBe("payment_intent_unexpected_state");
      expect(err.param).toBe("amount");
      expect(err.payment_intent?.id).toBe(busy.id);
      // A refused update changes nothing, not even the metadata sent with it.
      const after = await stripe.paymentIntents.retrieve(busy.id);
      expect([after.amount, after.metadata]).toEqual([2000, {}]);
      const held = await stripe.paymentIntents.create({ amount: 2000, currency: "eur", capture_method: "manual", payment_method: "pm_card_visa", confirm: true });
      expect(held.status).toBe("requires_capture");
      expect((await rejection(stripe.paymentIntents.update(held.id, { amount: 1 }))).code).toBe("payment_intent_unexpected_state");
      expect((await rejection(stripe.paymentIntents.update(action.id, { amount: 0 }))).code).toBe("amount_too_small");
    });
  });

  describe("faults", () => {
    it("network: the SDK throws StripeConnectionError and nothing changed", async () => {
      const pi = await stripe.paymentIntents.create({ amount: 2000, currency: "eur" });
      const before = local.events.length;
      // count 2: stripe-node retries a closed connection once even with maxNetworkRetries 0.
      local.fail({ method: "POST", path: "^/v1/payment_intents/[^/]+$", kind: "network", count: 2 });
      const err = await rejection(stripe.paymentIntents.update(pi.id, { amount: 3000 }, { idempotencyKey: "net-1" }));
      expect(err).toBeInstanceOf(Stripe.errors.StripeConnectionError);
      expect(local.intents.get(pi.id)!.amount).toBe(2000);
      expect(local.events.length).toBe(before);
      // Nothing was recorded for the key either: the retry runs the update for the first time.
      const retry = await stripe.paymentIntents.update(pi.id, { amount: 3000 }, { idempotencyKey: "net-1" });
      expect(retry.amount).toBe(3000);
      expect(retry.lastResponse.headers["idempotent-replayed"]).toBeUndefined();
    });

    it("network: only matching requests fail (method and path), and only `count` of them", async () => {
      const pi = await stripe.paymentIntents.create({ amount: 2000, currency: "eur" });
      local.fail({ method: "GET", path: "^/v1/refunds$", kind: "network", count: 2 });
      expect((await stripe.paymentIntents.retrieve(pi.id)).id).toBe(pi.id);
      expect(await rejection(stripe.refunds.list({ payment_intent: pi.id }))).toBeInstanceOf(Stripe.errors.StripeConnectionError);
      expect((await stripe.refunds.list({ payment_intent: pi.id })).data).toEqual([]);
    });

    it("api_error: 500 api_error, nothing applied, and the 500 is what a same-key retry gets (as Stripe saves it)", async () => {
      const done = await paid();
      local.fail({ method: "POST", path: "^/v1/refunds$", kind: "api_error" });
      const err = await rejection(stripe.refunds.create({ payment_intent: done.id, amount: 500 }, { idempotencyKey: "api-1" }));
      expect(err).toBeInstanceOf(Stripe.errors.StripeAPIError);
      expect(err.statusCode).toBe(500);
      expect(err.rawType).toBe("api_error");
      expect((await stripe.refunds.list({ payment_intent: done.id })).data).toEqual([]);
      const replay = await rejection(stripe.refunds.create({ payment_intent: done.id, amount: 500 }, { idempotencyKey: "api-1" }));
      expect(replay.statusCode).toBe(500);
      expect(replay.headers?.["idempotent-replayed"]).toBe("true");
      expect((await stripe.refunds.create({ payment_intent: done.id, amount: 500 }, { idempotencyKey: "api-2" })).amount).toBe(500);
    });

    it("after_commit: the call throws, the change happened, and a same-key retry replays the first answer", async () => {
      const pi = await stripe.paymentIntents.create({ amount: 2000, currency: "eur" });
      local.fail({ method: "POST", path: "^/v1/payment_intents/[^/]+$", kind: "after_commit", count: 2 });
      const err = await rejection(stripe.paymentIntents.update(pi.id, { amount: 1500 }, { idempotencyKey: "commit-1" }));
      expect(err).toBeInstanceOf(Stripe.errors.StripeConnectionError);
      expect(local.intents.get(pi.id)!.amount).toBe(1500);
      const again = await stripe.paymentIntents.update(pi.id, { amount: 1500 }, { idempotencyKey: "commit-1" });
      expect(again.lastResponse.headers["idempotent-replayed"]).toBe("true");
      expect(again).toMatchObject({ id: pi.id, amount: 1500 });
      // Same key, other parameters: Stripe's idempotency_error, not a second update.
      const misuse = await rejection(stripe.paymentIntents.update(pi.id, { amount: 1200 }, { idempotencyKey: "commit-1" }));
      expect(misuse).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
      expect(local.intents.get(pi.id)!.amount).toBe(1500);
    });

    it("after_commit on a refund: events are emitted once, and retrying does not refund twice", async () => {
      const done = await paid();
      local.fail({ path: "^/v1/refunds$", method: "POST", kind: "after_commit", count: 2 });
      const err = await rejection(stripe.refunds.create({ payment_intent: done.id, amount: 700 }, { idempotencyKey: "refund-1" }));
      expect(err).toBeInstanceOf(Stripe.errors.StripeConnectionError);
      const refundEvents = () => local.events.filter((e) => e.type === "refund.created" && (e.data as any).object.payment_intent === done.id);
      expect(refundEvents()).toHaveLength(1);
      const again = await stripe.refunds.create({ payment_intent: done.id, amount: 700 }, { idempotencyKey: "refund-1" });
      expect(again.id).toBe((refundEvents()[0]!.data as any).object.id);
      expect(again.lastResponse.headers["idempotent-replayed"]).toBe("true");
      expect(refundEvents()).toHaveLength(1);
      expect((await stripe.refunds.list({ payment_intent: done.id })).data.map((r) => r.amount)).toEqual([700]);
    });

    it("a single dropped answer is absorbed by the SDK's own closed-connection retry (its auto Idempotency-Key replays)", async () => {
      const pi = await stripe.paymentIntents.create({ amount: 2000, currency: "eur" });
      local.fail({ method: "POST", path: `^/v1/payment_intents/${pi.id}/confirm$`, kind: "after_commit" });
      const confirmed = await stripe.paymentIntents.confirm(pi.id, { payment_method: "pm_card_visa" });
      expect(confirmed.status).toBe("succeeded");
      expect(confirmed.lastResponse.headers["idempotent-replayed"]).toBe("true");
      expect(local.events.filter((e) => e.type === "payment_intent.succeeded" && (e.data as any).object.id === pi.id)).toHaveLength(1);
    });

    it("HTTP control: POST /_kassa/faults injects, /_kassa/faults/clear removes, a bad spec is a 400", async () => {
      const pi = await stripe.paymentIntents.create({ amount: 2000, currency: "eur" });
      expect((await control("POST", "/_kassa/faults", { method: "GET", path: "^/v1/payment_intents/", kind: "api_error", count: 2 })).status).toBe(200);
      expect((await rejection(stripe.paymentIntents.retrieve(pi.id))).rawType).toBe("api_error");
      expect((await control("POST", "/_kassa/faults/clear")).status).toBe(200);
      expect((await stripe.paymentIntents.retrieve(pi.id)).id).toBe(pi.id);
      for (const bad of [{ path: "x", kind: "slow" }, { kind: "network" }, { path: "(", kind: "network" }, { path: "x", kind: "network", count: 0 }]) {
        const res = await control("POST", "/_kassa/faults", bad);
        expect(res.status).toBe(400);
        expect(res.body.error.type).toBe("invalid_request_error");
      }
      expect(() => local.fail({ path: "x", kind: "nope" as "network" })).toThrow(/kind/);
      // Test controls themselves are never faulted.
      local.fail({ path: ".*", kind: "network" });
      expect((await control("GET", "/_kassa/events")).status).toBe(200);
    });
  });

  describe("holding chosen event types", () => {
    it("held types wait for deliver(); the others go out at once", async () => {
      local.setWebhook({ url: hook.url, secret: SECRET, holdTypes: ["payment_intent.succeeded"] });
      const pi = await paid();
      await until(() => hook.got.some((e) => e.type === "charge.succeeded"));
      expect(hook.got.map((e) => e.type)).toEqual(["payment_intent.created", "charge.succeeded"]);
      const held = local.held();
      expect(held.map((e) => e.type)).toEqual(["payment_intent.succeeded"]);
      held.pop(); // a copy: the server's list is untouched
      expect(local.held()).toHaveLength(1);
      expect(await local.deliver({ type: "charge.refunded" })).toBe(0);
      expect(await local.deliver({ type: "payment_intent.succeeded" })).toBe(1);
      expect(hook.got.map((e) => e.type)).toEqual(["payment_intent.created", "charge.succeeded", "payment_intent.succeeded"]);
      expect((hook.got[2]!.data.object as Stripe.PaymentIntent).id).toBe(pi.id);
      expect(local.held()).toEqual([]);
    });

    it("deliver({id}) picks one event; flush() delivers the rest", async () => {
      local.setWebhook({ url: hook.url, secret: SECRET, holdTypes: ["payment_intent.created", "payment_intent.succeeded"] });
      const a = await paid();
      const b = await paid();
      await until(() => hook.got.length === 2);
      expect(hook.got.map((e) => e.type)).toEqual(["charge.succeeded", "charge.succeeded"]);
      const target = local.held().find((e) => e.type === "payment_intent.succeeded" && (e.data as any).object.id === b.id)!;
      expect(await local.deliver({ id: String(target.id) })).toBe(1);
      expect(hook.got[2]!.id).toBe(target.id);
      expect(local.held().map((e) => [e.type, (e.data as any).object.id])).toEqual([
        ["payment_intent.created", a.id],
        ["payment_intent.succeeded", a.id],
        ["payment_intent.created", b.id],
      ]);
      expect(await local.flush(true)).toBe(3);
      expect(hook.got.slice(3).map((e) => [e.type, (e.data.object as Stripe.PaymentIntent).id])).toEqual([
        ["payment_intent.created", b.id],
        ["payment_intent.succeeded", a.id],
        ["payment_intent.created", a.id],
      ]);
    });

    it("HTTP controls: holdTypes as a comma-separated string, /_kassa/webhooks/deliver and /_kassa/webhooks/held", async () => {
      await control("POST", "/_kassa/webhooks", { url: hook.url, secret: SECRET, holdTypes: "refund.created, charge.refunded" });
      const done = await paid();
      await until(() => hook.got.some((e) => e.type === "payment_intent.succeeded"));
      await stripe.refunds.create({ payment_intent: done.id, amount: 100 });
      expect((await control("GET", "/_kassa/webhooks/held")).body.data.map((e: any) => e.type)).toEqual(["refund.created", "charge.refunded"]);
      expect(hook.got.some((e) => e.type.startsWith("refund") || e.type === "charge.refunded")).toBe(false);
      expect((await control("POST", "/_kassa/webhooks/deliver", { type: "charge.refunded" })).body).toEqual({ delivered: 1 });
      expect(hook.got.at(-1)!.type).toBe("charge.refunded");
      expect((await control("POST", "/_kassa/webhooks/flush")).body).toEqual({ delivered: 1 });
      expect(hook.got.at(-1)!.type).toBe("refund.created");
      // and as an array
      await control("POST", "/_kassa/webhooks", { url: hook.url, secret: SECRET, holdTypes: ["payment_intent.created"] });
      await stripe.paymentIntents.create({ amount: 100, currency: "eur" });
      expect(local.held().map((e) => e.type)).toEqual(["payment_intent.created"]);
      expect(await local.flush()).toBe(1);
    });
  });

  describe("settling asynchronous payments by hand", () => {
    it("asyncSettleMs null: a processing intent stays processing until settled; succeed keeps its charge", async () => {
      const pi = await processing();
      const charge = pi.latest_charge;
      expect(charge).toMatch(/^ch_/);
      await new Promise((r) => setTimeout(r, 150));
      expect((await stripe.paymentIntents.retrieve(pi.id)).status).toBe("processing");
      expect(local.settle(pi.id, "succeed").status).toBe("succeeded");
      const after = await stripe.paymentIntents.retrieve(pi.id);
      expect(after).toMatchObject({ status: "succeeded", amount_received: 2000, latest_charge: charge, last_payment_error: null });
      expect(local.events.filter((e) => (e.data as any).object.id === pi.id).map((e) => e.type)).toEqual(["payment_intent.created", "payment_intent.processing", "payment_intent.succeeded"]);
    });

    it("fail (HTTP control): back to requires_payment_method with Stripe's last_payment_error, latest_charge kept", async () => {
      const pi = await processing();
      const res = await control("POST", `/_kassa/payment_intents/${pi.id}/settle`, { outcome: "fail" });
      expect(res.status).toBe(200);
      const after = await stripe.paymentIntents.retrieve(pi.id);
      expect(after.status).toBe("requires_payment_method");
      expect(after.latest_charge).toBe(pi.latest_charge);
      expect(after.last_payment_error).toMatchObject({ type: "card_error", code: "card_declined", decline_code: "generic_decline", charge: pi.latest_charge });
      const failed = local.events.filter((e) => e.type === "payment_intent.payment_failed" && (e.data as any).object.id === pi.id);
      expect(failed).toHaveLength(1);
      // Confirmed again, it can succeed on a new charge.
      const retried = await stripe.paymentIntents.confirm(pi.id, { payment_method: "pm_card_visa" });
      expect(retried.status).toBe("succeeded");
      expect(retried.latest_charge).not.toBe(pi.latest_charge);
    });

    it("settling an intent that is not processing is a 400 payment_intent_unexpected_state", async () => {
      const done = await paid();
      const res = await control("POST", `/_kassa/payment_intents/${done.id}/settle`, { outcome: "succeed" });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ type: "invalid_request_error", code: "payment_intent_unexpected_state" });
      expect(res.body.error.payment_intent.id).toBe(done.id);
      expect(() => local.settle(done.id, "fail")).toThrow(expect.objectContaining({ statusCode: 400, raw: expect.objectContaining({ code: "payment_intent_unexpected_state" }) }));
      const busy = await processing();
      expect((await control("POST", `/_kassa/payment_intents/${busy.id}/settle`, { outcome: "maybe" })).status).toBe(400);
      expect((await control("POST", `/_kassa/payment_intents/pi_missing/settle`, { outcome: "succeed" })).status).toBe(404);
    });

    it("with a number, processing intents still settle by themselves", async () => {
      const other = await setup({ asyncSettleMs: 20 });
      try {
        const pi = await other.stripe.paymentIntents.create({ amount: 900, currency: "eur", payment_method: "pm_card_kassa_async", confirm: true });
        await until(() => other.local.intents.get(pi.id)!.status === "succeeded");
        expect(other.local.intents.get(pi.id)!.latest_charge).toBe(pi.latest_charge);
      } finally {
        await other.local.close();
      }
    });
  });

  describe("refunds and events", () => {
    it("refunds take metadata as the SDK sends it and return it, also in the list by payment_intent", async () => {
      const done = await paid();
      const r = await stripe.refunds.create({ payment_intent: done.id, amount: 300, metadata: { kassa_operation_id: "op_1", note: "late" } });
      expect(r.metadata).toEqual({ kassa_operation_id: "op_1", note: "late" });
      const list = await stripe.refunds.list({ payment_intent: done.id });
      expect(list.data.map((x) => [x.id, x.metadata])).toEqual([[r.id, { kassa_operation_id: "op_1", note: "late" }]]);
      expect(local.events.find((e) => e.type === "refund.created" && (e.data as any).object.id === r.id)!.data).toMatchObject({ object: { metadata: { kassa_operation_id: "op_1" } } });
    });

    it("every event has Stripe's shape, with `created` in whole seconds", async () => {
      const t0 = Math.floor(Date.now() / 1000);
      await paid();
      const { body } = await control("GET", "/_kassa/events");
      expect(body.data.length).toBe(local.events.length);
      for (const e of body.data) {
        expect(e).toMatchObject({ object: "event", livemode: false, id: expect.stringMatching(/^evt_/), type: expect.any(String), data: { object: expect.any(Object) } });
        expect(Number.isInteger(e.created)).toBe(true);
        expect(e.created).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
        expect(e.created).toBeGreaterThan(t0 - 3600);
      }
    });
  });
});
