import { z } from "zod";
import { withIdempotency } from "../../auth/idempotency";
import type { Actor } from "../../core/actors";
import type { CheckoutResult } from "../../core/checkout";
import { checkoutDetails } from "../../core/checkout-schema";
import * as zm from "zod/mini";
import { createTRPCRouter, shopperProcedure } from "../init";

const card = z.object({
  number: z.string().regex(/^[\d ]{12,23}$/),
  expMonth: z.number().int().min(1).max(12),
  expYear: z.number().int().min(2000).max(2100),
  cvc: z.string().regex(/^\d{3,4}$/),
});

const actorKey = (a: Actor) => (a.type === "customer" ? `cus:${a.customerId}` : a.type === "anonymous" ? `anon:${a.anonymousId}` : "system");

/** One attempt key per Pay click: a double click or a reload replays the first outcome instead of paying twice. */
async function once(ctx: { db: Parameters<typeof withIdempotency>[0]; actor: Actor }, attemptKey: string, input: unknown, run: () => Promise<CheckoutResult>) {
  const r = await withIdempotency(ctx.db, { scope: `checkout:${actorKey(ctx.actor)}`, key: attemptKey, fingerprint: JSON.stringify(input) }, async () => ({
    status: 200,
    headers: {},
    body: JSON.stringify(await run()),
  }));
  return JSON.parse(r.body) as CheckoutResult;
}

export const checkoutRouter = createTRPCRouter({
  /** Contact and addresses, parsed with the schema the browser's form checks with (server/core/checkout-schema.ts). */
  saveDetails: shopperProcedure
    .input(zm.extend(checkoutDetails, { cartId: zm.string().check(zm.maxLength(64)) }))
    .mutation(({ ctx, input: { cartId, ...details } }) => ctx.kassa.carts.saveCheckoutDetails(cartId, ctx.actor, details, ctx.locale)),
  pay: shopperProcedure
    .input(
      z.object({
        cartId: z.string().max(64),
        attemptKey: z.string().min(8).max(100),
        card,
        /** the total on the Pay button, in minor units: a cart changed elsewhere since is refused, not charged */
        expectedTotal: z.object({ amount: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER), currency: z.string().length(3) }).optional(),
      }),
    )
    .mutation(({ ctx, input }) =>
      once(ctx, input.attemptKey, { cartId: input.cartId, last4: input.card.number.slice(-4) }, () =>
        ctx.kassa.checkout.pay(input.cartId, ctx.actor, { paymentData: { card: input.card }, expectedTotal: input.expectedTotal }),
      ),
    ),
  /** Stripe's Payment Element: the live Stripe session's client secret (one intent per cart, amount kept in step). */
  startStripe: shopperProcedure.input(z.object({ cartId: z.string().max(64) })).mutation(async ({ ctx, input }) => {
    const s = await ctx.kassa.checkout.startSession(input.cartId, ctx.actor, "pp_stripe_stripe");
    return { sessionId: s.id, clientSecret: String(s.data.client_secret ?? "") };
  }),
  /** After Stripe's redirect: read the intent's outcome from Stripe (never from the URL) and complete the order. */
  finishStripe: shopperProcedure
    .input(z.object({ cartId: z.string().max(64) }))
    .mutation(({ ctx, input }) => ctx.kassa.checkout.finish(input.cartId, ctx.actor, "pp_stripe_stripe")),
  /** While a payment settles (async methods): read its outcome from the provider; completes the order once it is paid. */
  finish: shopperProcedure
    .input(z.object({ cartId: z.string().max(64) }))
    .mutation(({ ctx, input }) => ctx.kassa.checkout.finish(input.cartId, ctx.actor)),
  confirmAction: shopperProcedure
    .input(z.object({ cartId: z.string().max(64), sessionId: z.string().max(64), approve: z.boolean(), attemptKey: z.string().min(8).max(100) }))
    .mutation(({ ctx, input }) =>
      once(ctx, input.attemptKey, input, () => ctx.kassa.checkout.confirmAction(input.cartId, ctx.actor, input.sessionId, input.approve)),
    ),
});
