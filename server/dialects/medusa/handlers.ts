// Medusa store API handlers: parse (strict zod), authenticate, call core, encode. Medusa's one-folder-per-resource
// habit, without its container: each handler is a plain function of the request context.
import type { z } from "zod";
import { getDb, type Db } from "../../db";
import { getKassa } from "../../kassa";
import type { Kassa } from "../../core/kassa";
import type { Actor, Owned } from "../../core/actors";
import { getRegion, listProducts, listRegions } from "../../core/catalog";
import { parseCurrencyCode } from "../../core/currencies";
import { customerEmail, getCustomerProfile, localeFrom } from "../../core/customers";
import { PaymentError, isPaymentError } from "../../core/errors";
import type { CollectionView, SessionView } from "../../core/payments";
import { signInWithPassword } from "../../auth/credentials";
import { createTokenService } from "../../auth/tokens";
import { idempotentResponse } from "../http/idempotency";
import { parseJsonBody, readBody } from "../http/kit";
import { actorForOwner, authenticateStore, V1_SESSION_COOKIE, type MedusaCaller } from "./auth";
import * as codec from "./codec";
import { MedusaV1ValidationError } from "./errors";
import { project, resolveFields } from "./fields";
import * as S from "./schemas";

export const SALES_CHANNEL_ID = "sc_kassa_default";
const COLLECTION_DEFAULT_FIELDS = ["id", "currency_code", "amount", "*payment_sessions"];

export type MedusaContext = {
  req: Request;
  url: URL;
  params: Record<string, string>;
  db: Db;
  kassa: Kassa;
  caller: MedusaCaller;
  bodyText: string;
};

const ok = (body: unknown, status = 200) => Response.json(body, { status });

function parse<T extends z.ZodType>(schema: T, ctx: MedusaContext): z.infer<T> {
  const r = schema.safeParse(parseJsonBody(ctx.bodyText), { reportInput: true });
  if (!r.success) throw r.error;
  return r.data;
}

function parseV1<T extends z.ZodType>(schema: T, ctx: MedusaContext): z.infer<T> {
  const r = schema.safeParse(parseJsonBody(ctx.bodyText), { reportInput: true });
  if (!r.success) throw new MedusaV1ValidationError(r.error.issues);
  return r.data;
}

const cartNotFound = (id: string): never => {
  throw new PaymentError("not_found", `Cart id not found: ${id}`);
};
const collectionNotFound = (id: string): never => {
  throw new PaymentError("not_found", `Payment collection with id: ${id} was not found`);
};

async function cartActor(ctx: MedusaContext, cartId: string): Promise<Actor> {
  return (await cartOwner(ctx, cartId)).actor;
}

/** Core's not_found, answered with Medusa's own message for the entity. */
function inMedusaWords<T>(p: Promise<T>, notFound: () => never): Promise<T> {
  return p.catch((e: unknown) => (isPaymentError(e) && e.code === "not_found" ? notFound() : Promise.reject(e)));
}

/** Who acts on this cart for the caller (or not_found), and whether it is completed: one read. */
async function cartOwner(ctx: MedusaContext, cartId: string): Promise<{ actor: Actor; completedAt: Date | null }> {
  const owner = await ctx.kassa.lookups.cartOwner(cartId);
  if (!owner) return cartNotFound(cartId);
  return { actor: actorForOwner(ctx.caller, owner, () => cartNotFound(cartId)), completedAt: owner.completedAt };
}

async function regionOf(ctx: MedusaContext, id: string) {
  try {
    return await getRegion(ctx.db, id);
  } catch (e) {
    if (isPaymentError(e) && e.code === "not_found") throw new PaymentError("not_found", `Region with id: ${id} was not found`);
    throw e;
  }
}

async function cartBody(ctx: MedusaContext, cartId: string, actor: Actor) {
  const cart = await ctx.kassa.carts.get(cartId, actor);
  const region = await regionOf(ctx, cart.regionId);
  const collection = await ctx.kassa.payments.getCollectionForCart(cartId, actor);
  return codec.cart(cart, region, collection, SALES_CHANNEL_ID);
}

