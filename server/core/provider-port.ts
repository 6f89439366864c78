// One interface for every payment provider. Providers are stateless toward Kassa: each call receives the session's
// stored provider data and returns an IntentSnapshot — the provider's view of the payment — which core applies
// monotonically (server/core/ledger.ts). A webhook carries the same snapshot, so both paths converge.
import type { Money } from "./money";

/** Stripe's PaymentIntent lifecycle, used as the common vocabulary. */
export type IntentStatus =
  | "requires_payment_method"
  | "requires_confirmation"
  | "requires_action"
  | "processing"
  | "requires_capture"
  | "succeeded"
  | "canceled";

export type ProviderErrorInfo = { code: string; declineCode?: string; message: string };

/** One try to pay within an intent (a card confirmation, a 3-D Secure step): its own id and state. */
export type AttemptSnapshot = {
  id: string;
  state: "pending" | "requires_action" | "succeeded" | "failed";
  amount: number;
  error?: ProviderErrorInfo;
};

export type IntentSnapshot = {
  ref: string; // the provider's intent id (Stripe PaymentIntent id)
  status: IntentStatus;
  amount: number; // minor units
  currency: string; // upper-case ISO code
  amountCapturable: number;
  amountReceived: number;
  captureMethod: "automatic" | "manual";
  clientSecret?: string;
  attempts: AttemptSnapshot[];
  /** `operationId`: the Kassa operation that made the refund (Stripe: its `metadata.kassa_operation_id`), when known. */
  refunds: { id: string; amount: number; state: "pending" | "succeeded" | "failed"; operationId?: string }[];
  nextAction?: { type: string; [k: string]: unknown } | null;
  lastError?: ProviderErrorInfo | null;
  /** What Kassa keeps for the next call (e.g. the test provider's whole state; Stripe's id and client secret). */
  data: Record<string, unknown>;
};

export type ProviderCallContext = {
  sessionId: string;
  /** Deterministic, derived from our ids: the provider de-duplicates retried calls with it. */
  idempotencyKey: string;
  now: Date;
};

export type InitiateInput = ProviderCallContext & {
  amount: Money;
  captureMethod?: "automatic" | "manual";
  description?: string;
  metadata?: Record<string, string>;
  customerEmail?: string | null;
};

/** A dispute (chargeback) on a payment: open (`needs_response`, `under_review`, …), `won` or `lost`. */
export type DisputeSnapshot = { id: string; amount: number; status: string; reason: string | null };

/** A verified provider event. `created` is the provider's own clock (seconds), for ordering; `objectRef` the intent. */
export type WebhookEvent = {
  id: string;
  type: string;
  created?: number;
  snapshot: IntentSnapshot | null;
  refunds?: IntentSnapshot["refunds"];
  dispute?: DisputeSnapshot | null;
  objectRef: string | null;
  payload: unknown;
};

export interface PaymentProvider {
  readonly id: string;
  readonly defaultCaptureMethod: "automatic" | "manual";
  /** True when the payment's state lives at the provider (Stripe): a retired session must be canceled there. False
   * when it lives in the session's own row (the manual and test-card providers): retiring the row retires it. */
  readonly remote: boolean;
  initiate(input: InitiateInput): Promise<IntentSnapshot>;
  /** Change the amount in place (the cart changed); only before authorization. */
  update(data: Record<string, unknown>, input: ProviderCallContext & { amount: Money; metadata?: Record<string, string> }): Promise<IntentSnapshot>;
  /** Confirm with payment details (card, payment method). Declines come back as a snapshot, not as a throw. */
  authorize(data: Record<string, unknown>, input: ProviderCallContext & { paymentData: Record<string, unknown> }): Promise<IntentSnapshot>;
  /** Complete a pending customer action (3-D Secure-like): approve or reject. */
  completeAction(data: Record<string, unknown>, input: ProviderCallContext & { approve: boolean }): Promise<IntentSnapshot>;
  capture(data: Record<string, unknown>, input: ProviderCallContext & { amount: number }): Promise<IntentSnapshot>;
  refund(data: Record<string, unknown>, input: ProviderCallContext & { amount: number }): Promise<IntentSnapshot>;
  cancel(data: Record<string, unknown>, input: ProviderCallContext): Promise<IntentSnapshot>;
  retrieve(data: Record<string, unknown>, input: { now: Date }): Promise<IntentSnapshot>;
  /** Verify and parse a webhook from the raw body (fail closed: throws PaymentError("unauthorized")). */
  parseWebhook?(rawBody: string, headers: Headers): Promise<WebhookEvent>;
}

export type ProviderRegistry = {
  get(id: string): PaymentProvider; // throws PaymentError("validation") for an unknown or disabled provider
  has(id: string): boolean;
  ids(): string[];
};
