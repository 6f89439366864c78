// Magento 2 REST (+ Adobe Payment Services' payment order) over the ledger. Shapes follow Magento's service data
// interfaces (snake_case keys, floats in major units, nulls omitted); errors follow its Webapi ErrorProcessor.
import { z } from "zod";
import { getDb, type Db } from "../../db";
import { getAppCore } from "../../kassa";
import type { Kassa } from "../../core/kassa";
import type { Actor } from "../../core/actors";
import type { CartView } from "../../core/carts";
import { findRegionByCurrency } from "../../core/catalog";
import { parseCurrencyCode } from "../../core/currencies";
import { customerEmail, getCustomerProfile } from "../../core/customers";
import { isPaymentError } from "../../core/errors";
import { toMajorNumber } from "../../core/money";
import type { PaymentOrderView } from "../../core/payment-orders";
import { signInWithPassword } from "../../auth/credentials";
import { createTokenService } from "../../auth/tokens";
import { idempotentResponse } from "../http/idempotency";
import { bearerToken, readBody } from "../http/kit";
import { AUTH_MESSAGE, MagentoError, noSuchEntity, requiredField, SIGN_IN_MESSAGE } from "./errors";
import { camelize, decodeBody, respond, type ResponseFormat } from "./format";
import { MagentoCartItemRequest, MagentoCartItemUpdateRequest, MagentoCustomerToken, MagentoPaymentOrderRequest, STORE_CURRENCY } from "./schemas";


export type MagentoCtx = { req: Request; db: Db; kassa: Kassa; format: ResponseFormat; store: string; body: Record<string, unknown>; bodyText: string; customer: (Actor & { type: "customer" }) | null };

export async function magentoContext(req: Request, store: string, format: ResponseFormat): Promise<MagentoCtx> {
  const db = getDb();
  const bodyText = req.method === "POST" || req.method === "PUT" ? await readBody(req) : "";
  const token = bearerToken(req);
  const grant = token ? await createTokenService({ db }).verify(token, { audience: "magento" }) : null;
  const customer = grant?.subject.type === "customer" ? ({ type: "customer", customerId: grant.subject.customerId } as const) : null;
  // Magento authorizes the route before it decodes the body: a bad body without a token is a 401, not a 400. So the
  // body is decoded on first use, which every handler makes after its authorization check.
  let decoded: Record<string, unknown> | undefined;
  const ctx = { req, db, kassa: getAppCore().kassa, format, store, bodyText, customer } as Omit<MagentoCtx, "body">;
  return Object.defineProperty(ctx, "body", {
    enumerable: true,
    get: () => (decoded ??= camelize(decodeBody(bodyText, req.headers.get("content-type"))) as Record<string, unknown>),
  }) as MagentoCtx;
}

function requireCustomer(ctx: MagentoCtx): Actor & { type: "customer" } {
  if (!ctx.customer) throw new MagentoError(401, AUTH_MESSAGE, { resources: "self" });
  return ctx.customer;
}

const ok = (ctx: MagentoCtx, data: unknown) => respond(data, ctx.format);
const major = toMajorNumber;
const ts = (d: Date) => d.toISOString().replace("T", " ").slice(0, 19);

/** Store currency -> region, kept for a minute per database (regions are configuration; the database stays the truth). */
const regionCache = new WeakMap<Db, Map<string, { region: { id: string }; at: number }>>();
const REGION_CACHE_MS = 60_000;

async function storeRegion(ctx: MagentoCtx): Promise<{ id: string }> {
  const currency = STORE_CURRENCY[ctx.store] ?? "USD";
  let byCurrency = regionCache.get(ctx.db);
  if (!byCurrency) regionCache.set(ctx.db, (byCurrency = new Map()));
  const hit = byCurrency.get(currency);
  if (hit && Date.now() - hit.at < REGION_CACHE_MS) return hit.region;
  const found = await findRegionByCurrency(ctx.db, parseCurrencyCode(currency));
  if (!found) throw new MagentoError(400, "The store's currency %1 is not configured.", [currency]);
  const region = { id: found.id };
  byCurrency.set(currency, { region, at: Date.now() });
  return region;
}

