import { z } from "zod";
import { customerService } from "../../auth/credentials";
import { requestPasswordReset, resetPassword } from "../../auth/password-reset";
import { createTRPCRouter, protectedProcedure, publicProcedure } from "../init";

export const accountRouter = createTRPCRouter({
  register: publicProcedure
    .input(z.object({ email: z.string().max(254), password: z.string().max(256), name: z.string().max(200).optional() }))
    .mutation(({ ctx, input }) => customerService(ctx.db).register({ ...input, locale: ctx.locale })),
  /** Mails a reset link when the email has an account; answers the same either way. */
  requestPasswordReset: publicProcedure.input(z.object({ email: z.string().max(254) })).mutation(async ({ ctx, input }) => {
    await requestPasswordReset(ctx.db, ctx.kassa.deps.jobs, input.email, ctx.kassa.deps.now);
    return { ok: true };
  }),
  resetPassword: publicProcedure.input(z.object({ token: z.string().max(200), password: z.string().max(256) })).mutation(async ({ ctx, input }) => {
    await resetPassword(ctx.db, input.token, input.password, ctx.kassa.deps.now);
    return { ok: true };
  }),
  me: protectedProcedure.query(({ ctx }) => customerService(ctx.db).getCustomer(ctx.user.id)),
  /** The signed-in customer's order history, newest first (only orders placed as this customer). */
  orders: protectedProcedure
    .input(z.object({ limit: z.number().int().min(1).max(100).default(50) }).default({ limit: 50 }))
    .query(({ ctx, input }) => ctx.kassa.orders.listOrders(ctx.actor, input.limit)),
  /** One of the signed-in customer's orders; anybody else's order id answers NOT_FOUND, as an unknown one does. */
  order: protectedProcedure
    .input(z.object({ id: z.string().max(64) }))
    .query(({ ctx, input }) => ctx.kassa.orders.getOrder(input.id, ctx.actor)),
});
