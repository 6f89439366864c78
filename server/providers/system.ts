// pp_system_default: Medusa's manual provider. Authorizes at once, captures only on request, never calls out.
import { PaymentError } from "../core/errors";
import type { IntentSnapshot, PaymentProvider } from "../core/provider-port";

type State = Omit<IntentSnapshot, "data">;

function snapshot(state: State): IntentSnapshot {
  return { ...state, data: { ...state } };
}

function load(data: Record<string, unknown>): State {
  if (typeof data.ref !== "string") throw new PaymentError("invalid_state", "The session has no provider data.");
  return data as unknown as State;
}

export function createSystemProvider(): PaymentProvider {
  return {
    id: "pp_system_default",
    defaultCaptureMethod: "manual",
    remote: false,
    async initiate(input) {
      return snapshot({
        ref: `sys_${input.sessionId}`,
        status: "requires_confirmation",
        amount: input.amount.amount,
        currency: input.amount.currency,
        amountCapturable: 0,
        amountReceived: 0,
        captureMethod: "manual",
        attempts: [],
        refunds: [],
      });
    },
    async update(data, input) {
      const s = load(data);
      if (s.status !== "requires_confirmation") throw new PaymentError("invalid_state", "Only an unauthorized payment can change its amount.");
      return snapshot({ ...s, amount: input.amount.amount });
    },
    async authorize(data) {
      const s = load(data);
      if (s.status !== "requires_confirmation") return snapshot(s);
      return snapshot({ ...s, status: "requires_capture", amountCapturable: s.amount, attempts: [{ id: `${s.ref}_auth`, state: "succeeded", amount: s.amount }] });
    },
    async completeAction(data) {
      return snapshot(load(data));
    },
    async capture(data, input) {
      const s = load(data);
      if (s.status !== "requires_capture") throw new PaymentError("invalid_state", "Nothing is authorized to capture.");
      if (input.amount > s.amountCapturable) throw new PaymentError("amount_exceeds_authorized", "The amount exceeds what is authorized.");
      // Manual payments may be captured in parts until nothing authorized remains.
      const capturable = s.amountCapturable - input.amount;
      return snapshot({ ...s, status: capturable === 0 ? "succeeded" : "requires_capture", amountReceived: s.amountReceived + input.amount, amountCapturable: capturable });
    },
    async refund(data, input) {
      const s = load(data);
      const refunded = s.refunds.reduce((a, r) => a + (r.state === "succeeded" ? r.amount : 0), 0);
      if (input.amount > s.amountReceived - refunded) throw new PaymentError("amount_exceeds_captured", "The amount exceeds what is captured.");
      return snapshot({ ...s, refunds: [...s.refunds, { id: `${s.ref}_re_${s.refunds.length + 1}`, amount: input.amount, state: "succeeded" }] });
    },
    async cancel(data) {
      const s = load(data);
      if (s.amountReceived > 0) throw new PaymentError("invalid_state", "A captured payment cannot be canceled; refund it.");
      return snapshot({ ...s, status: "canceled", amountCapturable: 0 });
    },
    async retrieve(data) {
      return snapshot(load(data));
    },
  };
}
