import { CheckoutForm } from "~/components/checkout/checkout-form";
import { getSession } from "~/server/auth/session";

export const dynamic = "force-dynamic";

export default async function Page() {
  const session = await getSession();
  return (
    <section aria-labelledby="checkout-title">
      <h1 id="checkout-title">Checkout</h1>
      <CheckoutForm defaultEmail={session?.user.email} />
    </section>
  );
}
