"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId, useRef, useState, type FormEvent } from "react";
import { useTRPC } from "../trpc/react";
import { formatMoney, type Money } from "../ui/format";

type Kind = "capture" | "refund" | "cancel";

const CODE_MESSAGE: Record<string, string> = {
  version_conflict: "This payment changed since you opened it (someone else acted on it). Reload and check before trying again.",
  invalid_state: "The payment is no longer in a state that allows this. Reload to see where it is now.",
  amount_exceeds_authorized: "That is more than remains authorized.",
  amount_exceeds_captured: "That is more than remains captured and not yet refunded.",
  idempotency_conflict: "This confirmation was already used with another amount. Start again.",
  provider_unavailable: "The payment provider did not answer. Nothing is lost: the same action is retried safely when you try again.",
  validation: "Check the amount.",
  forbidden: "Your role does not allow this.",
};

/**
 * Capture, refund and cancel, each behind a confirmation step. Opening the step makes the action's idempotency key,
 * so a double click or a retry after a lost answer does it once; the payment's version goes with it, so an action on
 * a payment that moved meanwhile is refused, not applied blindly.
 */
export function PaymentActions(props: { id: string; version: number; status: string; authorized: Money; captured: Money; refunded: Money; provider: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [open, setOpen] = useState<{ kind: Kind; key: string } | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const msgRef = useRef<HTMLParagraphElement>(null);
  const ids = useId();
  const done = {
    onSuccess: () => {
      setOpen(null);
      setMessage(null);
      router.refresh();
    },
    onError: (e: { message: string; data?: { domainCode?: string | null } | null }) => {
      setMessage(CODE_MESSAGE[e.data?.domainCode ?? ""] ?? e.message);
      requestAnimationFrame(() => msgRef.current?.focus());
    },
  };
  const capture = useMutation(trpc.dashboard.payments.capture.mutationOptions(done));
  const refund = useMutation(trpc.dashboard.payments.refund.mutationOptions(done));
  const cancel = useMutation(trpc.dashboard.payments.cancel.mutationOptions(done));
  const pending = capture.isPending || refund.isPending || cancel.isPending;

  const minor = (m: Money) => m.amount;
  const remainingCapture = { ...props.authorized, amount: minor(props.authorized) - minor(props.captured) };
  const remainingRefund = { ...props.captured, amount: minor(props.captured) - minor(props.refunded) };
  const canCapture = ["authorized", "partially_captured"].includes(props.status) && remainingCapture.amount > 0;
  const canRefund = remainingRefund.amount > 0;
  const canCancel = ["authorized"].includes(props.status) && minor(props.captured) === 0;

  function start(kind: Kind) {
    setMessage(null);
    setOpen({ kind, key: `console-${kind}-${crypto.randomUUID()}` });
  }

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!open || pending) return;
    const f = new FormData(e.currentTarget);
    const amount = String(f.get("amount") ?? "").trim() || undefined;
    const base = { id: props.id, idempotencyKey: open.key, expectedVersion: props.version };
    if (open.kind === "capture") capture.mutate({ ...base, amount });
    else if (open.kind === "refund") refund.mutate({ ...base, amount, reason: String(f.get("reason") ?? "") || undefined, note: String(f.get("note") ?? "") || undefined });
    else cancel.mutate({ ...base, note: String(f.get("note") ?? "") || undefined });
  }

  return (
    <section aria-labelledby={`${ids}-title`} className="actions" data-testid="payment-actions">
      <h2 id={`${ids}-title`}>Actions</h2>
      {!open && (
        <p className="row">
          <button type="button" onClick={() => start("capture")} disabled={!canCapture} data-testid="action-capture">Capture…</button>
          <button type="button" onClick={() => start("refund")} disabled={!canRefund} data-testid="action-refund">Refund…</button>
          <button type="button" className="secondary" onClick={() => start("cancel")} disabled={!canCancel} data-testid="action-cancel">Cancel authorization…</button>
        </p>
      )}
      {open && (
        <form onSubmit={submit} className="form narrow" data-testid={`confirm-${open.kind}`}>
          {open.kind !== "cancel" && (
            <>
              <label htmlFor={`${ids}-amount`}>
                Amount ({props.authorized.currency}) — leave empty for all that remains: {formatMoney(open.kind === "capture" ? remainingCapture : remainingRefund)}
              </label>
              <input id={`${ids}-amount`} name="amount" inputMode="decimal" autoComplete="off" data-testid="action-amount" />
            </>
          )}
          {open.kind === "capture" && props.provider === "pp_stripe_stripe" && <p>Stripe releases what is left after a partial capture.</p>}
          {open.kind === "refund" && (
            <>
              <label htmlFor={`${ids}-reason`}>Reason</label>
              <select id={`${ids}-reason`} name="reason" defaultValue="" data-testid="action-reason">
                <option value="">—</option>
                <option value="requested_by_customer">Requested by the customer</option>
                <option value="duplicate">Duplicate</option>
                <option value="fraudulent">Fraudulent</option>
                <option value="other">Other</option>
              </select>
            </>
          )}
          {open.kind !== "capture" && (
            <>
              <label htmlFor={`${ids}-note`}>Note</label>
              <input id={`${ids}-note`} name="note" maxLength={1000} data-testid="action-note" />
            </>
          )}
          {open.kind === "cancel" && <p>This releases the whole authorization. It cannot be undone.</p>}
          <p className="row">
            <button type="submit" disabled={pending} data-testid="action-confirm">
              {pending ? "Working…" : `Confirm ${open.kind === "cancel" ? "cancellation" : open.kind}`}
            </button>
            <button type="button" className="secondary" onClick={() => setOpen(null)} disabled={pending}>Back</button>
          </p>
        </form>
      )}
      {message && (
        <p role="alert" className="error" tabIndex={-1} ref={msgRef} data-testid="action-error">
          {message}
        </p>
      )}
    </section>
  );
}
