"use client";
// The payment step with Stripe's Payment Element (when STRIPE_PUBLISHABLE_KEY is set). Stripe.js is loaded from
// "@stripe/stripe-js/pure", so nothing is injected until this step renders. Stripe confirms and redirects back to
// /checkout/complete, where the server reads the outcome from Stripe itself.
import { Elements, PaymentElement, useElements, useStripe } from "@stripe/react-stripe-js";
import type { Stripe } from "@stripe/stripe-js";
import { loadStripe } from "@stripe/stripe-js/pure";
import { useMutation } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { useTRPC } from "../trpc/react";

let stripePromise: Promise<Stripe | null> | undefined;

function PayForm({ cartId, label }: { cartId: string; label: string }) {
  const stripe = useStripe();
  const elements = useElements();
  const [error, setError] = useState<string | null>(null);
  const t = useTranslations("checkout");
  const tDecline = useTranslations("declines");
  const inFlight = useRef(false);
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (!stripe || !elements || inFlight.current) return;
    inFlight.current = true;
    setBusy(true);
    setError(null);
    const { error: err } = await stripe.confirmPayment({
      elements,
      confirmParams: { return_url: `${window.location.origin}/checkout/complete?cart=${encodeURIComponent(cartId)}` },
    });
    // Only reached when Stripe did not redirect: a decline or a validation problem.
    setError(err?.message ?? tDecline("other"));
    inFlight.current = false;
    setBusy(false);
  }

  return (
    <form onSubmit={onSubmit} className="form" aria-label={t("stripeLabel")} data-testid="stripe-form">
      <PaymentElement />
      <div role="alert" className="error" data-testid="stripe-error">
        {error ?? ""}
      </div>
      <button type="submit" disabled={!stripe || busy} data-testid="stripe-pay">
        {busy ? t("paying") : label}
      </button>
    </form>
  );
}

export function StripePaymentStep({ cartId, publishableKey, label, ready }: { cartId: string; publishableKey: string; label: string; ready: boolean }) {
  const trpc = useTRPC();
  const start = useMutation(trpc.checkout.startStripe.mutationOptions());
  const [clientSecret, setClientSecret] = useState<string | null>(null);
  const t = useTranslations("checkout");
  const locale = useLocale() as "en" | "de" | "ja"; // Stripe's Payment Element speaks the page's language

  useEffect(() => {
    if (!ready || clientSecret || start.isPending) return;
    start.mutate({ cartId }, { onSuccess: (r) => setClientSecret(r.clientSecret) });
  }, [ready, cartId, clientSecret, start]);

  if (!ready) return <p>{t("stripeEnterDetails")}</p>;
  if (start.isError) return <p role="alert" className="error">{t("stripeStartFailed")}</p>;
  if (!clientSecret) return <p>{t("stripePreparing")}</p>;
  stripePromise ??= loadStripe(publishableKey);
  return (
    <Elements key={locale} stripe={stripePromise} options={{ clientSecret, locale }}>
      <PayForm cartId={cartId} label={label} />
    </Elements>
  );
}
