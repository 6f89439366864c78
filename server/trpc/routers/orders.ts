import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { createTRPCRouter, publicProcedure } from "../init";

export const ordersRouter = createTRPCRouter({
  /** The caller's orders (customer, or this browser's guest session), newest first. */
  mine: publicProcedure.query(({ ctx }) => (ctx.actor ? ctx.kassa.orders.listOrders(ctx.actor) : [])),
  /** The order, with its payment re-read from the provider while it is still settling. */
  get: publicProcedure.input(z.object({ id: z.string().max(64) })).query(async ({ ctx, input }) => {
    if (!ctx.actor) throw new TRPCError({ code: "NOT_FOUND" });
    let order = await ctx.kassa.orders.getOrder(input.id, ctx.actor);
    if (order.paymentStatus === "awaiting") {
      const col = await ctx.kassa.payments.getCollectionForCart(order.cartId, ctx.actor);
      const pending = col?.sessions.find((s) => s.payment?.status === "pending");
      if (pending) {
        await ctx.kassa.payments.refreshSession(pending.id, ctx.actor);
        order = await ctx.kassa.orders.getOrder(input.id, ctx.actor);
      }
    }
    return order;
  }),
  /** The addresses the order was placed with (billing null: the same as shipping); a plain read, no provider call. */
  addresses: publicProcedure.input(z.object({ id: z.string().max(64) })).query(async ({ ctx, input }) => {
    if (!ctx.actor) throw new TRPCError({ code: "NOT_FOUND" });
    const o = await ctx.kassa.orders.getOrder(input.id, ctx.actor);
    return { email: o.email, shippingAddress: o.shippingAddress, billingAddress: o.billingAddress };
  }),
});
