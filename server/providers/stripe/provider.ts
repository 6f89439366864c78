// pp_stripe_stripe: the real `stripe` SDK. Its host is configurable (STRIPE_API_BASE) so tests talk to the local
// Stripe-compatible server in scripts/. Idempotency keys are derived from our ids; amounts use Stripe's minor units;
// Stripe errors map to domain codes; webhooks are verified on the raw body (fail closed).
import { StripeEventEnvelope } from "./event";
import Stripe from "stripe";
import { parseCurrencyCode } from "../../core/currencies";
import { PaymentError } from "../../core/errors";
import { fromMinor } from "../../core/money";
import type { AttemptSnapshot, IntentSnapshot, IntentStatus, PaymentProvider, ProviderCallContext, WebhookEvent } from "../../core/provider-port";
import { fromStripeAmount, toStripeAmount } from "./amounts";

export type StripeProviderConfig = { secretKey: string; webhookSecret: string; apiBase?: string; timeoutMs?: number };

export function stripeClient(cfg: Pick<StripeProviderConfig, "secretKey" | "apiBase" | "timeoutMs">): Stripe {
  const base = cfg.apiBase ? new URL(cfg.apiBase) : null;
  return new Stripe(cfg.secretKey, {
    maxNetworkRetries: base ? 0 : 2,
    timeout: cfg.timeoutMs ?? 20_000,
    ...(base
      ? { host: base.hostname, port: Number(base.port || (base.protocol === "https:" ? 443 : 80)), protocol: base.protocol.replace(":", "") as "http" | "https" }
      : {}),
  });
}

type StoredRefund = IntentSnapshot["refunds"][number];

/** Map a PaymentIntent (plus known refunds) to the provider-neutral snapshot. */
export function snapshotFromIntent(pi: Stripe.PaymentIntent, refunds: StoredRefund[] = []): IntentSnapshot {
  const currency = parseCurrencyCode(pi.currency);
  const amt = (n: number | null | undefined) => fromStripeAmount(n ?? 0, pi.currency);
  const charge = typeof pi.latest_charge === "string" ? pi.latest_charge : (pi.latest_charge?.id ?? null);
  const pm = typeof pi.payment_method === "string" ? pi.payment_method : (pi.payment_method?.id ?? null);
  const err = pi.last_payment_error;
  const attempts: AttemptSnapshot[] = [];
  const status = pi.status as IntentStatus;
  if (err) {
    const errPm = err.payment_method?.id ?? pm ?? "pm";
    attempts.push({
      id: err.charge ?? `${pi.id}:${errPm}:${err.code ?? "error"}`,
      state: "failed",
      amount: amt(pi.amount),
      error: { code: err.code ?? "card_declined", declineCode: err.decline_code ?? undefined, message: err.message ?? "The payment failed." },
    });
  }
  if (charge && (status === "succeeded" || status === "requires_capture" || status === "processing")) {
    attempts.push({ id: charge, state: status === "processing" ? "pending" : "succeeded", amount: amt(pi.amount) });
  }
  const state = {
    ref: pi.id,
    status,
    amount: amt(pi.amount),
    currency,
    amountCapturable: amt(pi.amount_capturable),
    amountReceived: amt(pi.amount_received),
    captureMethod: pi.capture_method === "manual" ? ("manual" as const) : ("automatic" as const),
    clientSecret: pi.client_secret ?? undefined,
    attempts,
    refunds,
    nextAction: pi.next_action ? { type: pi.next_action.type } : null,
    lastError: err ? { code: err.code ?? "card_declined", declineCode: err.decline_code ?? undefined, message: err.message ?? "The payment failed." } : null,
  };
  return { ...state, data: { ...state } };
}

function refundOf(r: Stripe.Refund, currency: string): StoredRefund {
  const operationId = r.metadata?.kassa_operation_id;
  return {
    id: r.id,
    amount: fromStripeAmount(r.amount, currency),
    state: r.status === "succeeded" ? "succeeded" : r.status === "failed" || r.status === "canceled" ? "failed" : "pending",
    ...(operationId ? { operationId } : {}),
  };
}

