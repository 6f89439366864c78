"use client";
// The checkout: contact and address, then the payment step (the built-in test-card form). One attempt key per Pay
// attempt, kept across reloads until the attempt has an outcome, so a double click or a reload never pays twice.
import { useMutation, useQuery } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { fieldErrorsFromServer, type FieldErrors } from "~/server/core/checkout-fields";
import { useTRPC } from "../trpc/react";
import { formatMoney } from "../ui/format";
import { AddressFields, Field, readAddress, type AddressValue } from "./address-fields";
import { declineMessage, digitsOnly, parseExpiry, validateCard, type CardErrors } from "./card-validation";

// The shared zod schemas (the server parses saveDetails with the same ones) load when the shopper first touches the
// form, not with the page: they would put the checkout's first-load JavaScript over its budget.
const loadSchema = () => import("~/server/core/checkout-schema");

// Stripe's step (Stripe.js loader and React bindings) loads only where Stripe is configured, not with every checkout.
const StripePaymentStep = dynamic(() => import("./stripe-payment-step").then((m) => m.StripePaymentStep));

type Result =
  | { status: "complete"; orderId: string }
  | { status: "requires_action"; sessionId: string }
  | { status: "processing"; sessionId: string }
  | { status: "declined"; code: string; declineCode: string | null };

function attemptStore(cartId: string) {
  const k = `kassa_attempt_${cartId}`;
  return {
    current(): string {
      let v = sessionStorage.getItem(k);
      if (!v) sessionStorage.setItem(k, (v = crypto.randomUUID()));
      return v;
    },
    finish() {
      sessionStorage.removeItem(k);
    },
  };
}

/** Words for a refusal that is not about one field: by the domain code, never the server's message text. */
const FORM_MESSAGES: Record<string, string> = {
  invalid_state: "Your cart changed while you were checking out. Review it and try again.",
  not_found: "Your cart could not be found. It may have been completed already.",
  provider_unavailable: "The payment service is not answering right now. Nothing was charged; try again in a minute.",
  idempotency_conflict: "This payment is already being processed. Wait a moment, then reload the page.",
  conflict: "Something changed while you were paying. Try again.",
};
const FIELDS_MESSAGE = "Some details need your attention. Check the fields marked below.";

function formMessage(err: unknown): string {
  const data = (err as { data?: { domainCode?: unknown; code?: unknown } | null } | null)?.data;
  const code = typeof data?.domainCode === "string" ? data.domainCode : null;
  if (code && FORM_MESSAGES[code]) return FORM_MESSAGES[code];
  if (data?.code === "SERVICE_UNAVAILABLE") return FORM_MESSAGES.provider_unavailable!;
  if (data?.code === "BAD_REQUEST" || code === "validation") return "Some of these details were not accepted. Check them and try again.";
  return "Something went wrong. Try again.";
}

