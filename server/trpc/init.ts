// tRPC in three parts, as create-t3-app lays it out: context, init, procedures.
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { $ZodError, flattenError } from "zod/v4/core";
import { getDb, type Db } from "../db";
import { getServerSession } from "next-auth";
import { authOptions } from "../auth/options";
import { isPaymentError, type PaymentError, type PaymentErrorCode } from "../core/errors";
import { asUnavailable, isDatabaseUnavailable } from "../db/unavailable";
import { trpcCodeFor } from "./errors";
import type { Actor } from "../core/actors";
import { anonymousCookie, newAnonymousId, readAnonymousId, readCookie } from "../auth/anonymous";
import { LOCALE_COOKIE, pickLocale } from "../core/locales";
import { getKassa } from "../kassa";
import { consoleStaff } from "../auth/staff";
import { log } from "../ops/log";
import { hasRole, type StaffRole } from "../core/staff";

// ---- 1. Context
export type Session = { user: { id: string; email: string; name?: string | null } } | null;

export async function createTRPCContext(opts: { headers: Headers; session?: Session; resHeaders?: Headers }) {
  const session = opts.session !== undefined ? opts.session : ((await getServerSession(authOptions)) as Session);
  let actor: Actor | null = session?.user
    ? { type: "customer", customerId: session.user.id }
    : (() => {
        const anon = readAnonymousId(opts.headers.get("cookie"));
        return anon ? ({ type: "anonymous", anonymousId: anon } as const) : null;
      })();
  return {
    db: getDb() as Db,
    kassa: getKassa(),
    session,
    headers: opts.headers,
    resHeaders: opts.resHeaders ?? null,
    actor,
    /** The shopper's language (the switcher's cookie, else Accept-Language): new carts and accounts keep it for mails. */
    locale: pickLocale(readCookie(opts.headers.get("cookie"), LOCALE_COOKIE), opts.headers.get("accept-language")),
    /** The caller as an actor; a first-time guest gets an anonymous session (cookie) here. */
    ensureActor(): Actor {
      if (actor) return actor;
      if (!opts.resHeaders) throw new TRPCError({ code: "UNAUTHORIZED", message: "No session." });
      const id = newAnonymousId();
      const proto = opts.headers.get("x-forwarded-proto") ?? "";
      opts.resHeaders.append("set-cookie", anonymousCookie(id, proto === "https"));
      actor = { type: "anonymous", anonymousId: id };
      return actor;
    },
  };
}
export type Context = Awaited<ReturnType<typeof createTRPCContext>>;

// ---- 2. Init
const t = initTRPC.context<Context>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    // zod's classic and mini errors both are $ZodError. Their message is the issues as JSON: never sent as the message;
    // the issues go as data (path, code, a custom check's reason), which the browser maps to fields and words.
    // Only an input error (BAD_REQUEST) speaks of fields; an internal error's message (a driver's, Prisma's) may
    // name tables, values or SQL: the caller gets a fixed sentence, the log keeps the rest (onError in the handler).
    const zod = cause instanceof $ZodError && shape.data.code === "BAD_REQUEST" ? cause : null;
    const internal = shape.data.code === "INTERNAL_SERVER_ERROR";
    return {
      ...shape,
      message: zod ? "The input is not valid." : internal ? "Something went wrong on our side." : shape.message,
      data: {
        ...shape.data,
        stack: undefined,
        domainCode: isPaymentError(cause) ? (cause.code as PaymentErrorCode) : null,
        domainDetails: isPaymentError(cause) ? cause.details : null,
        zodError: zod ? flattenError(zod) : null,
        zodIssues: zod ? zod.issues.map((i) => ({ path: i.path.map(String), code: i.code, ...(i.code === "custom" && i.params?.reason ? { params: { reason: String(i.params.reason) } } : {}) })) : null,
      },
    };
  },
});

export const createCallerFactory = t.createCallerFactory;
export const createTRPCRouter = t.router;

/** Core throws PaymentError; tRPC clients see the mapped code with the domain code in `data.domainCode`. */
const domainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && (isPaymentError(result.error.cause) || isDatabaseUnavailable(result.error.cause))) {
    const e = asUnavailable(result.error.cause) as PaymentError;
    throw new TRPCError({ code: trpcCodeFor[e.code], message: e.message, cause: e });
  }
  return result;
});

const timing = t.middleware(async ({ next, path }) => {
  const start = performance.now();
  const result = await next();
  if (process.env.KASSA_TRPC_TIMING) log.info({ procedure: path, ms: Math.round((performance.now() - start) * 10) / 10 }, "tRPC timing");
  return result;
});

// ---- 3. Procedures
export const publicProcedure = t.procedure.use(timing).use(domainErrors);

export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.session?.user) throw new TRPCError({ code: "UNAUTHORIZED" });
  const actor: Actor = { type: "customer", customerId: ctx.session.user.id };
  return next({ ctx: { ...ctx, session: ctx.session, user: ctx.session.user, actor } });
});

/**
 * Staff procedures for the merchant console: the `kassa_staff` session cookie (never a customer's session), checked
 * on every call, and the role checked against `needs` here — core checks it again on every verb.
 */
export function staffProcedure(needs: StaffRole) {
  return publicProcedure.use(async ({ ctx, next }) => {
    const staff = await consoleStaff(ctx.db, ctx.headers);
    if (!staff) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in as staff." });
    if (!hasRole(staff.role, needs)) throw new TRPCError({ code: "FORBIDDEN", message: `This needs the ${needs} role.` });
    return next({ ctx: { ...ctx, staff } });
  });
}

/** A procedure for shoppers: signed-in customers, or guests with (or given) an anonymous session. */
export const shopperProcedure = publicProcedure.use(({ ctx, next }) => next({ ctx: { ...ctx, actor: ctx.ensureActor() } }));
