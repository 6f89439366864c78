import { z } from "zod";
import { withIdempotency } from "../../auth/idempotency";
import type { Actor } from "../../core/actors";
import type { CheckoutResult } from "../../core/checkout";
import { createTRPCRouter, shopperProcedure } from "../init";

const address = z.object({
  name: z.string().trim().min(1).max(200),
  line1: z.string().trim().min(1).max(200),
  city: z.string().trim().min(1).max(100),
  postalCode: z.string().trim().min(1).max(20),
  country: z.string().trim().length(2),
});

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
  saveDetails: shopperProcedure
    .input(z.object({ cartId: z.string().max(64), email: z.string().trim().email().max(254), address }))
    .mutation(({ ctx, input }) => ctx.kassa.carts.update(input.cartId, ctx.actor, { email: input.email, shippingAddress: input.address })),
  pay: shopperProcedure
    .input(z.object({ cartId: z.string().max(64), attemptKey: z.string().min(8).max(100), card }))
    .mutation(({ ctx, input }) =>
      once(ctx, input.attemptKey, { cartId: input.cartId, last4: input.card.number.slice(-4) }, () =>
        ctx.kassa.checkout.pay(input.cartId, ctx.actor, { paymentData: { card: input.card } }),
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
