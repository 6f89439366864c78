"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "../trpc/react";
import { formatMoney } from "../ui/format";

export function CartView() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const cart = useQuery(trpc.cart.get.queryOptions());
  const refresh = { onSuccess: () => qc.invalidateQueries({ queryKey: trpc.cart.get.queryKey() }) };
  const update = useMutation(trpc.cart.updateLine.mutationOptions(refresh));
  const remove = useMutation(trpc.cart.removeLine.mutationOptions(refresh));

  if (cart.isLoading) return <p>Loading your cart…</p>;
  if (cart.isError) return <p role="alert">Your cart could not be loaded. Reload the page to try again.</p>;
  const c = cart.data;
  if (!c || c.lines.length === 0) {
    return (
      <p data-testid="cart-empty">
        Your cart is empty. <Link href="/">Continue shopping</Link>
      </p>
    );
  }
  const busy = update.isPending || remove.isPending;
  return (
    <div data-testid="cart">
      <table className="table">
        <caption className="visually-hidden">Items in your cart</caption>
        <thead>
          <tr>
            <th scope="col">Item</th>
            <th scope="col">Price</th>
            <th scope="col">Quantity</th>
            <th scope="col">Total</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {c.lines.map((l) => (
            <tr key={l.id} data-testid={`line-${l.sku}`}>
              <td>
                {l.productTitle} <span className="sku">{l.sku}</span>
              </td>
              <td>{formatMoney(l.unitPrice)}</td>
              <td>
                <label className="visually-hidden" htmlFor={`qty-${l.id}`}>
                  Quantity of {l.productTitle}
                </label>
                <input
                  id={`qty-${l.id}`}
                  type="number"
                  min={0}
                  max={10000}
                  defaultValue={l.quantity}
                  className="qty"
                  data-testid={`qty-${l.sku}`}
                  onBlur={(e) => {
                    const q = Number(e.currentTarget.value);
                    if (Number.isInteger(q) && q >= 0 && q !== l.quantity) update.mutate({ cartId: c.id, lineId: l.id, quantity: q });
                  }}
                />
              </td>
              <td data-testid={`line-total-${l.sku}`}>{formatMoney(l.total)}</td>
              <td>
                <button type="button" className="link-button" disabled={busy} onClick={() => remove.mutate({ cartId: c.id, lineId: l.id })} data-testid={`remove-${l.sku}`}>
                  Remove<span className="visually-hidden"> {l.productTitle}</span>
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {(update.isError || remove.isError) && <p role="alert" className="error">{(update.error ?? remove.error)?.message}</p>}
      <p className="total">
        Total: <strong data-testid="cart-total">{formatMoney(c.total)}</strong>
      </p>
      <Link href="/checkout" className="button" data-testid="go-checkout">
        Checkout
      </Link>
    </div>
  );
}
