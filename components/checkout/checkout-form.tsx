"use client";
// The checkout: contact and address, then the payment step (the built-in test-card form). One attempt key per Pay
// attempt, kept across reloads until the attempt has an outcome, so a double click or a reload never pays twice.
import { EmptyState } from "../ui/empty-state";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import dynamic from "next/dynamic";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { fieldErrorsFromServer, type FieldErrors } from "~/server/core/checkout-fields";
import { useTRPC } from "../trpc/react";
import { useMoney } from "../i18n/format";
import { Skeleton } from "../ui/states";
import { AddressFields, Field, readAddress, type AddressValue } from "./address-fields";
import { declineKey, digitsOnly, parseExpiry, validateCard, type CardErrors } from "./card-validation";

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

/** The `checkout` catalog's key for a refusal that is not about one field: by the domain code, never the server's text. */
const FORM_MESSAGES: Record<string, string> = {
  invalid_state: "invalidState",
  not_found: "notFound",
  provider_unavailable: "providerUnavailable",
  idempotency_conflict: "idempotencyConflict",
  conflict: "conflict",
};

export function formMessageKey(err: unknown): string {
  const data = (err as { data?: { domainCode?: unknown; code?: unknown } | null } | null)?.data;
  const code = typeof data?.domainCode === "string" ? data.domainCode : null;
  if (code && FORM_MESSAGES[code]) return FORM_MESSAGES[code];
  if (data?.code === "SERVICE_UNAVAILABLE") return "providerUnavailable";
  if (data?.code === "BAD_REQUEST" || code === "validation") return "notAccepted";
  return "failed";
}

type Step = "cart" | "details" | "payment" | "done";
const STEPS: readonly Step[] = ["cart", "details", "payment", "done"];
const STEP_KEY = { cart: "stepCart", details: "stepDetails", payment: "stepPayment", done: "stepDone" } as const;