function withFields(ctx: MedusaContext, full: Record<string, unknown>, defaults?: string[]) {
  return project(full, resolveFields(ctx.url.searchParams.get("fields"), defaults ?? Object.keys(full)));
}

function page(ctx: MedusaContext, defaultLimit: number) {
  const limit = Math.min(Math.max(Number(ctx.url.searchParams.get("limit") ?? defaultLimit) || defaultLimit, 1), 100);
  const offset = Math.max(Number(ctx.url.searchParams.get("offset") ?? 0) || 0, 0);
  return { limit, offset };
}

// ------------------------------------------------------------------ catalog

export async function listRegionsRoute(ctx: MedusaContext) {
  const all = await listRegions(ctx.db);
  const { limit, offset } = page(ctx, 50);
  const regions = all.slice(offset, offset + limit).map((r) => withFields(ctx, codec.region(r)));
  return ok({ regions, count: all.length, offset, limit });
}

export async function getRegionRoute(ctx: MedusaContext) {
  return ok({ region: withFields(ctx, codec.region(await regionOf(ctx, ctx.params.id!))) });
}

export async function listProductsRoute(ctx: MedusaContext) {
  const regionId = ctx.url.searchParams.get("region_id");
  const currencyParam = ctx.url.searchParams.get("currency_code");
  const currency = regionId ? (await regionOf(ctx, regionId)).currency : currencyParam ? parseCurrencyCode(currencyParam) : null;
  const all = await listProducts(ctx.db, currency ?? "USD");
  const { limit, offset } = page(ctx, 50);
  const products = all.slice(offset, offset + limit).map((p) => withFields(ctx, codec.product(p, currency)));
  return ok({ products, count: all.length, offset, limit });
}

export async function listPaymentProvidersRoute(ctx: MedusaContext) {
  const regionId = ctx.url.searchParams.get("region_id");
  if (!regionId) throw new PaymentError("validation", "Invalid request: Field 'region_id' is required", { field: "region_id" });
  const region = await regionOf(ctx, regionId);
  const ids = ctx.kassa.payments.enabledProviders(region.providerIds);
  const { limit, offset } = page(ctx, 20);
  return ok({ payment_providers: ids.slice(offset, offset + limit).map((id) => ({ id, is_enabled: true })), count: ids.length, offset, limit });
}

// ------------------------------------------------------------------ carts

export async function createCartRoute(ctx: MedusaContext) {
  const body = parse(S.MedusaCreateCart, ctx);
  let regionId = body.region_id;
  if (!regionId) {
    const regions = await listRegions(ctx.db);
    const match = body.currency_code ? regions.find((r) => r.currency === body.currency_code!.toUpperCase()) : regions[0];
    if (!match) throw new PaymentError("validation", "No region found for the cart.", { field: "region_id" });
    regionId = match.id;
  }
  const actor = ctx.caller.actor!; // a keyed route: the customer or the storefront's guest
  let email = body.email ?? null;
  if (!email && ctx.caller.customerId) email = await customerEmail(ctx.db, ctx.caller.customerId);
  const cart = await ctx.kassa.carts.create(actor, { regionId, email, locale: localeFrom(ctx.req.headers.get("x-medusa-locale") || ctx.req.headers.get("accept-language")) });
  if (body.shipping_address) await ctx.kassa.carts.update(cart.id, actor, { shippingAddress: body.shipping_address as Record<string, unknown> });
  for (const item of body.items ?? []) await ctx.kassa.carts.addLine(cart.id, actor, { variantId: item.variant_id, quantity: item.quantity });
  return ok({ cart: withFields(ctx, await cartBody(ctx, cart.id, actor)) });
}

export async function getCartRoute(ctx: MedusaContext) {
  const actor = await cartActor(ctx, ctx.params.id!);
  return ok({ cart: withFields(ctx, await cartBody(ctx, ctx.params.id!, actor)) });
}

