"use client";
// The cart. Quantity steppers show the new quantity (and the totals it implies) at once, send one change per line at a
// time — a burst of clicks becomes the last quantity asked for — and then take the server's answer as the truth.
import { EmptyState } from "../ui/empty-state";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useRef, useState } from "react";
import { useTRPC } from "../trpc/react";
import { errorCode, isUnavailable } from "../ui/errors";
import { useMoney } from "../i18n/format";
import type { Money } from "../ui/format";
import { Skeleton } from "../ui/states";
import { DataTable } from "~/components/ui/data-table";

const MAX_QTY = 10_000;

/** The message (catalog key) for a failed cart change, by the error's code. */
function cartErrorKey(e: unknown): "common.unavailableShort" | "cart.quantityRange" | "cart.conflict" | "cart.lineGone" | "cart.updateFailed" {
  if (isUnavailable(e)) return "common.unavailableShort";
  switch (errorCode(e)) {
    case "BAD_REQUEST":
      return "cart.quantityRange";
    case "CONFLICT":
      return "cart.conflict";
    case "NOT_FOUND":
      return "cart.lineGone";
    default:
      return "cart.updateFailed";
  }
}

const plus = (m: Money, minor: number): Money => ({ ...m, amount: m.amount + minor });

export function CartView() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const tAll = useTranslations();
  const t = useTranslations("cart");
  const tCommon = useTranslations("common");
  const money = useMoney();
  const cartErrorMessage = (e: unknown) => tAll(cartErrorKey(e), { max: MAX_QTY });
  const cartKey = trpc.cart.get.queryKey();
  const cart = useQuery(trpc.cart.get.queryOptions());
  const update = useMutation(trpc.cart.updateLine.mutationOptions());
  const remove = useMutation(
    trpc.cart.removeLine.mutationOptions({
      onSuccess: (answer) => qc.setQueryData(cartKey, answer),
      onError: (e) => {
        setError(cartErrorMessage(e));
        void qc.invalidateQueries({ queryKey: cartKey });
      },
    }),
  );
  /** Quantities shown but not yet confirmed by the server, by line id. */
  const [pending, setPending] = useState<Record<string, number>>({});
  const [error, setError] = useState<string | null>(null);
  const target = useRef(new Map<string, number>());
  const inFlight = useRef(new Set<string>());

  function send(cartId: string, lineId: string) {
    if (inFlight.current.has(lineId)) return; // the answer to the one in flight sends the newest target
    const quantity = target.current.get(lineId);
    if (quantity === undefined) return;
    inFlight.current.add(lineId);
    update
      .mutateAsync({ cartId, lineId, quantity })
      .then((answer) => {
        qc.setQueryData(cartKey, answer);
        return true;
      })
      .catch((e: unknown) => {
        setError(cartErrorMessage(e));
        target.current.delete(lineId); // give up on this change; show what the server holds
        return false;
      })
      .finally(() => {
        inFlight.current.delete(lineId);
        if (target.current.has(lineId) && target.current.get(lineId) !== quantity) return send(cartId, lineId);
        target.current.delete(lineId);
        setPending((p) => {
          const next = { ...p };
          delete next[lineId];
          return next;
        });
        void qc.invalidateQueries({ queryKey: cartKey }); // re-sync: another tab may have changed the cart too
      });
  }

  function setQuantity(cartId: string, lineId: string, quantity: number) {
    if (!Number.isInteger(quantity) || quantity < 1 || quantity > MAX_QTY) {
      setError(cartErrorMessage({ code: "BAD_REQUEST" }));
      return;
    }
    setError(null);
    target.current.set(lineId, quantity);
    setPending((p) => ({ ...p, [lineId]: quantity }));
    send(cartId, lineId);
  }

  if (cart.isLoading) return <Skeleton lines={4} label={t("loading")} testId="cart-skeleton" />;
  if (cart.isError) {
    return (
      <p role="alert" className="error" data-testid="cart-error">
        {isUnavailable(cart.error) ? tCommon("unavailableReload") : t("loadFailed")}
      </p>
    );
  }
  const c = cart.data;
  if (!c || c.lines.length === 0) return <EmptyState text={t("empty")} action={t("continueShopping")} testId="cart-empty" actionTestId="cart-empty-shop" />;
  const syncing = Object.keys(pending).length > 0;
  // What the shopper sees now: the server's cart with the pending quantities applied (integer minor units).
  let shownTotal = c.total;
  const lines = c.lines.map((l) => {
    const quantity = pending[l.id] ?? l.quantity;
    const delta = (quantity - l.quantity) * l.unitPrice.amount;
    shownTotal = plus(shownTotal, delta);
    return { ...l, quantity, total: plus(l.total, delta), pending: l.id in pending };
  });
  return (
    <div data-testid="cart" aria-busy={syncing}>
      <DataTable caption={t("caption")} className="cart-table" columns={[tCommon("item"), tCommon("price"), tCommon("quantity"), tCommon("total"), <span className="visually-hidden">{t("actions")}</span>]}>
        <tbody>
          {lines.map((l) => (
            <tr key={l.id} data-testid={`line-${l.sku}`} className={l.pending ? "pending" : undefined}>
              <td>
                {l.productTitle} <span className="sku">{l.sku}</span>
              </td>
              <td data-label={t("unitPrice")}>{money(l.unitPrice)}</td>
              <td>
                <Stepper
                  id={`qty-${l.id}`}
                  sku={l.sku}
                  title={l.productTitle}
                  value={l.quantity}
                  onChange={(q) => setQuantity(c.id, l.id, q)}
                />
              </td>
              <td data-testid={`line-total-${l.sku}`} data-label={t("lineTotal")}>
                {money(l.total)}
              </td>
              <td>
                <button
                  type="button"
                  className="link-button"
                  disabled={remove.isPending || l.pending}
                  onClick={() => {
                    setError(null);
                    remove.mutate({ cartId: c.id, lineId: l.id });
                  }}
                  data-testid={`remove-${l.sku}`}
                >
                  <span aria-hidden="true">{t("remove")}</span>
                  <span className="visually-hidden">{t("removeItem", { title: l.productTitle })}</span>
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </DataTable>
      <p role="alert" className="error" data-testid="cart-update-error">
        {error ?? ""}
      </p>
      <p className="total">
        {tCommon("total")}: <strong data-testid="cart-total">{money(shownTotal)}</strong>{" "}
        <span role="status" className="sr-status" data-testid="cart-sync">
          {syncing ? t("updating") : ""}
        </span>
      </p>
      {syncing ? (
        <span className="button disabled" aria-disabled="true" data-testid="go-checkout">
          {t("checkout")}
        </span>
      ) : (
        <Link href="/checkout" className="button" data-testid="go-checkout">
          {t("checkout")}
        </Link>
      )}
    </div>
  );
}

/** − [n] + for one line. Typing a number commits on Enter or when the field loses focus. */
function Stepper({ id, sku, title, value, onChange }: { id: string; sku: string; title: string; value: number; onChange: (q: number) => void }) {
  const [draft, setDraft] = useState<string | null>(null);
  const t = useTranslations("cart");
  function commit() {
    if (draft === null) return;
    setDraft(null);
    const q = Number(draft);
    if (draft.trim() !== "" && q !== value) onChange(q);
  }
  return (
    <span className="stepper">
      <button type="button" className="step" onClick={() => onChange(value - 1)} disabled={value <= 1} data-testid={`dec-${sku}`}>
        <span aria-hidden="true">−</span>
        <span className="visually-hidden">{t("fewer", { title })}</span>
      </button>
      <label className="visually-hidden" htmlFor={id}>
        {t("quantityOf", { title })}
      </label>
      <input
        id={id}
        type="number"
        inputMode="numeric"
        min={1}
        max={MAX_QTY}
        value={draft ?? String(value)}
        className="qty"
        data-testid={`qty-${sku}`}
        onChange={(e) => setDraft(e.currentTarget.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === "Enter") {
            e.preventDefault();
            commit();
          }
        }}
      />
      <button type="button" className="step" onClick={() => onChange(value + 1)} disabled={value >= MAX_QTY} data-testid={`inc-${sku}`}>
        <span aria-hidden="true">+</span>
        <span className="visually-hidden">{t("more", { title })}</span>
      </button>
    </span>
  );
}
