// tRPC in three parts, as create-t3-app lays it out: context, init, procedures.
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError } from "zod";
import { getDb, type Db } from "../db";
import { getServerSession } from "next-auth";
import { authOptions } from "../auth/options";
import { isPaymentError, type PaymentErrorCode } from "../core/errors";
import { trpcCodeFor } from "./errors";

// ---- 1. Context
export type Session = { user: { id: string; email: string; name?: string | null } } | null;

export async function createTRPCContext(opts: { headers: Headers; session?: Session }) {
  const session = opts.session !== undefined ? opts.session : ((await getServerSession(authOptions)) as Session);
  return { db: getDb() as Db, session, headers: opts.headers };
}
export type Context = Awaited<ReturnType<typeof createTRPCContext>>;

// ---- 2. Init
const t = initTRPC.context<Context>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    return {
      ...shape,
      data: {
        ...shape.data,
        stack: undefined,
        domainCode: isPaymentError(cause) ? (cause.code as PaymentErrorCode) : null,
        domainDetails: isPaymentError(cause) ? cause.details : null,
        zodError: cause instanceof ZodError ? cause.flatten() : null,
      },
    };
  },
});

export const createCallerFactory = t.createCallerFactory;
export const createTRPCRouter = t.router;

/** Core throws PaymentError; tRPC clients see the mapped code with the domain code in `data.domainCode`. */
const domainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && isPaymentError(result.error.cause)) {
    const e = result.error.cause;
    throw new TRPCError({ code: trpcCodeFor[e.code], message: e.message, cause: e });
  }
  return result;
});

const timing = t.middleware(async ({ next, path }) => {
  const start = performance.now();
  const result = await next();
  if (process.env.KASSA_TRPC_TIMING) console.log(`[trpc] ${path} ${(performance.now() - start).toFixed(1)}ms`);
  return result;
});

// ---- 3. Procedures
export const publicProcedure = t.procedure.use(timing).use(domainErrors);

export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.session?.user) throw new TRPCError({ code: "UNAUTHORIZED" });
  return next({ ctx: { ...ctx, session: ctx.session, user: ctx.session.user } });
});