export async function updateCartRoute(ctx: MedusaContext) {
  const body = parse(S.MedusaUpdateCart, ctx);
  const id = ctx.params.id!;
  const actor = await cartActor(ctx, id);
  if (body.region_id) await ctx.kassa.carts.setRegion(id, actor, body.region_id);
  if (body.email !== undefined || body.shipping_address !== undefined) {
    await ctx.kassa.carts.update(id, actor, {
      ...(body.email !== undefined ? { email: body.email } : {}),
      ...(body.shipping_address !== undefined ? { shippingAddress: (body.shipping_address ?? null) as Record<string, unknown> | null } : {}),
    });
  }
  return ok({ cart: withFields(ctx, await cartBody(ctx, id, actor)) });
}

export async function addLineItemRoute(ctx: MedusaContext) {
  const body = parse(S.MedusaAddLineItem, ctx);
  const id = ctx.params.id!;
  const actor = await cartActor(ctx, id);
  await ctx.kassa.carts.addLine(id, actor, { variantId: body.variant_id, quantity: body.quantity });
  return ok({ cart: withFields(ctx, await cartBody(ctx, id, actor)) });
}

export async function updateLineItemRoute(ctx: MedusaContext) {
  const body = parse(S.MedusaUpdateLineItem, ctx);
  const id = ctx.params.id!;
  const actor = await cartActor(ctx, id);
  await ctx.kassa.carts.updateLine(id, actor, ctx.params.line_id!, body.quantity);
  return ok({ cart: withFields(ctx, await cartBody(ctx, id, actor)) });
}

export async function deleteLineItemRoute(ctx: MedusaContext) {
  const id = ctx.params.id!;
  const actor = await cartActor(ctx, id);
  await ctx.kassa.carts.removeLine(id, actor, ctx.params.line_id!);
  return ok({ id: ctx.params.line_id, object: "line-item", deleted: true, parent: withFields(ctx, await cartBody(ctx, id, actor)) });
}

// ------------------------------------------------------------------ payment collections (v2)

/**
 * The v2 payment collection with `fields` applied. Every field of Medusa's PaymentCollection is selectable (status,
 * amounts, dates, metadata, `payment_providers`, `*payments` with their captures and refunds); the region's providers
 * are read only when asked for, so the default answer stays one read.
 */
async function collectionResponse(ctx: MedusaContext, c: CollectionView) {
  const fields = resolveFields(ctx.url.searchParams.get("fields"), COLLECTION_DEFAULT_FIELDS);
  const wants = (name: string) => fields.some((f) => f === name || f.startsWith(`${name}.`));
  const providers =
    wants("payment_providers") && c.regionId ? ctx.kassa.payments.enabledProviders((await regionOf(ctx, c.regionId)).providerIds).map((id) => ({ id, is_enabled: true })) : [];
  const short = codec.collectionShort(c); // the default fields: the hot path builds nothing more
  const full = fields.every((f) => f.split(".")[0]! in short) ? short : { ...codec.collectionFull(c), payments: codec.collectionPayments(c), payment_providers: providers };
  return ok({ payment_collection: project(full, fields) });
}

export async function createPaymentCollectionRoute(ctx: MedusaContext) {
  const body = parse(S.MedusaCreatePaymentCollection, ctx);
  // the steady path (the cart has its collection) is one read: the open collection with its cart's owner
  const notFound = () => cartNotFound(body.cart_id);
  const existing = await inMedusaWords(ctx.kassa.payments.getCollectionForCart(body.cart_id, (owner: Owned) => actorForOwner(ctx.caller, owner, notFound)), notFound);
  if (existing) return collectionResponse(ctx, existing);
  const { actor, completedAt } = await cartOwner(ctx, body.cart_id);
  if (completedAt) throw new PaymentError("validation", `Cart ${body.cart_id} is already completed.`);
  return collectionResponse(ctx, await ctx.kassa.payments.createCollectionForCart(body.cart_id, actor));
}

/** Card details or a payment method in `data` confirm the payment at once, as a client confirming with the provider would. */
function confirmationData(data: Record<string, unknown> | undefined): Record<string, unknown> | null {
  if (!data) return null;
  return data.card || typeof data.payment_method === "string" ? data : null;
}

