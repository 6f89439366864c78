import Link from "next/link";
import { redirect } from "next/navigation";
import { api } from "~/server/trpc/server";
import { declineMessage } from "./card-validation";

/** Where Stripe sends the shopper back. The outcome comes from Stripe via the server, never from the query string. */
export async function StripeReturn({ cartId }: { cartId: string }) {
  const result = cartId ? await api.checkout.finishStripe({ cartId }).catch(() => null) : null;
  if (result?.status === "complete") redirect(`/orders/${result.orderId}`);
  const message =
    result?.status === "declined"
      ? declineMessage(result.code, result.declineCode)
      : result?.status === "requires_action"
        ? "Your bank still needs you to confirm this payment."
        : result?.status === "processing"
          ? "Your payment is still processing. Your order will be placed once your bank confirms it."
          : "We could not confirm this payment.";
  return (
    <section aria-labelledby="return-title">
      <h1 id="return-title">Payment not completed</h1>
      <p role="alert" data-testid="stripe-return-error">
        {message}
      </p>
      <p>
        <Link href="/checkout">Back to checkout</Link>
      </p>
    </section>
  );
}
