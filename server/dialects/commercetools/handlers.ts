// commercetools My Payments over the ledger: query with predicates, create from a draft, get, update with
// optimistic versions, delete — each scoped to the token's customer or anonymous session.
import type { z } from "zod";
import { getDb, type Db } from "../../db";
import { getKassa } from "../../kassa";
import type { Kassa } from "../../core/kassa";
import type { Actor } from "../../core/actors";
import { PaymentError, isPaymentError } from "../../core/errors";
import { centMoney, type MyPaymentAction, type MyTransactionDraft } from "../../core/my-payments";
import { getCustomerProfile } from "../../core/customers";
import type { PaymentView } from "../../core/payments";
import { idempotentResponse } from "../http/idempotency";
import { badTextAt, parseJsonBody, readBody } from "../http/kit";
import { anonymousToken, authenticateApi, passwordToken, refreshToken } from "./auth";
import * as codec from "./codec";
import { CtOAuthError } from "./errors";
import { compilePredicate, compileSort } from "./compile";
import { parsePredicate, PredicateError } from "./predicate";
import * as S from "./schemas";

export type ApiContext = { req: Request; url: URL; db: Db; kassa: Kassa; projectKey: string; bodyText: string; actor: Actor; tokenId: string };
type Ctx = ApiContext;

function parse<T extends z.ZodType>(schema: T, text: string): z.infer<T> {
  const r = schema.safeParse(parseJsonBody(text));
  if (!r.success) throw r.error;
  return r.data;
}

const notFound = (id: string): never => {
  throw new PaymentError("not_found", `The Resource with ID '${id}' was not found.`, { id });
};

function withId<T>(id: string, p: Promise<T>): Promise<T> {
  return p.catch((e) => {
    if (isPaymentError(e) && e.code === "not_found") return notFound(id);
    if (isPaymentError(e) && e.code === "version_conflict") throw new PaymentError("version_conflict", e.message, { ...e.details, id });
    throw e;
  });
}

function transactionDraft(t: z.infer<typeof S.CtTransactionDraft>): MyTransactionDraft {
  if (t.state && t.state !== "Initial") throw new PaymentError("validation", "A MyPayment transaction starts in state Initial.", { field: "transaction.state" });
  return {
    type: t.type,
    amount: centMoney(t.amount.centAmount, t.amount.currencyCode),
    timestamp: t.timestamp ? new Date(t.timestamp) : undefined,
    interactionId: t.interactionId,
    custom: t.custom ? { type: { typeId: "type", id: t.custom.type.id, key: t.custom.type.key }, fields: t.custom.fields ?? {} } : undefined,
  };
}

const json = (body: unknown, status = 200) => Response.json(body, { status });

// ------------------------------------------------------------------ OAuth

export async function oauth(req: Request, kind: "customers" | "anonymous" | "token", projectKey: string | null): Promise<Response> {
  const db = getDb();
  const form = new URLSearchParams(await readBody(req, 16 * 1024));
  const bad = badTextAt([...form.entries()], "form");
  if (bad !== null) throw new CtOAuthError(400, "invalid_request", "Malformed parameter: the form holds text that cannot be stored (NUL or an unpaired surrogate).");
  const body =
    kind === "customers" ? await passwordToken(db, req, projectKey!, form) : kind === "anonymous" ? await anonymousToken(db, req, projectKey!, form) : await refreshToken(db, req, form);
  return json(body);
}

// ------------------------------------------------------------------ API

export async function apiContext(req: Request, projectKey: string): Promise<Ctx> {
  const db = getDb();
  const { actor, grant } = await authenticateApi(db, req, projectKey);
  const bodyText = req.method === "POST" ? await readBody(req) : "";
  return { req, url: new URL(req.url), db, kassa: getKassa(), projectKey, bodyText, actor, tokenId: grant.subject.type === "customer" ? grant.subject.customerId : grant.subject.anonymousId };
}

function intParam(url: URL, name: string, def: number, max: number): number {
  const raw = url.searchParams.get(name);
  if (raw === null) return def;
  if (!/^\d+$/.test(raw) || Number(raw) > max) throw new PaymentError("validation", `Malformed parameter: ${name}: must be a whole number from 0 to ${max}.`, { field: name });
  return Number(raw);
}

/**
 * The payments as MyPayment JSON, with `expand` applied: `expand=customer` fills `customer.obj` with the customer
 * (the caller's own: a MyPayment is never someone else's). Other paths name nothing expandable here and are ignored.
 */