export async function createPaymentSessionRoute(ctx: MedusaContext) {
  const body = parse(S.MedusaCreatePaymentSession, ctx);
  const id = ctx.params.id!;
  // the caller may hold a customer token and a guest session: the collection's owner decides which acts (read once, in core)
  let actor: Actor | undefined;
  const notFound = () => collectionNotFound(id);
  const ownerActor = (owner: Owned) => (actor = actorForOwner(ctx.caller, owner, notFound));
  const customerContext = ctx.caller.customerId ? { customer: { id: ctx.caller.customerId } } : {};
  const col = await inMedusaWords(ctx.kassa.payments.createSession(id, ownerActor, { providerId: body.provider_id, context: customerContext, source: "medusa_v2" }), notFound);
  const confirm = confirmationData(body.data);
  const live = col.sessions.find((s) => s.live);
  if (confirm && live && actor) {
    await ctx.kassa.payments.authorizeSession(live.id, actor, { paymentData: confirm });
    return collectionResponse(ctx, await ctx.kassa.payments.getCollection(id, actor));
  }
  return collectionResponse(ctx, col);
}

// ------------------------------------------------------------------ cart completion

/** Try to authorize; a provider's refusal (no details, declined, needs an action) is an outcome, not an error. */
async function attemptAuthorization(ctx: MedusaContext, sessionId: string, actor: Actor): Promise<SessionView | null> {
  try {
    return await ctx.kassa.payments.authorizeSession(sessionId, actor, {});
  } catch (e) {
    if (isPaymentError(e) && ["validation", "provider_declined", "requires_action"].includes(e.code)) return null;
    throw e;
  }
}

export async function completeCartRoute(ctx: MedusaContext) {
  parse(S.MedusaEmpty, ctx);
  const id = ctx.params.id!;
  const actor = await cartActor(ctx, id);
  const cartView = await ctx.kassa.carts.get(id, actor);
  const done = await ctx.kassa.orders.getOrderForCart(id, actor);
  if (done) return ok({ type: "order", order: codec.order(done, cartView) });
  const collection = await ctx.kassa.payments.getCollectionForCart(id, actor);
  if (!collection) throw new PaymentError("validation", "Payment collection has not been initiated for cart");
  const session = collection.sessions.find((s) => s.live);
  if (!session) throw new PaymentError("validation", "Payment sessions are required to complete cart");
  let status = session.status;
  if (status === "pending" || (status === "error" && session.providerId === "pp_system_default")) {
    status = (await attemptAuthorization(ctx, session.id, actor))?.status ?? (await ctx.kassa.payments.getSession(session.id, actor)).status;
  }
  // Settling money (processing) is not money yet: the cart is answered with the error, as Medusa does for a session
  // the provider has not authorized; when the money settles, the `cart.complete` job completes it (Medusa's webhook
  // handler does the same).
  if (status !== "authorized") {
    const cart = await cartBody(ctx, id, actor);
    const error =
      status === "requires_more"
        ? { message: "More information is required for payment", name: "Error", type: "payment_requires_more_error" }
        : { message: "Payment authorization failed", name: "Error", type: "payment_authorization_error" };
    return ok({ type: "cart", cart, error });
  }
  const order = await ctx.kassa.orders.completeCart(id, actor);
  return ok({ type: "order", order: codec.order(order, cartView) });
}

// ------------------------------------------------------------------ payment collections (v1, minor units)

const v1NotFound = (id: string): never => {
  throw new PaymentError("not_found", `Payment collection with id ${id} was not found`);
};

async function v1Actor(ctx: MedusaContext): Promise<Actor> {
  const id = ctx.params.id!;
  const owner = await ctx.kassa.lookups.collectionOwner(id);
  if (!owner) return v1NotFound(id);
  return actorForOwner(ctx.caller, owner, () => v1NotFound(id));
}

async function v1Session(ctx: MedusaContext, actor: Actor) {
  const id = ctx.params.id!;
  const sid = ctx.params.session_id!;
  const col = await ctx.kassa.payments.getCollection(id, actor, { allSessions: true });
  const s = col.sessions.find((x) => x.id === sid);
  if (!s) throw new PaymentError("invalid_state", `Payment Session ${sid} does not belong to Payment Collection ${id}`);
  return { col, session: s };
}

