import { z } from "zod";
import { createTRPCRouter, protectedProcedure } from "../init";

const statuses = ["initial", "pending", "requires_action", "authorized", "partially_captured", "captured", "partially_refunded", "refunded", "canceled", "failed"] as const;

export const paymentsRouter = createTRPCRouter({
  /** The signed-in customer's payments, newest first. */
  list: protectedProcedure
    .input(z.object({ status: z.enum(statuses).optional(), limit: z.number().int().min(1).max(100).default(50) }))
    .query(({ ctx, input }) => ctx.kassa.payments.listPayments(ctx.actor, { status: input.status, limit: input.limit })),
  /** One payment with its transaction timeline; somebody else's is not found. */
  get: protectedProcedure.input(z.object({ id: z.string().max(64) })).query(({ ctx, input }) => ctx.kassa.payments.getPayment(input.id, ctx.actor)),
});