export function CheckoutForm({
  defaultEmail,
  stripeKey,
  regionCountries = {},
}: {
  defaultEmail?: string | null;
  stripeKey?: string | null;
  /** region id -> its countries (ISO alpha-2): the country select lists the cart region's */
  regionCountries?: Record<string, string[]>;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const cart = useQuery(trpc.cart.get.queryOptions());
  const save = useMutation(trpc.checkout.saveDetails.mutationOptions());
  const pay = useMutation(trpc.checkout.pay.mutationOptions());
  const confirm = useMutation(trpc.checkout.confirmAction.mutationOptions());
  const finish = useMutation(trpc.checkout.finish.mutationOptions());
  const [processing, setProcessing] = useState(false);
  const [errors, setErrors] = useState<CardErrors & { form?: string }>({});
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [billingSame, setBillingSame] = useState(true);
  const [action, setAction] = useState<string | null>(null);
  const [detailsSaved, setDetailsSaved] = useState(false);
  const [busy, setBusyState] = useState(false);
  const inFlight = useRef(false); // a ref, not state: a second click in the same frame must see it at once
  const setBusy = (v: boolean) => {
    inFlight.current = v;
    setBusyState(v);
  };
  const alertRef = useRef<HTMLDivElement>(null);
  const actionRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (action) actionRef.current?.focus();
  }, [action]);

  if (cart.isLoading) return <p>Loading…</p>;
  const c = cart.data;
  if (!c || c.lines.length === 0) return <p data-testid="checkout-empty">Your cart is empty.</p>;
  const cartId = c.id;

  function show(e: CardErrors & { form?: string }, fields: FieldErrors = {}) {
    setErrors(e);
    setFieldErrors(fields);
    // the first field with a message takes focus (its message is its description); otherwise the alert does
    requestAnimationFrame(() => {
      const first = Object.keys(fields)[0];
      const el = first ? document.getElementById(first.replace(/\./g, "-")) : null;
      (el ?? alertRef.current)?.focus();
    });
  }

  /** Editing a field clears its message; the next submit checks again. */
  function onEdit(name: string) {
    if (name in fieldErrors) setFieldErrors(({ [name]: _, ...rest }) => rest);
  }

  async function handle(result: Result) {
    const attempts = attemptStore(cartId);
    if (result.status === "complete") {
      attempts.finish();
      router.push(`/orders/${result.orderId}`);
      return;
    }
    if (result.status === "requires_action") {
      setAction(result.sessionId);
      return;
    }
    if (result.status === "processing") {
      // No order until the money settles: ask again, backing off, and stop when it has an outcome.
      setProcessing(true);
      for (let delay = 800, waited = 0; waited < 180_000; waited += delay, delay = Math.min(Math.round(delay * 1.5), 5_000)) {
        await new Promise((r) => setTimeout(r, delay));
        const next = (await finish.mutateAsync({ cartId }).catch(() => null)) as Result | null;
        if (next && next.status !== "processing") {
          setProcessing(false);
          return handle(next);
        }
      }
      setProcessing(false);
      show({ form: "Your payment is still processing. Your order will be placed once your bank confirms it." });
      return;
    }
    attempts.finish();
    setAction(null);
    show({ form: declineMessage(result.code, result.declineCode) });
  }

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (inFlight.current) return; // a second click while the first is running does nothing
    const f = new FormData(e.currentTarget);
    const card = { number: String(f.get("cardNumber") ?? ""), expiry: String(f.get("expiry") ?? ""), cvc: String(f.get("cvc") ?? "") };
    const cardErrors = stripeKey ? {} : validateCard(card);
    const details = {
      email: String(f.get("email") ?? ""),
      shippingAddress: readAddress(f, "shippingAddress"),
      billingAddress: billingSame ? null : readAddress(f, "billingAddress"),
    };
    const schema = await loadSchema().catch(() => null);
    if (!schema) return show({ form: "This page could not finish loading. Check your connection and try again." });
    const checked = schema.validateCheckoutDetails(details);
    if (!checked.ok) return show({ ...cardErrors, form: FIELDS_MESSAGE }, checked.errors);
    if (Object.keys(cardErrors).length) return show({ ...cardErrors, form: "Check your card details." });
    if (inFlight.current) return;
    setBusy(true);
    setErrors({});
    setFieldErrors({});
    try {
      try {
        await save.mutateAsync({ cartId, ...checked.value });
      } catch (err) {
        // a refusal of a field (what only the server knows, e.g. the region's countries) goes next to that field
        const fields = fieldErrorsFromServer((err as { data?: unknown } | null)?.data);
        if (Object.keys(fields).length) return show({ form: FIELDS_MESSAGE }, fields);
        throw err;
      }
      if (stripeKey) {
        setDetailsSaved(true); // Stripe's Payment Element takes over below
        return;
      }
      const exp = parseExpiry(card.expiry) as { month: number; year: number };
      const result = await pay.mutateAsync({
        cartId,
        attemptKey: attemptStore(cartId).current(),
        card: { number: digitsOnly(card.number), expMonth: exp.month, expYear: exp.year, cvc: card.cvc.trim() },
      });
      await handle(result as Result);
    } catch (err) {
      show({ form: formMessage(err) });
    } finally {
      setBusy(false);
    }
  }

  async function answer(approve: boolean) {
    if (!action || inFlight.current) return;
    setBusy(true);
    try {
      const result = await confirm.mutateAsync({ cartId, sessionId: action, approve, attemptKey: `${attemptStore(cartId).current()}:${approve ? "approve" : "reject"}` });
      if (result.status !== "requires_action") setAction(null);
      await handle(result as Result);
    } catch (err) {
      show({ form: formMessage(err) });
    } finally {
      setBusy(false);
    }
  }

  const addr = (c.shippingAddress ?? {}) as AddressValue;
  const billing = c.billingAddress as AddressValue | null;
  const countries = (regionCountries[c.regionId] ?? []).map((x) => x.toUpperCase());
  const fieldError = (k: keyof CardErrors) =>
    errors[k] ? (
      <span id={`${k}-error`} className="error field-error">
        {errors[k]}
      </span>
    ) : null;

  return (
    <div className="checkout">
      <section aria-labelledby="summary-title" className="summary">
        <h2 id="summary-title">Order summary</h2>
        <ul>
          {c.lines.map((l) => (
            <li key={l.id}>
              {l.quantity} × {l.productTitle} — {formatMoney(l.total)}
            </li>
          ))}
        </ul>
        <p>
          Total: <strong data-testid="checkout-total">{formatMoney(c.total)}</strong>
        </p>
      </section>

      <div ref={alertRef} tabIndex={-1} role="alert" className="error" data-testid="checkout-error">
        {errors.form ?? ""}
      </div>

      {processing && (
        <p role="status" className="processing" data-testid="payment-status">
          processing
        </p>
      )}
      {action && (
        <div ref={actionRef} tabIndex={-1} role="region" aria-labelledby="action-title" className="action-step" data-testid="action-step">
          <h2 id="action-title">Confirm your payment</h2>
          <p>Your bank asks you to confirm this payment of {formatMoney(c.total)}.</p>
          <button type="button" onClick={() => answer(true)} disabled={busy} data-testid="action-approve">
            Confirm payment
          </button>{" "}
          <button type="button" className="secondary" onClick={() => answer(false)} disabled={busy} data-testid="action-reject">
            Cancel
          </button>
        </div>
      )}
      {/* kept mounted (hidden) during the confirmation step, so nothing typed is lost */}
      <form
        onSubmit={onSubmit}
        onChange={(e) => onEdit((e.target as { name?: string }).name ?? "")}
        onFocus={() => void loadSchema()}
        className="form"
        noValidate
        aria-label="Checkout"
        hidden={!!action}
      >
          <fieldset>
            <legend>Contact</legend>
            <Field path="email" label="Email" errors={fieldErrors}>
              {(a) => <input {...a} type="email" autoComplete="email" defaultValue={c.email ?? defaultEmail ?? ""} data-testid="checkout-email" />}
            </Field>
          </fieldset>
          <fieldset>
            <legend>Shipping address</legend>
            <AddressFields prefix="shippingAddress" testIdPrefix="checkout" countries={countries} initial={addr} errors={fieldErrors} withPhone />
          </fieldset>
          <fieldset>
            <legend>Billing address</legend>
            <label className="check">
              <input
                type="checkbox"
                name="billingSame"
                checked={billingSame}
                onChange={(e) => setBillingSame(e.target.checked)}
                data-testid="billing-same"
              />{" "}
              Same as shipping address
            </label>
            {!billingSame && <AddressFields prefix="billingAddress" testIdPrefix="billing" countries={countries} initial={billing ?? {}} errors={fieldErrors} />}
          </fieldset>
          {stripeKey ? (
            <button type="submit" disabled={busy} data-testid="continue-to-payment">
              {detailsSaved ? "Update details" : "Continue to payment"}
            </button>
          ) : (
          <>
          <fieldset>
            <legend>Payment (test card)</legend>
            <label htmlFor="cardNumber">Card number</label>
            <input
              id="cardNumber"
              name="cardNumber"
              inputMode="numeric"
              autoComplete="cc-number"
              placeholder="4242 4242 4242 4242"
              aria-invalid={!!errors.number}
              aria-describedby={errors.number ? "number-error" : undefined}
              data-testid="card-number"
            />
            {fieldError("number")}
            <div className="row">
              <div>
                <label htmlFor="expiry">Expiry (MM/YY)</label>
                <input id="expiry" name="expiry" autoComplete="cc-exp" placeholder="12/34" aria-invalid={!!errors.expiry} aria-describedby={errors.expiry ? "expiry-error" : undefined} data-testid="card-expiry" />
                {fieldError("expiry")}
              </div>
              <div>
                <label htmlFor="cvc">CVC</label>
                <input id="cvc" name="cvc" inputMode="numeric" autoComplete="cc-csc" placeholder="123" aria-invalid={!!errors.cvc} aria-describedby={errors.cvc ? "cvc-error" : undefined} data-testid="card-cvc" />
                {fieldError("cvc")}
              </div>
            </div>
          </fieldset>
          <button type="submit" disabled={busy} aria-busy={busy} data-testid="pay">
            {busy ? "Paying…" : `Pay ${formatMoney(c.total)}`}
          </button>
          </>
          )}
      </form>
      {stripeKey && <StripePaymentStep cartId={cartId} publishableKey={stripeKey} label={`Pay ${formatMoney(c.total)}`} ready={detailsSaved} />}
    </div>
  );
}