/** Stripe's errors -> domain errors. Card declines are not errors here: they come back as snapshots. */
export function mapStripeError(e: unknown): PaymentError {
  if (e instanceof PaymentError) return e;
  const err = e as { type?: string; code?: string; message?: string; statusCode?: number; decline_code?: string };
  // 409 idempotency_key_in_use (the SDK raises it as a StripeAPIError): a request with this key is still running at
  // Stripe — its outcome is not known yet, so it is a lost answer, never a refusal.
  if (err.code === "idempotency_key_in_use") return new PaymentError("provider_unavailable", "The provider is still working on this request. Try again.", { providerCode: err.code }, { cause: e });
  switch (err.type) {
    case "StripeCardError":
      return new PaymentError("provider_declined", "The card was declined.", { declineCode: err.decline_code ?? err.code ?? null }, { cause: e });
    case "StripeInvalidRequestError":
      if (err.code === "payment_intent_unexpected_state") return new PaymentError("invalid_state", "The payment is not in a state that allows this.", { providerCode: err.code }, { cause: e });
      if (err.code === "amount_too_large" || err.code === "amount_too_small" || err.code === "parameter_invalid_integer") {
        return new PaymentError("validation", "The provider refused the amount.", { field: "amount", providerCode: err.code }, { cause: e });
      }
      if (err.statusCode === 404 || err.code === "resource_missing") return new PaymentError("not_found", "The provider does not know this payment.", { providerCode: err.code ?? null }, { cause: e });
      return new PaymentError("validation", "The provider refused the request.", { providerCode: err.code ?? null }, { cause: e });
    case "StripeIdempotencyError":
      return new PaymentError("idempotency_conflict", "The provider saw this idempotency key with other parameters.", {}, { cause: e });
    case "StripeRateLimitError":
    case "StripeConnectionError":
    case "StripeAPIError":
    case "StripeAuthenticationError":
    case "StripePermissionError":
    default:
      return new PaymentError("provider_unavailable", "The payment provider is unavailable. Try again.", { providerType: err.type ?? null }, { cause: e });
  }
}

function stored(data: Record<string, unknown>): { id: string; refunds: StoredRefund[]; currency: string } {
  if (typeof data.ref !== "string") throw new PaymentError("invalid_state", "The session has no Stripe PaymentIntent.");
  return { id: data.ref, refunds: (data.refunds as StoredRefund[]) ?? [], currency: String(data.currency ?? "usd") };
}