/** The customer's active cart in this store's currency, created on demand. */
async function activeCart(ctx: MagentoCtx, actor: Actor & { type: "customer" }, create: boolean): Promise<CartView> {
  const region = await storeRegion(ctx);
  const cart = await ctx.kassa.carts.findActive(actor);
  if (cart) return cart.regionId === region.id ? cart : ctx.kassa.carts.setRegion(cart.id, actor, region.id);
  if (!create) throw noSuchEntity("customerId", (await getCustomerProfile(ctx.db, actor.customerId)).number);
  const email = await customerEmail(ctx.db, actor.customerId);
  return ctx.kassa.carts.create(actor, { regionId: region.id, email });
}

/** Routes that need the customer's cart id: with no active cart Magento answers '"cartId" is required'. */
async function cartOrRequired(ctx: MagentoCtx, actor: Actor & { type: "customer" }): Promise<CartView> {
  try {
    return await activeCart(ctx, actor, false);
  } catch (e) {
    if (e instanceof MagentoError && e.status === 404) {
      const r = requiredField("cartId");
      throw new MagentoError(400, r.message, r.parameters);
    }
    throw e;
  }
}

function cartItem(c: CartView, l: CartView["lines"][number]) {
  // Magento's ids are integers (CartItemInterface::getItemId(): int); the quote id of an item is a string there.
  return { item_id: l.number, sku: l.sku, qty: l.quantity, name: l.productTitle, price: major(l.unitPrice), product_type: "simple", quote_id: String(c.number) };
}

async function cartBody(ctx: MagentoCtx, c: CartView) {
  const customer = await getCustomerProfile(ctx.db, c.customerId!);
  const [firstname, ...last] = (customer.name || customer.email).split(" ");
  return {
    id: c.number,
    created_at: ts(c.createdAt),
    updated_at: ts(c.updatedAt),
    is_active: !c.completedAt,
    is_virtual: false,
    items: c.lines.map((l) => cartItem(c, l)),
    items_count: c.lines.length,
    items_qty: c.lines.reduce((n, l) => n + l.quantity, 0),
    customer: { id: customer.number, group_id: 1, created_at: ts(customer.createdAt), updated_at: ts(customer.updatedAt), email: customer.email, firstname, lastname: last.join(" ") || firstname, store_id: 1, website_id: 1, addresses: [], disable_auto_group_change: 0 },
    orig_order_id: 0,
    currency: { global_currency_code: c.currency, base_currency_code: c.currency, store_currency_code: c.currency, quote_currency_code: c.currency, store_to_base_rate: 0, store_to_quote_rate: 0, base_to_global_rate: 1, base_to_quote_rate: 1 },
    customer_is_guest: false,
    customer_note_notify: true,
    customer_tax_class_id: 3,
    store_id: 1,
    extension_attributes: { shipping_assignments: [] },
  };
}

function totalsBody(c: CartView) {
  const sub = major(c.subtotal);
  const grand = major(c.total);
  return {
    grand_total: grand,
    base_grand_total: grand,
    subtotal: sub,
    base_subtotal: sub,
    discount_amount: 0,
    base_discount_amount: 0,
    subtotal_with_discount: sub,
    base_subtotal_with_discount: sub,
    shipping_amount: 0,
    base_shipping_amount: 0,
    shipping_discount_amount: 0,
    base_shipping_discount_amount: 0,
    tax_amount: 0,
    base_tax_amount: 0,
    shipping_tax_amount: 0,
    base_shipping_tax_amount: 0,
    subtotal_incl_tax: sub,
    base_subtotal_incl_tax: sub,
    shipping_incl_tax: 0,
    base_shipping_incl_tax: 0,
    base_currency_code: c.currency,
    quote_currency_code: c.currency,
    items_qty: c.lines.reduce((n, l) => n + l.quantity, 0),
    items: c.lines.map((l) => ({
      item_id: l.number,
      price: major(l.unitPrice),
      base_price: major(l.unitPrice),
      qty: l.quantity,
      row_total: major(l.total),
      base_row_total: major(l.total),
      row_total_with_discount: 0,
      tax_amount: 0,
      base_tax_amount: 0,
      tax_percent: 0,
      discount_amount: 0,
      base_discount_amount: 0,
      discount_percent: 0,
      price_incl_tax: major(l.unitPrice),
      base_price_incl_tax: major(l.unitPrice),
      row_total_incl_tax: major(l.total),
      base_row_total_incl_tax: major(l.total),
      options: "[]",
      name: l.productTitle,
    })),
    total_segments: [
      { code: "subtotal", title: "Subtotal", value: sub },
      { code: "shipping", title: "Shipping & Handling", value: 0 },
      { code: "tax", title: "Tax", value: 0, extension_attributes: { tax_grandtotal_details: [] } },
      { code: "grand_total", title: "Grand Total", value: grand, area: "footer" },
    ],
  };
}

