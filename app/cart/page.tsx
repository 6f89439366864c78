import { CartView } from "~/components/cart/cart-view";

export const dynamic = "force-dynamic";

export default function Page() {
  return (
    <section aria-labelledby="cart-title">
      <h1 id="cart-title">Your cart</h1>
      <CartView />
    </section>
  );
}
