import { z } from "zod";
import { customerService } from "../../auth/credentials";
import { createTRPCRouter, protectedProcedure, publicProcedure } from "../init";

export const accountRouter = createTRPCRouter({
  register: publicProcedure
    .input(z.object({ email: z.string().max(254), password: z.string().max(256), name: z.string().max(200).optional() }))
    .mutation(({ ctx, input }) => customerService(ctx.db).register(input)),
  me: protectedProcedure.query(({ ctx }) => customerService(ctx.db).getCustomer(ctx.user.id)),
});
