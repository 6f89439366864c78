"use client";
// The checkout: contact and address, then the payment step (the built-in test-card form). One attempt key per Pay
// attempt, kept across reloads until the attempt has an outcome, so a double click or a reload never pays twice.
import { useMutation, useQuery } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { useTRPC } from "../trpc/react";
import { formatMoney } from "../ui/format";
import { declineMessage, digitsOnly, parseExpiry, validateCard, type CardErrors } from "./card-validation";

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

export function CheckoutForm({ defaultEmail, stripeKey }: { defaultEmail?: string | null; stripeKey?: string | null }) {
  const trpc = useTRPC();
  const router = useRouter();
  const cart = useQuery(trpc.cart.get.queryOptions());
  const save = useMutation(trpc.checkout.saveDetails.mutationOptions());
  const pay = useMutation(trpc.checkout.pay.mutationOptions());
  const confirm = useMutation(trpc.checkout.confirmAction.mutationOptions());
  const finish = useMutation(trpc.checkout.finish.mutationOptions());
  const [processing, setProcessing] = useState(false);
  const [errors, setErrors] = useState<CardErrors & { form?: string }>({});
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

  function show(e: CardErrors & { form?: string }) {
    setErrors(e);
    requestAnimationFrame(() => alertRef.current?.focus());
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
    const email = String(f.get("email") ?? "").trim();
    const missing = ["name", "line1", "city", "postalCode", "country"].filter((k) => !String(f.get(k) ?? "").trim());
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) return show({ ...cardErrors, form: "Enter a valid email address." });
    if (missing.length) return show({ ...cardErrors, form: "Fill in your name and address." });
    if (Object.keys(cardErrors).length) return show({ ...cardErrors, form: "Check your card details." });
    if (inFlight.current) return;
    setBusy(true);
    setErrors({});
    try {
      await save.mutateAsync({
        cartId,
        email,
        address: {
          name: String(f.get("name")),
          line1: String(f.get("line1")),
          city: String(f.get("city")),
          postalCode: String(f.get("postalCode")),
          country: String(f.get("country")).toUpperCase(),
        },
      });
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
      show({ form: err instanceof Error ? err.message : "Something went wrong. Try again." });
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
      show({ form: err instanceof Error ? err.message : "Something went wrong. Try again." });
    } finally {
      setBusy(false);
    }
  }

  const addr = (c.shippingAddress ?? {}) as Record<string, string>;
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
      <form onSubmit={onSubmit} className="form" noValidate aria-label="Checkout" hidden={!!action}>
          <fieldset>
            <legend>Contact</legend>
            <label htmlFor="email">Email</label>
            <input id="email" name="email" type="email" autoComplete="email" required defaultValue={c.email ?? defaultEmail ?? ""} data-testid="checkout-email" />
          </fieldset>
          <fieldset>
            <legend>Shipping address</legend>
            <label htmlFor="name">Full name</label>
            <input id="name" name="name" autoComplete="name" required defaultValue={addr.name ?? ""} data-testid="checkout-name" />
            <label htmlFor="line1">Address</label>
            <input id="line1" name="line1" autoComplete="address-line1" required defaultValue={addr.line1 ?? ""} data-testid="checkout-line1" />
            <label htmlFor="city">City</label>
            <input id="city" name="city" autoComplete="address-level2" required defaultValue={addr.city ?? ""} data-testid="checkout-city" />
            <label htmlFor="postalCode">Postal code</label>
            <input id="postalCode" name="postalCode" autoComplete="postal-code" required defaultValue={addr.postalCode ?? ""} data-testid="checkout-postal" />
            <label htmlFor="country">Country code</label>
            <input id="country" name="country" autoComplete="country" required maxLength={2} defaultValue={addr.country ?? "US"} data-testid="checkout-country" />
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