/** Where the shopper is: a list, the current step marked for screen readers too. The cart step links back. */
function Steps({ current }: { current: Step }) {
  const t = useTranslations("checkout");
  const at = STEPS.indexOf(current);
  return (
    <ol className="steps" aria-label={t("steps")} data-testid="checkout-steps">
      {STEPS.map((s, i) => (
        <li key={s} className={i < at ? "done" : i === at ? "current" : undefined} aria-current={i === at ? "step" : undefined}>
          <span className="step-no" aria-hidden="true">{i + 1}</span>
          {s === "cart" && i < at ? <Link href="/cart">{t(STEP_KEY[s])}</Link> : t(STEP_KEY[s])}
        </li>
      ))}
    </ol>
  );
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
  const t = useTranslations("checkout");
  const tCard = useTranslations("card");
  const tDecline = useTranslations("declines");
  const tCommon = useTranslations("common");
  const tCart = useTranslations("cart");
  const money = useMoney();
  const cart = useQuery(trpc.cart.get.queryOptions());
  const save = useMutation(trpc.checkout.saveDetails.mutationOptions());
  const pay = useMutation(trpc.checkout.pay.mutationOptions());
  const confirm = useMutation(trpc.checkout.confirmAction.mutationOptions());
  const finish = useMutation(trpc.checkout.finish.mutationOptions());
  const [processing, setProcessing] = useState(false);
  const [errors, setErrors] = useState<CardErrors & { form?: string }>({});
  /** A declined payment: its words (the alert shows them in the declined panel) */
  const [declined, setDeclined] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  // null until the shopper touches it: a cart that already has a billing address of its own starts unticked
  const [billingChoice, setBillingSame] = useState<boolean | null>(null);
  const billingSame = billingChoice ?? !cart.data?.billingAddress;
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

  if (cart.isLoading) return <Skeleton lines={6} label={t("title")} testId="checkout-skeleton" />;
  const c = cart.data;
  if (!c || c.lines.length === 0) return <EmptyState text={t("empty")} action={tCart("continueShopping")} testId="checkout-empty" />;
  const cartId = c.id;
  const shownTotal = c.total; // what the Pay button says: the server refuses to charge anything else

  function show(e: CardErrors & { form?: string }, fields: FieldErrors = {}, decline: string | null = null) {
    setErrors(e);
    setDeclined(decline);
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
      show({ form: t("processingLong") });
      return;
    }
    attempts.finish();
    setAction(null);
    show({ form: tDecline(declineKey(result.code, result.declineCode)) }, {}, t("declinedTitle"));
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
    if (!schema) return show({ form: t("notLoaded") });
    const checked = schema.validateCheckoutDetails(details);
    if (!checked.ok) return show({ ...cardErrors, form: t("fieldsMessage") }, checked.errors);
    if (Object.keys(cardErrors).length) return show({ ...cardErrors, form: t("cardMessage") });
    if (inFlight.current) return;
    setBusy(true);
    setErrors({});
    setDeclined(null);
    setFieldErrors({});
    try {
      try {
        await save.mutateAsync({ cartId, ...checked.value });
      } catch (err) {
        // a refusal of a field (what only the server knows, e.g. the region's countries) goes next to that field
        const fields = fieldErrorsFromServer((err as { data?: unknown } | null)?.data);
        if (Object.keys(fields).length) return show({ form: t("fieldsMessage") }, fields);
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
        expectedTotal: { amount: shownTotal.amount, currency: shownTotal.currency },
      });
      await handle(result as Result);
    } catch (err) {
      // the cart changed elsewhere (another tab): show its new total before the shopper pays again
      if (formMessageKey(err) === "invalidState") void cart.refetch();
      show({ form: t(formMessageKey(err)) });
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
      show({ form: t(formMessageKey(err)) });
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
        {tCard(errors[k])}
      </span>
    ) : null;
  const step: Step = action || processing || (stripeKey && detailsSaved) ? "payment" : "details";
  const payLabel = t("pay", { amount: money(c.total) });

  return (
    <div className="checkout-page">
      <Steps current={step} />
      <div className="checkout">
      <section aria-labelledby="summary-title" className="summary" data-testid="order-summary">
        <h2 id="summary-title">{t("summary")}</h2>
        <ul className="summary-lines">
          {c.lines.map((l) => (
            <li key={l.id}>
              <span className="summary-qty">{l.quantity} ×</span> <span className="summary-name">{l.productTitle}</span>{" "}
              <span className="summary-amount">{money(l.total)}</span>
            </li>
          ))}
        </ul>
        <dl className="summary-totals">
          <dt>{t("subtotal")}</dt>
          <dd>{money(c.subtotal)}</dd>
          <dt className="grand">{tCommon("total")}</dt>
          <dd className="grand">
            <strong data-testid="checkout-total">{money(c.total)}</strong>
          </dd>
        </dl>
        <p>
          <Link href="/cart">{t("editCart")}</Link>
        </p>
      </section>

      <div className="checkout-main">
      <div ref={alertRef} tabIndex={-1} role="alert" className={declined ? "declined-panel" : "error"} data-testid="checkout-error">
        {declined && (
          <strong className="declined-title" data-testid="declined-title">
            {declined}
          </strong>
        )}
        {declined ? <span> {errors.form ?? ""} </span> : (errors.form ?? "")}
        {declined && <span className="hint"> {t("declinedHelp")}</span>}
      </div>

      {processing && (
        <p role="status" className="processing" data-testid="payment-status">
          {t("processing")}
        </p>
      )}
      {action && (
        <div ref={actionRef} tabIndex={-1} role="region" aria-labelledby="action-title" className="action-step" data-testid="action-step">
          <p className="action-bank">{t("confirmBank")}</p>
          <h2 id="action-title">{t("confirmTitle")}</h2>
          <p>{t("confirmText", { amount: money(c.total) })}</p>
          <div className="state-actions">
            <button type="button" onClick={() => answer(true)} disabled={busy} data-testid="action-approve">
              {t("confirmApprove")}
            </button>
            <button type="button" className="secondary" onClick={() => answer(false)} disabled={busy} data-testid="action-reject">
              {t("confirmCancel")}
            </button>
          </div>
        </div>
      )}
      {/* kept mounted (hidden) during the confirmation step, so nothing typed is lost */}
      <form
        onSubmit={onSubmit}
        onChange={(e) => onEdit((e.target as { name?: string }).name ?? "")}
        onFocus={() => void loadSchema()}
        className="form"
        noValidate
        aria-label={t("title")}
        hidden={!!action}
      >
        <fieldset>
          <legend>{t("contact")}</legend>
          <Field path="email" label={t("email")} errors={fieldErrors}>
            {(a) => <input {...a} type="email" autoComplete="email" defaultValue={c.email ?? defaultEmail ?? ""} data-testid="checkout-email" />}
          </Field>
        </fieldset>
        <fieldset>
          <legend>{t("shippingAddress")}</legend>
          <AddressFields prefix="shippingAddress" testIdPrefix="checkout" countries={countries} initial={addr} errors={fieldErrors} withPhone />
        </fieldset>
        <fieldset>
          <legend>{t("billingAddress")}</legend>
          <label className="check">
            <input type="checkbox" name="billingSame" checked={billingSame} onChange={(e) => setBillingSame(e.target.checked)} data-testid="billing-same" />{" "}
            {t("billingSame")}
          </label>
          {!billingSame && <AddressFields prefix="billingAddress" testIdPrefix="billing" countries={countries} initial={billing ?? {}} errors={fieldErrors} />}
        </fieldset>
        {stripeKey ? (
          <button type="submit" disabled={busy} data-testid="continue-to-payment">
            {detailsSaved ? t("updateDetails") : t("continueToPayment")}
          </button>
        ) : (
          <>
            <fieldset>
              <legend>{t("payment")}</legend>
              <label htmlFor="cardNumber">{t("cardNumber")}</label>
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
                  <label htmlFor="expiry">{t("expiry")}</label>
                  <input id="expiry" name="expiry" autoComplete="cc-exp" placeholder="12/34" aria-invalid={!!errors.expiry} aria-describedby={errors.expiry ? "expiry-error" : undefined} data-testid="card-expiry" />
                  {fieldError("expiry")}
                </div>
                <div>
                  <label htmlFor="cvc">{t("cvc")}</label>
                  <input id="cvc" name="cvc" inputMode="numeric" autoComplete="cc-csc" placeholder="123" aria-invalid={!!errors.cvc} aria-describedby={errors.cvc ? "cvc-error" : undefined} data-testid="card-cvc" />
                  {fieldError("cvc")}
                </div>
              </div>
            </fieldset>
            <p className="hint">{t("secure")}</p>
            <button type="submit" disabled={busy} aria-busy={busy} className="pay-button" data-testid="pay">
              {busy ? t("paying") : payLabel}
            </button>
          </>
        )}
      </form>
      {stripeKey && <StripePaymentStep cartId={cartId} publishableKey={stripeKey} label={payLabel} ready={detailsSaved} />}
      </div>
      </div>
    </div>
  );
}
