// pp_kassa_test: the built-in test-card provider. Card numbers pick the outcome as Stripe's test cards do, and it keeps
// its whole state in the session's provider data (so any app process can continue a payment another one began).
//   4242 4242 4242 4242, 5555 5555 5555 4444  succeed
//   4000 0000 0000 0002  declined (generic_decline)        4000 0000 0000 9995  declined (insufficient_funds)
//   4000 0025 0000 3155  requires an action (approve/reject) before it succeeds
//   4000 0000 0000 0077  processing, then succeeded after `asyncSettleMs` (seen on retrieve, or via its event)
import { PaymentError } from "../core/errors";
import type { AttemptSnapshot, IntentSnapshot, PaymentProvider, ProviderErrorInfo } from "../core/provider-port";

type State = Omit<IntentSnapshot, "data"> & { settlesAt?: string | null; pendingAttempt?: string | null };

export const TEST_CARDS = {
  success: "4242424242424242",
  successMastercard: "5555555555554444",
  declined: "4000000000000002",
  insufficientFunds: "4000000000009995",
  requiresAction: "4000002500003155",
  async: "4000000000000077",
} as const;

export function luhnValid(digits: string): boolean {
  if (!/^\d{12,19}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

function snapshot(state: State): IntentSnapshot {
  const { settlesAt: _s, pendingAttempt: _p, ...rest } = state;
  return { ...rest, data: { ...state } };
}

function load(data: Record<string, unknown>): State {
  if (typeof data.ref !== "string") throw new PaymentError("invalid_state", "The session has no provider data.");
  return data as unknown as State;
}

function decline(code: string, declineCode: string | undefined, message: string): ProviderErrorInfo {
  return { code, declineCode, message };
}

type Card = { number: string; expMonth?: number; expYear?: number; cvc?: string };

function readCard(paymentData: Record<string, unknown>): Card {
  const card = (paymentData.card ?? paymentData) as Record<string, unknown>;
  const number = String(card.number ?? "").replace(/[\s-]/g, "");
  if (!number) throw new PaymentError("validation", "A card number is required.", { field: "card.number" });
  return {
    number,
    expMonth: card.expMonth === undefined ? undefined : Number(card.expMonth),
    expYear: card.expYear === undefined ? undefined : Number(card.expYear),
    cvc: card.cvc === undefined ? undefined : String(card.cvc),
  };
}

function succeed(state: State): State {
  return state.captureMethod === "manual"
    ? { ...state, status: "requires_capture", amountCapturable: state.amount, nextAction: null, lastError: null }
    : { ...state, status: "succeeded", amountReceived: state.amount, amountCapturable: 0, nextAction: null, lastError: null };
}

function withAttempt(state: State, attempt: AttemptSnapshot): State {
  return { ...state, attempts: [...state.attempts.filter((a) => a.id !== attempt.id), attempt] };
}

export function createTestCardProvider(opts: { asyncSettleMs?: number } = {}): PaymentProvider {
  const asyncSettleMs = opts.asyncSettleMs ?? 1500;

  function maybeSettle(s: State, now: Date): State {
    if (s.status === "processing" && s.settlesAt && now.getTime() >= Date.parse(s.settlesAt)) {
      const id = s.pendingAttempt ?? `${s.ref}_att_${s.attempts.length}`;
      return { ...withAttempt(succeed(s), { id, state: "succeeded", amount: s.amount }), settlesAt: null, pendingAttempt: null };
    }
    return s;
  }

  return {
    id: "pp_kassa_test",
    defaultCaptureMethod: "automatic",
    remote: false,
    async initiate(input) {
      return snapshot({
        ref: `tpi_${input.sessionId.replace(/^payses_/, "")}`,
        status: "requires_payment_method",
        amount: input.amount.amount,
        currency: input.amount.currency,
        amountCapturable: 0,
        amountReceived: 0,
        captureMethod: input.captureMethod ?? "automatic",
        clientSecret: `tpi_${input.sessionId.replace(/^payses_/, "")}_secret_${input.idempotencyKey.slice(-8)}`,
        attempts: [],
        refunds: [],
        nextAction: null,
        lastError: null,
      });
    },
    async update(data, input) {
      const s = load(data);
      if (!["requires_payment_method", "requires_confirmation"].includes(s.status)) {
        throw new PaymentError("invalid_state", "The amount can only change before the payment is confirmed.");
      }
      return snapshot({ ...s, amount: input.amount.amount });
    },
    async authorize(data, input) {
      let s = maybeSettle(load(data), input.now);
      if (!["requires_payment_method", "requires_confirmation"].includes(s.status)) return snapshot(s); // already past this point
      const card = readCard(input.paymentData);
      const attemptId = `${s.ref}_att_${s.attempts.length + 1}`;
      const fail = (error: ProviderErrorInfo) =>
        snapshot({ ...withAttempt(s, { id: attemptId, state: "failed", amount: s.amount, error }), status: "requires_payment_method", lastError: error });
      if (!luhnValid(card.number)) return fail(decline("incorrect_number", undefined, "Your card number is incorrect."));
      if (card.expMonth !== undefined && card.expYear !== undefined) {
        const year = card.expYear < 100 ? 2000 + card.expYear : card.expYear;
        const end = Date.UTC(year, card.expMonth, 1); // first day of the month after expiry
        if (!(card.expMonth >= 1 && card.expMonth <= 12) || end <= input.now.getTime()) {
          return fail(decline("expired_card", undefined, "Your card has expired."));
        }
      }
      switch (card.number) {
        case TEST_CARDS.success:
        case TEST_CARDS.successMastercard:
          return snapshot(withAttempt(succeed(s), { id: attemptId, state: "succeeded", amount: s.amount }));
        case TEST_CARDS.declined:
          return fail(decline("card_declined", "generic_decline", "Your card was declined."));
        case TEST_CARDS.insufficientFunds:
          return fail(decline("card_declined", "insufficient_funds", "Your card has insufficient funds."));
        case TEST_CARDS.requiresAction:
          s = { ...withAttempt(s, { id: attemptId, state: "requires_action", amount: s.amount }), status: "requires_action", pendingAttempt: attemptId, lastError: null };
          return snapshot({ ...s, nextAction: { type: "kassa_confirm", attempt: attemptId } });
        case TEST_CARDS.async:
          return snapshot({
            ...withAttempt(s, { id: attemptId, state: "pending", amount: s.amount }),
            status: "processing",
            pendingAttempt: attemptId,
            settlesAt: new Date(input.now.getTime() + asyncSettleMs).toISOString(),
            lastError: null,
          });
        default:
          return fail(decline("card_declined", "card_not_supported", "This test card is not supported. Use 4242 4242 4242 4242."));
      }
    },
    async completeAction(data, input) {
      const s = load(data);
      if (s.status !== "requires_action" || !s.pendingAttempt) return snapshot(s);
      const attempt = s.pendingAttempt;
      if (input.approve) {
        return snapshot({ ...withAttempt(succeed(s), { id: attempt, state: "succeeded", amount: s.amount }), pendingAttempt: null });
      }
      const error = decline("payment_intent_authentication_failure", undefined, "The card's authentication was not completed.");
      return snapshot({ ...withAttempt(s, { id: attempt, state: "failed", amount: s.amount, error }), status: "requires_payment_method", nextAction: null, lastError: error, pendingAttempt: null });
    },
    async capture(data, input) {
      const s = maybeSettle(load(data), input.now);
      if (s.status === "succeeded") return snapshot(s);
      if (s.status !== "requires_capture") throw new PaymentError("invalid_state", "Nothing is authorized to capture.");
      if (input.amount > s.amountCapturable) throw new PaymentError("amount_exceeds_authorized", "The amount exceeds what is authorized.");
      // Captured in parts until nothing authorized remains (Stripe's multicapture; its default releases the rest).
      const capturable = s.amountCapturable - input.amount;
      return snapshot({ ...s, status: capturable === 0 ? "succeeded" : "requires_capture", amountReceived: s.amountReceived + input.amount, amountCapturable: capturable });
    },
    async refund(data, input) {
      const s = load(data);
      const refunded = s.refunds.reduce((a, r) => a + (r.state === "succeeded" ? r.amount : 0), 0);
      if (input.amount > s.amountReceived - refunded) throw new PaymentError("amount_exceeds_captured", "The amount exceeds what is captured.");
      return snapshot({ ...s, refunds: [...s.refunds, { id: `${s.ref}_re_${s.refunds.length + 1}`, amount: input.amount, state: "succeeded" }] });
    },
    async cancel(data, input) {
      const s = maybeSettle(load(data), input.now);
      if (s.status === "succeeded") throw new PaymentError("invalid_state", "A captured payment cannot be canceled; refund it.");
      if (s.status === "canceled") return snapshot(s);
      return snapshot({ ...s, status: "canceled", amountCapturable: 0, nextAction: null });
    },
    async retrieve(data, input) {
      return snapshot(maybeSettle(load(data), input.now));
    },
  };
}
