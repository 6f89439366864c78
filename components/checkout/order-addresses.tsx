// The confirmation page's addresses: where the order ships and who is billed, as the order recorded them.
import { api } from "~/server/trpc/server";
import { countryName, toDisplayAddress, type DisplayAddress as Address } from "./address-display";

function Lines({ a, testId }: { a: Address; testId: string }) {
  const country = a.country ? countryName(a.country) : null;
  const lines = [a.name, a.line1, a.line2, [a.city, a.state, a.postalCode].filter(Boolean).join(" "), country, a.phone].filter(Boolean);
  return (
    <address data-testid={testId}>
      {lines.map((l, i) => (
        <span key={i}>
          {l}
          <br />
        </span>
      ))}
    </address>
  );
}

export async function OrderAddresses({ id }: { id: string }) {
  const o = await api.orders.addresses({ id }).catch(() => null);
  if (!o?.shippingAddress) return null; // orders from the REST dialects may carry none
  const ship = toDisplayAddress(o.shippingAddress);
  return (
    <section aria-labelledby="addresses-title" className="addresses">
      <h2 id="addresses-title">Addresses</h2>
      <div className="row">
        <div>
          <h3>Shipping to</h3>
          <Lines a={ship} testId="order-shipping-address" />
        </div>
        <div>
          <h3>Billing</h3>
          {o.billingAddress ? <Lines a={toDisplayAddress(o.billingAddress)} testId="order-billing-address" /> : <p data-testid="order-billing-address">Same as shipping address</p>}
        </div>
      </div>
    </section>
  );
}