function paymentOrderBody(o: PaymentOrderView) {
  return { id: o.id, mp_order_id: o.mpOrderId, status: o.status, amount: major(o.amount), currency_code: o.amount.currency };
}

// ------------------------------------------------------------------ routes

export async function customerToken(ctx: MagentoCtx) {
  const username = ctx.body.username;
  const password = ctx.body.password;
  const fields = MagentoCustomerToken.shape;
  const missing = (["username", "password"] as const).filter((k) => !fields[k].safeParse(ctx.body[k]).success).map((k) => requiredField(k));
  if (missing.length === 1) throw new MagentoError(400, missing[0]!.message, missing[0]!.parameters);
  if (missing.length > 1) throw new MagentoError(400, "One or more input exceptions have occurred.", undefined, missing);
  let customer;
  try {
    customer = await signInWithPassword(ctx.db, String(username), String(password));
  } catch (e) {
    if (isPaymentError(e) && e.code === "rate_limited") throw new MagentoError(401, SIGN_IN_MESSAGE);
    throw e;
  }
  if (!customer) throw new MagentoError(401, SIGN_IN_MESSAGE);
  const t = await createTokenService({ db: ctx.db }).issue({ subject: { type: "customer", customerId: customer.id }, audience: "magento", ttlSeconds: 3600 });
  return ok(ctx, t.token);
}

export async function createMineCart(ctx: MagentoCtx) {
  const c = await activeCart(ctx, requireCustomer(ctx), true);
  return ok(ctx, c.number);
}

export async function getMineCart(ctx: MagentoCtx) {
  const c = await activeCart(ctx, requireCustomer(ctx), false);
  return ok(ctx, await cartBody(ctx, c));
}

export async function addMineItem(ctx: MagentoCtx) {
  const actor = requireCustomer(ctx);
  const input = MagentoCartItemRequest.parse(ctx.body);
  const qty = input.cartItem.qty;
  if (!Number.isInteger(qty) || qty <= 0) throw new MagentoError(400, 'Invalid value of "%value" provided for the %fieldName field.', { fieldName: "qty", value: String(input.cartItem.qty) });
  const cart = await cartOrRequired(ctx, actor);
  let after: CartView;
  try {
    after = await ctx.kassa.carts.addLine(cart.id, actor, { sku: input.cartItem.sku, quantity: qty });
  } catch (e) {
    if (isPaymentError(e) && (e.code === "not_found" || (e.code === "validation" && e.details.field === "variant_id"))) {
      throw new MagentoError(404, "The product that was requested doesn't exist. Verify the product and try again.");
    }
    throw e;
  }
  const line = after.lines.find((l) => l.sku === input.cartItem.sku)!;
  return ok(ctx, cartItem(after, line));
}

/** A path's `{itemId}`: Magento casts it to int, and refuses what is not one with its type error. */
function itemIdOf(raw: string): number {
  if (!/^\d{1,9}$/.test(raw)) throw new MagentoError(400, 'The "%value" value\'s type is invalid. The "%type" type was expected. Verify and try again.', { value: raw, type: "int" });
  return Number(raw);
}

/** The line of the customer's cart with this item id, or Magento's 404 for the cart and item. */
function lineOf(cart: CartView, itemId: number): CartView["lines"][number] {
  const line = cart.lines.find((l) => l.number === itemId);
  if (!line) throw new MagentoError(404, "The %1 Cart doesn't contain the %2 item.", [cart.number, itemId]);
  return line;
}

