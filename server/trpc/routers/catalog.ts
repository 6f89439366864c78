import { z } from "zod";
import { getProduct, listProducts, listRegions } from "../../core/catalog";
import { parseCurrencyCode } from "../../core/currencies";
import { createTRPCRouter, publicProcedure } from "../init";

export const catalogRouter = createTRPCRouter({
  regions: publicProcedure.query(({ ctx }) => listRegions(ctx.db)),
  products: publicProcedure
    .input(z.object({ currency: z.string().length(3) }))
    .query(({ ctx, input }) => listProducts(ctx.db, parseCurrencyCode(input.currency))),
  product: publicProcedure
    .input(z.object({ handle: z.string().min(1).max(200), currency: z.string().length(3) }))
    .query(({ ctx, input }) => getProduct(ctx.db, input.handle, parseCurrencyCode(input.currency))),
});