function v1Refuse(status: string) {
  if (status === "canceled" || status === "authorized") throw new PaymentError("invalid_state", `Cannot set payment sessions for a payment collection with status ${status}`);
}

/** The caller's collection, refused when its sessions can no longer change. */
async function v1OpenCollection(ctx: MedusaContext) {
  const actor = await v1Actor(ctx);
  const id = ctx.params.id!;
  const col = await ctx.kassa.payments.getCollection(id, actor);
  v1Refuse(col.status);
  return { actor, id, col };
}

const V1_RELATIONS = ["payment_sessions", "payments", "region", "region.payment_providers", "currency"];

/**
 * GET /store/payment-collections/{id} (v1): `expand` names the relations to include (default: payment_sessions and
 * payments; also region, region.payment_providers, currency), `fields` the collection's own fields (default: all).
 */
export async function v1GetCollectionRoute(ctx: MedusaContext) {
  const actor = await v1Actor(ctx);
  const col = await ctx.kassa.payments.getCollection(ctx.params.id!, actor);
  const list = (name: string) => ctx.url.searchParams.get(name)?.split(",").map((x) => x.trim()).filter(Boolean) ?? null;
  const expand = list("expand") ?? ["payment_sessions", "payments"];
  const unknown = expand.filter((e) => !V1_RELATIONS.includes(e));
  if (unknown.length) throw new PaymentError("validation", `Relations [${unknown.join(", ")}] are not valid`, { field: "expand" });
  const full: Record<string, unknown> = codec.collectionV1(col);
  const relations: Record<string, unknown> = {};
  if (expand.includes("payment_sessions")) relations.payment_sessions = full.payment_sessions;
  if (expand.includes("payments")) relations.payments = full.payments;
  if ((expand.includes("region") || expand.includes("region.payment_providers")) && col.regionId) {
    const region = await regionOf(ctx, col.regionId);
    const r = codec.regionV1(region, ctx.kassa.payments.enabledProviders(region.providerIds));
    relations.region = r; // with its payment providers, as the seed's region
  }
  if (expand.includes("currency")) relations.currency = codec.currencyV1(col.currency);
  delete full.payment_sessions;
  delete full.payments;
  const fields = list("fields");
  if (fields) {
    const bad = fields.filter((f) => !(f in full));
    if (bad.length) throw new PaymentError("validation", `Requested fields [${bad.join(", ")}] are not valid`, { field: "fields" });
  }
  const own = fields ? Object.fromEntries(Object.entries(full).filter(([k]) => k === "id" || fields.includes(k))) : full;
  return ok({ payment_collection: { ...own, ...relations } });
}

export async function v1ManageSessionRoute(ctx: MedusaContext) {
  const body = parseV1(S.MedusaV1ManageSession, ctx);
  const { actor, id, col } = await v1OpenCollection(ctx);
  const live = col.sessions.find((s) => s.live);
  if (live && live.providerId === body.provider_id && live.status !== "canceled") return ok({ payment_collection: codec.collectionV1(col) });
  try {
    return ok({ payment_collection: codec.collectionV1(await ctx.kassa.payments.createSession(id, actor, { providerId: body.provider_id, source: "medusa_v1" })) });
  } catch (e) {
    if (isPaymentError(e) && e.code === "validation" && e.details.field === "provider_id") throw new PaymentError("validation", "Payment provider not found");
    throw e;
  }
}

export async function v1BatchSessionsRoute(ctx: MedusaContext) {
  const body = parseV1(S.MedusaV1BatchSessions, ctx);
  const { actor, id, col } = await v1OpenCollection(ctx);
  const total = body.sessions.reduce((a, s) => a + s.amount, 0);
  if (total !== col.amount.amount) throw new PaymentError("validation", `The sum of sessions is not equal to ${col.amount.amount} on Payment Collection`);
  if (body.sessions.length > 1) {
    throw new PaymentError("invalid_state", "Kassa takes one payment session per payment collection; split payments are not supported.");
  }
  const [wanted] = body.sessions;
  const live = col.sessions.find((s) => s.live);
  if (wanted!.session_id) {
    if (!live || live.id !== wanted!.session_id) throw new PaymentError("invalid_state", `Session with id ${wanted!.session_id} was not found`);
    return ok({ payment_collection: codec.collectionV1(col) });
  }
  if (live && live.providerId === wanted!.provider_id) return ok({ payment_collection: codec.collectionV1(col) });
  return ok({ payment_collection: codec.collectionV1(await ctx.kassa.payments.createSession(id, actor, { providerId: wanted!.provider_id, source: "medusa_v1" })) });
}

