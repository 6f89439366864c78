import { CheckoutForm } from "~/components/checkout/checkout-form";
import { getSession } from "~/server/auth/session";
import { env } from "~/server/env";

export const dynamic = "force-dynamic";

export default async function Page() {
  const session = await getSession();
  return (
    <section aria-labelledby="checkout-title">
      <h1 id="checkout-title">Checkout</h1>
      <CheckoutForm defaultEmail={session?.user.email} stripeKey={env.STRIPE_SECRET_KEY ? (env.STRIPE_PUBLISHABLE_KEY ?? null) : null} />
    </section>
  );
}
