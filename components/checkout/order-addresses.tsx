// The confirmation page's addresses: where the order ships and who is billed, as the order recorded them.
import { getLocale, getTranslations } from "next-intl/server";
import { api } from "~/server/trpc/server";
import { countryName, toDisplayAddress, type DisplayAddress as Address } from "./address-display";

function Lines({ a, testId, names }: { a: Address; testId: string; names: Intl.DisplayNames }) {
  const country = a.country ? countryName(a.country, names) : null;
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
  const [t, locale] = await Promise.all([getTranslations("order"), getLocale()]);
  const names = new Intl.DisplayNames([locale], { type: "region" });
  return (
    <section aria-labelledby="addresses-title" className="addresses">
      <h2 id="addresses-title">{t("addresses")}</h2>
      <div className="row">
        <div>
          <h3>{t("shippingTo")}</h3>
          <Lines a={ship} testId="order-shipping-address" names={names} />
        </div>
        <div>
          <h3>{t("billing")}</h3>
          {o.billingAddress ? <Lines a={toDisplayAddress(o.billingAddress)} testId="order-billing-address" names={names} /> : <p data-testid="order-billing-address">{t("billingSame")}</p>}
        </div>
      </div>
    </section>
  );
}