export async function v1BatchAuthorizeRoute(ctx: MedusaContext) {
  const body = parseV1(S.MedusaV1BatchAuthorize, ctx);
  const actor = await v1Actor(ctx);
  const id = ctx.params.id!;
  const col = await ctx.kassa.payments.getCollection(id, actor, { allSessions: true });
  for (const sid of body.session_ids) {
    const s = col.sessions.find((x) => x.id === sid);
    if (!s) throw new PaymentError("invalid_state", `Payment Session ${sid} does not belong to Payment Collection ${id}`);
    if (s.live && s.status !== "authorized") await attemptAuthorization(ctx, sid, actor);
  }
  return ok({ payment_collection: codec.collectionV1(await ctx.kassa.payments.getCollection(id, actor)) }, 207);
}

export async function v1RefreshSessionRoute(ctx: MedusaContext) {
  parseV1(S.MedusaEmpty, ctx);
  const actor = await v1Actor(ctx);
  const { col, session } = await v1Session(ctx, actor);
  v1Refuse(col.status);
  const next = await ctx.kassa.payments.createSession(col.id, actor, { providerId: session.providerId, source: "medusa_v1" });
  return ok({ payment_session: codec.sessionV1(next.sessions.find((s) => s.live)!) });
}

export async function v1AuthorizeSessionRoute(ctx: MedusaContext) {
  parseV1(S.MedusaEmpty, ctx);
  const actor = await v1Actor(ctx);
  const { session } = await v1Session(ctx, actor);
  let after = session;
  if (session.live && session.status !== "authorized") after = (await attemptAuthorization(ctx, session.id, actor)) ?? session;
  if (after.status !== "authorized") {
    throw new PaymentError("provider_declined", `Failed to authorize Payment Session id "${ctx.params.id}"`);
  }
  return ok({ payment_session: codec.sessionV1(after) });
}

// ------------------------------------------------------------------ customer auth

/** The body of Medusa's emailpass routes (customer and user), refused with Medusa's auth messages. */
export async function readEmailPass(req: Request): Promise<{ email: string; password: string }> {
  const r = S.MedusaEmailPass.safeParse(parseJsonBody(await readBody(req)), { reportInput: true });
  if (r.success) return r.data;
  const field = String(r.error.issues[0]?.path[0] ?? "");
  throw new PaymentError("unauthorized", field === "password" ? "Password should be a string" : field === "email" ? "Email should be a string" : "Authentication failed");
}

export async function emailPassRoute(req: Request): Promise<Response> {
  const db = getDb();
  const body = await readEmailPass(req);
  const customer = await signInWithPassword(db, body.email, body.password);
  if (!customer) throw new PaymentError("unauthorized", "Invalid email or password");
  const t = await createTokenService({ db }).issue({ subject: { type: "customer", customerId: customer.id }, audience: "medusa", ttlSeconds: 24 * 3600 });
  return ok({ token: t.token });
}

// ------------------------------------------------------------------ customer sessions (v1: /store/auth)

const V1_SESSION_DAYS = 30; // as Medusa v1's session JWT (expiresIn "30d")

/** The customer as Medusa v1's /store/auth answers it. */
async function v1Customer(ctx: MedusaContext, customerId: string) {
  const c = await getCustomerProfile(ctx.db, customerId);
  const [first, ...rest] = c.name.trim() ? c.name.trim().split(/\s+/) : [""];
  return {
    id: c.id, email: c.email, first_name: first || null, last_name: rest.join(" ") || null, billing_address_id: null, phone: null, has_account: true,
    metadata: null, created_at: c.createdAt.toISOString(), updated_at: c.updatedAt.toISOString(), deleted_at: null, orders: [], shipping_addresses: [],
  };
}