export function createStripeProvider(cfg: StripeProviderConfig): PaymentProvider & { client: Stripe } {
  const stripe = stripeClient(cfg);
  const opts = (ctx: ProviderCallContext) => ({ idempotencyKey: ctx.idempotencyKey });

  async function call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      throw mapStripeError(e);
    }
  }

  return {
    id: "pp_stripe_stripe",
    defaultCaptureMethod: "automatic",
    remote: true,
    client: stripe,
    async initiate(input) {
      const pi = await call(() =>
        stripe.paymentIntents.create(
          {
            amount: toStripeAmount(input.amount),
            currency: input.amount.currency.toLowerCase(),
            capture_method: input.captureMethod === "manual" ? "manual" : "automatic",
            automatic_payment_methods: { enabled: true },
            ...(input.description ? { description: input.description } : {}),
            // in one order, always: a resumed call (its request read back from the database) must send the same
            ...(input.metadata ? { metadata: Object.fromEntries(Object.entries(input.metadata).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) } : {}),
            ...(input.customerEmail ? { receipt_email: input.customerEmail } : {}),
          },
          opts(input),
        ),
      );
      return snapshotFromIntent(pi);
    },
    async update(data, input) {
      const s = stored(data);
      const pi = await call(() =>
        stripe.paymentIntents.update(s.id, { amount: toStripeAmount(input.amount), ...(input.metadata ? { metadata: input.metadata } : {}) }, opts(input)),
      );
      return snapshotFromIntent(pi, s.refunds);
    },
    async authorize(data, input) {
      const s = stored(data);
      const paymentMethod = typeof input.paymentData.payment_method === "string" ? input.paymentData.payment_method : undefined;
      if (!paymentMethod) {
        // confirmed in the browser with Stripe.js: read the outcome
        return snapshotFromIntent(await call(() => stripe.paymentIntents.retrieve(s.id)), s.refunds);
      }
      try {
        const returnUrl = typeof input.paymentData.return_url === "string" ? input.paymentData.return_url : undefined;
        const pi = await stripe.paymentIntents.confirm(s.id, { payment_method: paymentMethod, ...(returnUrl ? { return_url: returnUrl } : {}) }, opts(input));
        return snapshotFromIntent(pi, s.refunds);
      } catch (e) {
        const pi = (e as { payment_intent?: Stripe.PaymentIntent; raw?: { payment_intent?: Stripe.PaymentIntent } }).payment_intent ?? (e as { raw?: { payment_intent?: Stripe.PaymentIntent } }).raw?.payment_intent;
        if ((e as { type?: string }).type === "StripeCardError" && pi) return snapshotFromIntent(pi, s.refunds); // a decline is an outcome
        // Already confirmed (a retried confirmation whose first answer was lost, or Stripe.js got there first): the
        // intent's state is the answer.
        if ((e as { code?: string }).code === "payment_intent_unexpected_state") return snapshotFromIntent(await call(() => stripe.paymentIntents.retrieve(s.id)), s.refunds);
        throw mapStripeError(e);
      }
    },
    async completeAction(data) {
      const s = stored(data);
      return snapshotFromIntent(await call(() => stripe.paymentIntents.retrieve(s.id)), s.refunds);
    },
    async capture(data, input) {
      const s = stored(data);
      const amount = toStripeAmount(fromMinor(input.amount, parseCurrencyCode(s.currency)));
      const pi = await call(() => stripe.paymentIntents.capture(s.id, { amount_to_capture: amount }, opts(input)));
      return snapshotFromIntent(pi, s.refunds);
    },
    async refund(data, input) {
      const s = stored(data);
      const amount = toStripeAmount(fromMinor(input.amount, parseCurrencyCode(s.currency)));
      const refund = await call(() => stripe.refunds.create({ payment_intent: s.id, amount, metadata: { kassa_operation_id: input.idempotencyKey } }, opts(input)));
      const pi = await call(() => stripe.paymentIntents.retrieve(s.id));
      const refunds = [...s.refunds.filter((r) => r.id !== refund.id), refundOf(refund, pi.currency)];
      return snapshotFromIntent(pi, refunds);
    },
    async cancel(data, input) {
      const s = stored(data);
      const pi = await call(() => stripe.paymentIntents.cancel(s.id, {}, opts(input)));
      return snapshotFromIntent(pi, s.refunds);
    },
    async retrieve(data) {
      // The intent and its refunds, as Stripe holds them now (refunds made in Stripe's dashboard included).
      const s = stored(data);
      const [pi, list] = await Promise.all([
        call(() => stripe.paymentIntents.retrieve(s.id)),
        call(() => stripe.refunds.list({ payment_intent: s.id, limit: 100 })),
      ]);
      const known = new Map(s.refunds.map((r) => [r.id, r]));
      for (const r of list.data) known.set(r.id, refundOf(r, pi.currency));
      return snapshotFromIntent(pi, [...known.values()]);
    },
    async parseWebhook(rawBody, headers): Promise<WebhookEvent> {
      const signature = headers.get("stripe-signature");
      if (!cfg.webhookSecret || !signature) throw new PaymentError("unauthorized", "Missing webhook signature.");
      let event: Stripe.Event;
      try {
        event = await stripe.webhooks.constructEventAsync(rawBody, signature, cfg.webhookSecret);
      } catch (e) {
        throw new PaymentError("unauthorized", "The webhook signature does not verify.", {}, { cause: e });
      }
      if (!StripeEventEnvelope.safeParse(event).success) throw new PaymentError("validation", "The signed body is not a Stripe event.");
      const object = event.data.object as { object?: string; id?: string; payment_intent?: string | { id: string } | null };
      if (object.object === "payment_intent") {
        let snapshot: ReturnType<typeof snapshotFromIntent> | null = null;
        try {
          snapshot = snapshotFromIntent(object as Stripe.PaymentIntent);
        } catch {
          snapshot = null; // a signed but unusable object is kept (for audit) and not applied; `retrieve` reads the truth
        }
        return { id: event.id, type: event.type, created: event.created, objectRef: object.id ?? null, snapshot, payload: event };
      }
      if (event.type.startsWith("charge.dispute.")) {
        const d = event.data.object as Stripe.Dispute;
        const piId = typeof d.payment_intent === "string" ? d.payment_intent : (d.payment_intent?.id ?? null);
        const dispute = { id: d.id, amount: fromStripeAmount(d.amount, d.currency), status: d.status, reason: d.reason ?? null };
        return { id: event.id, type: event.type, created: event.created, objectRef: piId, snapshot: null, dispute, payload: event };
      }
      if (event.type === "charge.refunded" || event.type.startsWith("refund.")) {
        const piId = typeof object.payment_intent === "string" ? object.payment_intent : (object.payment_intent?.id ?? null);
        if (!piId) return { id: event.id, type: event.type, objectRef: null, snapshot: null, payload: event };
        // The charge no longer embeds its refunds: read the intent and its refunds now.
        const [pi, list] = await Promise.all([
          call(() => stripe.paymentIntents.retrieve(piId)),
          call(() => stripe.refunds.list({ payment_intent: piId, limit: 100 })),
        ]);
        return { id: event.id, type: event.type, objectRef: piId, snapshot: snapshotFromIntent(pi, list.data.map((r) => refundOf(r, pi.currency))), payload: event };
      }
      return { id: event.id, type: event.type, objectRef: null, snapshot: null, payload: event };
    },
  };
}