/** PUT /V1/carts/mine/items/{itemId}: set the item's quantity; answers the item. */
export async function updateMineItem(ctx: MagentoCtx, rawItemId: string) {
  const actor = requireCustomer(ctx);
  const itemId = itemIdOf(rawItemId);
  const input = MagentoCartItemUpdateRequest.parse(ctx.body);
  const qty = input.cartItem.qty;
  if (!Number.isInteger(qty) || qty <= 0) throw new MagentoError(400, 'Invalid value of "%value" provided for the %fieldName field.', { fieldName: "qty", value: String(input.cartItem.qty) });
  const cart = await cartOrRequired(ctx, actor);
  const line = lineOf(cart, itemId);
  const after = await ctx.kassa.carts.updateLine(cart.id, actor, line.id, qty);
  return ok(ctx, cartItem(after, lineOf(after, itemId)));
}

/** DELETE /V1/carts/mine/items/{itemId}: remove the item; answers `true`, as Magento does. */
export async function deleteMineItem(ctx: MagentoCtx, rawItemId: string) {
  const actor = requireCustomer(ctx);
  const itemId = itemIdOf(rawItemId);
  const cart = await cartOrRequired(ctx, actor);
  await ctx.kassa.carts.removeLine(cart.id, actor, lineOf(cart, itemId).id);
  return ok(ctx, true);
}

export async function mineTotals(ctx: MagentoCtx) {
  const actor = requireCustomer(ctx);
  const c = await cartOrRequired(ctx, actor);
  return ok(ctx, totalsBody(c));
}

/** One field of the payment-order request, checked by its schema: absent or empty is "required", anything else "Invalid". */
function field<K extends "methodCode" | "paymentSource" | "location">(body: Record<string, unknown>, key: K): z.infer<typeof MagentoPaymentOrderRequest>[K] {
  const value = body[key];
  if (value === undefined || value === null || value === "") {
    const r = requiredField(key);
    throw new MagentoError(400, r.message, r.parameters);
  }
  const parsed = MagentoPaymentOrderRequest.shape[key].safeParse(value);
  if (!parsed.success) throw new MagentoError(400, `Invalid ${key}`);
  return parsed.data as z.infer<typeof MagentoPaymentOrderRequest>[K];
}

function bool(v: unknown): boolean {
  return v === true || v === "true" || v === "1" || v === 1;
}

export async function createPaymentOrder(ctx: MagentoCtx) {
  const actor = requireCustomer(ctx);
  const methodCode = field(ctx.body, "methodCode");
  const paymentSource = field(ctx.body, "paymentSource");
  const location = field(ctx.body, "location");
  const cart = await cartOrRequired(ctx, actor);
  if (!cart.lines.length) throw new MagentoError(400, "Failed to create an order: %1", ["the cart is empty"]);
  const providerId = getAppCore().stripe ? "pp_stripe_stripe" : "pp_kassa_test";
  try {
    const order = await ctx.kassa.paymentOrders.create(actor, cart.id, { methodCode, paymentSource, location, vaultIntent: bool(ctx.body.vaultIntent), providerId });
    return ok(ctx, paymentOrderBody(order));
  } catch (e) {
    if (isPaymentError(e) && e.code === "provider_unavailable") throw new MagentoError(400, "Failed to create an order");
    throw e;
  }
}

export async function getPaymentOrder(ctx: MagentoCtx, id: string) {
  const actor = requireCustomer(ctx);
  try {
    return ok(ctx, paymentOrderBody(await ctx.kassa.paymentOrders.get(actor, id)));
  } catch (e) {
    if (isPaymentError(e) && e.code === "not_found") throw noSuchEntity("id", id);
    throw e;
  }
}

export function idempotent(ctx: MagentoCtx, run: () => Promise<Response>) {
  if (ctx.req.method === "GET" || !ctx.customer) return run(); // POST, PUT and DELETE replay under an Idempotency-Key
  return idempotentResponse(ctx.db, ctx.req, ctx.bodyText, `magento:${ctx.customer.customerId}`, run);
}