/** Medusa v1 answers a failed sign-in, and a route that needs a customer without one, with a bare 401 "Unauthorized". */
const unauthorized = () => new Response("Unauthorized", { status: 401, headers: { "content-type": "text/plain; charset=utf-8" } });

async function v1SignIn(ctx: MedusaContext) {
  const body = parseV1(S.MedusaV1Auth, ctx);
  const customer = await signInWithPassword(ctx.db, body.email, String(body.password)).catch((e: unknown) => {
    if (isPaymentError(e) && e.code === "rate_limited") return null; // throttled: the same 401, nothing learned
    throw e;
  });
  if (!customer) return null;
  const t = await createTokenService({ db: ctx.db }).issue({ subject: { type: "customer", customerId: customer.id }, audience: "medusa", ttlSeconds: V1_SESSION_DAYS * 24 * 3600 });
  return { customer, token: t.token };
}

/** POST /store/auth: sign in; the session cookie carries the customer (HttpOnly, SameSite=Lax). */
export async function v1CreateSessionRoute(ctx: MedusaContext) {
  const signed = await v1SignIn(ctx);
  if (!signed) return unauthorized();
  const secure = ctx.url.protocol === "https:" || ctx.req.headers.get("x-forwarded-proto") === "https";
  const res = ok({ customer: await v1Customer(ctx, signed.customer.id) });
  res.headers.append("set-cookie", `${V1_SESSION_COOKIE}=${encodeURIComponent(signed.token)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${V1_SESSION_DAYS * 24 * 3600}${secure ? "; Secure" : ""}`);
  return res;
}

/** GET /store/auth: the signed-in customer (session cookie or Bearer token). */
export async function v1GetSessionRoute(ctx: MedusaContext) {
  if (!ctx.caller.customerId) return unauthorized();
  return ok({ customer: await v1Customer(ctx, ctx.caller.customerId) });
}

/** DELETE /store/auth: sign out (the cookie is cleared and its token revoked); Medusa answers 200 "OK". */
export async function v1DeleteSessionRoute(ctx: MedusaContext) {
  const cookie = ctx.req.headers.get("cookie")?.match(/(?:^|;\s*)connect\.sid=([^;]+)/);
  if (cookie) await createTokenService({ db: ctx.db }).revoke(decodeURIComponent(cookie[1]!)).catch(() => undefined);
  const res = new Response("OK", { status: 200, headers: { "content-type": "text/plain; charset=utf-8" } });
  res.headers.append("set-cookie", `${V1_SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`);
  return res;
}

/** POST /store/auth/token: sign in for a Bearer token (`{access_token}`), as Medusa v1's JWT route. */
export async function v1TokenRoute(ctx: MedusaContext) {
  const signed = await v1SignIn(ctx);
  if (!signed) return unauthorized();
  return ok({ access_token: signed.token });
}

// ------------------------------------------------------------------ context

export async function storeContext(req: Request, params: Record<string, string>, opts: { keyOptional?: boolean } = {}): Promise<MedusaContext> {
  const db = getDb();
  const caller = await authenticateStore(db, req, opts);
  const bodyText = req.method === "GET" || req.method === "HEAD" ? "" : await readBody(req);
  return { req, url: new URL(req.url), params, db, kassa: getKassa(), caller, bodyText };
}

/** Mutating routes honour Idempotency-Key, scoped to the storefront key and the caller. */
export function idempotent(ctx: MedusaContext, run: () => Promise<Response>): Promise<Response> {
  if (ctx.req.method === "GET") return run();
  // keyless (v1) callers share no storefront: their keys are scoped to the collection they act on
  const scope = `medusa:${ctx.caller.keyId}:${ctx.caller.customerId ?? "guest"}${ctx.caller.guest ? "" : `:${ctx.params.id ?? ""}`}`;
  return idempotentResponse(ctx.db, ctx.req, ctx.bodyText, scope, run);
}
