import { z } from "zod";
import { createTRPCRouter, publicProcedure, shopperProcedure } from "../init";

const qty = z.number().int();

export const cartRouter = createTRPCRouter({
  /** The caller's open cart, or null. */
  get: publicProcedure.query(({ ctx }) => (ctx.actor ? ctx.kassa.carts.findActive(ctx.actor) : null)),
  add: shopperProcedure
    .input(z.object({ sku: z.string().min(1).max(64), quantity: qty.default(1), regionId: z.string().min(1).max(64) }))
    .mutation(async ({ ctx, input }) => {
      let cart = await ctx.kassa.carts.findActive(ctx.actor);
      if (!cart) cart = await ctx.kassa.carts.create(ctx.actor, { regionId: input.regionId, locale: ctx.locale });
      else if (cart.regionId !== input.regionId) cart = await ctx.kassa.carts.setRegion(cart.id, ctx.actor, input.regionId);
      return ctx.kassa.carts.addLine(cart.id, ctx.actor, { sku: input.sku, quantity: input.quantity });
    }),
  updateLine: shopperProcedure
    .input(z.object({ cartId: z.string().max(64), lineId: z.string().max(64), quantity: qty }))
    .mutation(({ ctx, input }) => ctx.kassa.carts.updateLine(input.cartId, ctx.actor, input.lineId, input.quantity)),
  removeLine: shopperProcedure
    .input(z.object({ cartId: z.string().max(64), lineId: z.string().max(64) }))
    .mutation(({ ctx, input }) => ctx.kassa.carts.removeLine(input.cartId, ctx.actor, input.lineId)),
});
