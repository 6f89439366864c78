import { Skeleton } from "~/components/ui/states";

export default function Loading() {
  return (
    <section aria-labelledby="cart-title">
      <h1 id="cart-title">Your cart</h1>
      <Skeleton lines={4} label="Loading your cart…" />
    </section>
  );
}
