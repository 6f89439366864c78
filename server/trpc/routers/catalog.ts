import { z } from "zod";
import { listProducts, listRegions } from "../../core/catalog";
import { parseCurrencyCode } from "../../core/currencies";
import { createTRPCRouter, publicProcedure } from "../init";

export const catalogRouter = createTRPCRouter({
  regions: publicProcedure.query(({ ctx }) => listRegions(ctx.db)),
  products: publicProcedure
    .input(z.object({ currency: z.string().length(3) }))
    .query(({ ctx, input }) => listProducts(ctx.db, parseCurrencyCode(input.currency))),
});