async function render(ctx: Ctx, payments: PaymentView[]) {
  const out = payments.map(codec.myPayment);
  if (!ctx.url.searchParams.getAll("expand").some((e) => e.trim() === "customer")) return out;
  const ids = [...new Set(payments.flatMap((p) => (p.customerId ? [p.customerId] : [])))];
  const profiles = new Map(await Promise.all(ids.map(async (id) => [id, await getCustomerProfile(ctx.db, id)] as const)));
  return out.map((p) => (p.customer && profiles.has(p.customer.id) ? { ...p, customer: { ...p.customer, obj: codec.customer(profiles.get(p.customer.id)!) } } : p));
}

export async function queryPayments(ctx: Ctx) {
  const vars: Record<string, string[]> = {};
  for (const [k, v] of ctx.url.searchParams) if (k.startsWith("var.")) (vars[k.slice(4)] ??= []).push(v);
  const wheres = ctx.url.searchParams.getAll("where");
  const filters = wheres.map((w) => {
    try {
      return compilePredicate(parsePredicate(w, Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, v.length === 1 ? v[0]! : v]))));
    } catch (e) {
      if (e instanceof PredicateError) throw new PredicateError(`Malformed parameter: where: Syntax error while parsing 'where'. ${e.message} (line 1, column ${e.position + 1}):${w}`, e.position);
      throw e;
    }
  });
  let orderBy;
  try {
    orderBy = compileSort(ctx.url.searchParams.getAll("sort"));
  } catch (e) {
    if (e instanceof PredicateError) throw new PaymentError("validation", `Malformed parameter: sort: ${e.message}`, { field: "sort" });
    throw e;
  }
  const limit = intParam(ctx.url, "limit", 20, 500);
  const offset = intParam(ctx.url, "offset", 0, 10_000);
  const withTotal = ctx.url.searchParams.get("withTotal") !== "false";
  const { results, total } = await ctx.kassa.myPayments.query(ctx.actor, { where: { AND: filters }, orderBy: orderBy as never, limit, offset, withTotal });
  return json({ limit, offset, count: results.length, ...(withTotal ? { total } : {}), results: await render(ctx, results) });
}

export async function createPayment(ctx: Ctx) {
  const d = parse(S.CtMyPaymentDraft, ctx.bodyText);
  if (d.transaction && d.transaction.type !== "Authorization" && d.transaction.type !== "Charge") {
    throw new PaymentError("validation", "Only the Authorization or Charge TransactionTypes are allowed here.", { field: "transaction.type" });
  }
  const p = await ctx.kassa.myPayments.create(ctx.actor, {
    amountPlanned: centMoney(d.amountPlanned.centAmount, d.amountPlanned.currencyCode),
    methodInfo: d.paymentMethodInfo,
    custom: d.custom ? { type: { typeId: "type", id: d.custom.type.id, key: d.custom.type.key }, fields: d.custom.fields ?? {} } : null,
    transaction: d.transaction ? transactionDraft(d.transaction) : undefined,
  });
  return json((await render(ctx, [p]))[0], 201);
}

export async function getPayment(ctx: Ctx, id: string) {
  return json((await render(ctx, [await withId(id, ctx.kassa.myPayments.get(ctx.actor, id))]))[0]);
}

export async function updatePayment(ctx: Ctx, id: string) {
  const u = parse(S.CtMyPaymentUpdate, ctx.bodyText);
  const actions: MyPaymentAction[] = u.actions.map((a) => {
    switch (a.action) {
      case "changeAmountPlanned":
        return { action: a.action, amount: centMoney(a.amount.centAmount, a.amount.currencyCode) };
      case "addTransaction":
        return { action: a.action, transaction: transactionDraft(a.transaction) };
      case "setTransactionCustomField":
        return { action: a.action, name: a.name, value: a.value };
      default:
        return a as MyPaymentAction;
    }
  });
  return json((await render(ctx, [await withId(id, ctx.kassa.myPayments.update(ctx.actor, id, u.version, actions))]))[0]);
}

export async function deletePayment(ctx: Ctx, id: string) {
  const raw = ctx.url.searchParams.get("version");
  if (raw === null || !/^\d+$/.test(raw)) throw new PaymentError("validation", "Missing required query parameter 'version'.", { field: "version" });
  return json((await render(ctx, [await withId(id, ctx.kassa.myPayments.remove(ctx.actor, id, Number(raw)))]))[0]);
}

export function idempotent(ctx: Ctx, run: () => Promise<Response>) {
  if (ctx.req.method === "GET") return run();
  return idempotentResponse(ctx.db, ctx.req, ctx.bodyText, `ct:${ctx.projectKey}:${ctx.tokenId}`, run);
}
