// Carts: created for a customer or an anonymous session, lines priced from the variant's price in the cart currency.
// A change to the lines updates the open payment collection (and its live session's amount, in place at the provider).
import type { Tx } from "../db";
import { owns, type Actor } from "./actors";
import { parseCurrencyCode, type CurrencyCode } from "./currencies";
import type { CoreDeps } from "./deps";
import { PaymentError, notFound } from "./errors";
import { fromMinor, multiply, sum, type Money } from "./money";
import { lockCartAndCollection } from "./ledger";
import { Prisma } from "../db/generated/client";
import type { CheckoutAddress, CheckoutDetails } from "./checkout-schema";

export type CartLineView = {
  id: string;
  /** An integer id of the line, unique across carts (Magento's `item_id`). */
  number: number;
  variantId: string;
  sku: string;
  title: string;
  productId: string;
  productTitle: string;
  productHandle: string;
  productDescription: string;
  quantity: number;
  unitPrice: Money;
  total: Money;
  createdAt: Date;
};
export type CartView = {
  id: string;
  number: number;
  regionId: string;
  currency: CurrencyCode;
  email: string | null;
  customerId: string | null;
  anonymousId: string | null;
  shippingAddress: Record<string, unknown> | null;
  /** null: the same as the shipping address */
  billingAddress: Record<string, unknown> | null;
  lines: CartLineView[];
  subtotal: Money;
  total: Money;
  completedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
};

const MAX_QTY = 10_000;

export const cartInclude = {
  lines: {
    orderBy: { createdAt: "asc" as const },
    include: { variant: { select: { sku: true, title: true, product: { select: { id: true, title: true, handle: true, description: true } } } } },
  },
};

type CartRow = Awaited<ReturnType<Tx["cart"]["findUniqueOrThrow"]>> & {
  lines: {
    id: string;
    number: number;
    variantId: string;
    quantity: number;
    unitPriceMinor: bigint;
    createdAt: Date;
    variant: { sku: string; title: string; product: { id: string; title: string; handle: string; description: string } };
  }[];
};

export function toCartView(c: CartRow): CartView {
  const currency = parseCurrencyCode(c.currency);
  const lines = c.lines.map((l) => {
    const unitPrice = fromMinor(l.unitPriceMinor, currency);
    const p = l.variant.product;
    return {
      id: l.id,
      number: l.number,
      variantId: l.variantId,
      sku: l.variant.sku,
      title: l.variant.title,
      productId: p.id,
      productTitle: p.title,
      productHandle: p.handle,
      productDescription: p.description,
      quantity: l.quantity,
      unitPrice,
      total: multiply(unitPrice, l.quantity),
      createdAt: l.createdAt,
    };
  });
  const subtotal = sum(lines.map((l) => l.total), currency);
  return {
    id: c.id,
    number: c.number,
    regionId: c.regionId,
    currency,
    email: c.email,
    customerId: c.customerId,
    anonymousId: c.anonymousId,
    shippingAddress: (c.shippingAddress as Record<string, unknown> | null) ?? null,
    billingAddress: (c.billingAddress as Record<string, unknown> | null) ?? null,
    lines,
    subtotal,
    total: subtotal,
    completedAt: c.completedAt,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}

/** An address as stored: optional parts left out when empty. */
function compactAddress(a: CheckoutAddress): Record<string, string> {
  return Object.fromEntries(Object.entries(a).filter((e): e is [string, string] => typeof e[1] === "string" && e[1] !== ""));
}

function checkQuantity(quantity: number, allowZero: boolean) {
  if (!Number.isSafeInteger(quantity) || quantity < (allowZero ? 0 : 1) || quantity > MAX_QTY) {
    throw new PaymentError("validation", `Quantity must be a whole number from ${allowZero ? 0 : 1} to ${MAX_QTY}.`, { field: "quantity" });
  }
}

export function createCartService(deps: CoreDeps & { syncSessionAmount: (sessionId: string) => Promise<void>; retireCollection: (tx: Tx, collectionId: string) => Promise<void> }) {
  const { db, ids, now } = deps;

  async function load(tx: Tx | CoreDeps["db"], cartId: string, actor: Actor): Promise<CartRow> {
    const c = (await tx.cart.findUnique({ where: { id: cartId }, include: cartInclude })) as CartRow | null;
    if (!c || !owns(actor, c)) throw notFound("cart", cartId); // not yours looks like not there
    return c;
  }

  async function create(actor: Actor, input: { regionId: string; email?: string | null; locale?: string | null }): Promise<CartView> {
    const region = await db.region.findUnique({ where: { id: input.regionId } });
    if (!region) throw notFound("region", input.regionId);
    const c = await db.cart.create({
      data: {
        id: ids("cart"),
        regionId: region.id,
        currency: region.currency,
        email: input.email ?? null,
        locale: input.locale ?? null,
        customerId: actor.type === "customer" ? actor.customerId : null,
        anonymousId: actor.type === "anonymous" ? actor.anonymousId : null,
      },
      include: cartInclude,
    });
    return toCartView(c as CartRow);
  }

  async function get(cartId: string, actor: Actor): Promise<CartView> {
    return toCartView(await load(db, cartId, actor));
  }

  /** The actor's newest open cart, if any. */
  async function findActive(actor: Actor): Promise<CartView | null> {
    if (actor.type === "system") return null;
    const c = await db.cart.findFirst({
      where: { completedAt: null, ...(actor.type === "customer" ? { customerId: actor.customerId } : { anonymousId: actor.anonymousId, customerId: null }) },
      orderBy: { createdAt: "desc" },
      include: cartInclude,
    });
    return c ? toCartView(c as CartRow) : null;
  }

  /**
   * Lock the cart, refuse changes to a completed cart or one whose payment is under way, run `fn`, and set the open
   * collection's amount to the new total in the same transaction. After the commit, the live session's intent is
   * brought to that amount at the provider (`syncSessionAmount`, through the operations table: each change is its own
   * call with its own key, in the order recorded). "Under way" looks only at the live session: a retired session's
   * money can no longer count toward this cart (it is flagged and returned), so it does not freeze the cart.
   */
  async function mutate(cartId: string, actor: Actor, fn: (tx: Tx, cart: CartRow) => Promise<void>): Promise<CartView> {
    const result = await db.$transaction(async (tx) => {
      await lockCartAndCollection(tx, cartId); // the busy check and amounts read below see settled state
      const cart = await load(tx, cartId, actor);
      if (cart.completedAt) throw new PaymentError("invalid_state", "This cart is already completed.", { cartId });
      const busy = await tx.paymentCollection.findFirst({
        where: {
          openForCartId: cartId,
          OR: [
            { authorizedMinor: { gt: 0 } },
            {
              sessions: {
                some: {
                  liveForCollectionId: { not: null },
                  OR: [
                    { status: { in: ["requires_more", "authorized"] } },
                    { payment: { flag: null, status: { in: ["pending", "requires_action", "authorized", "partially_captured", "captured"] } } },
                    { operations: { some: { inFlightForSessionId: { not: null }, kind: { in: ["authorize", "complete_action"] } } } },
                  ],
                },
              },
            },
          ],
        },
        select: { id: true },
      });
      if (busy) throw new PaymentError("invalid_state", "The cart's payment is already authorized or in progress; it can no longer change.", { cartId });
      await fn(tx, cart);
      const fresh = toCartView((await load(tx, cartId, actor)) as CartRow);
      const collection = await tx.paymentCollection.findUnique({ where: { openForCartId: cartId }, select: { id: true, amountMinor: true, sessions: { where: { liveForCollectionId: { not: null } }, select: { id: true } } } });
      if (collection && collection.amountMinor !== BigInt(fresh.total.amount)) {
        await tx.paymentCollection.update({ where: { id: collection.id }, data: { amountMinor: BigInt(fresh.total.amount) } });
      }
      return { view: fresh, liveSessionId: collection?.sessions[0]?.id ?? null };
    });
    if (result.liveSessionId) await deps.syncSessionAmount(result.liveSessionId);
    return result.view;
  }

  async function priceFor(tx: Tx, variantIdOrSku: { variantId?: string; sku?: string }, currency: string) {
    const variant = await tx.variant.findFirst({
      where: variantIdOrSku.variantId ? { id: variantIdOrSku.variantId } : { sku: variantIdOrSku.sku ?? "" },
      include: { prices: { where: { currency } } },
    });
    if (!variant) throw notFound("variant", variantIdOrSku.variantId ?? variantIdOrSku.sku ?? "");
    const price = variant.prices[0];
    if (!price) throw new PaymentError("validation", `Variant ${variant.sku} has no price in ${currency}.`, { field: "variant_id" });
    return { variant, price };
  }

  async function addLine(cartId: string, actor: Actor, input: { variantId?: string; sku?: string; quantity: number }) {
    checkQuantity(input.quantity, false);
    return mutate(cartId, actor, async (tx, cart) => {
      const { variant, price } = await priceFor(tx, input, cart.currency);
      const existing = cart.lines.find((l) => l.variantId === variant.id);
      if (existing) {
        checkQuantity(existing.quantity + input.quantity, false);
        await tx.cartLine.update({ where: { id: existing.id }, data: { quantity: existing.quantity + input.quantity, unitPriceMinor: price.amountMinor } });
      } else {
        await tx.cartLine.create({ data: { id: ids("cali"), cartId, variantId: variant.id, quantity: input.quantity, unitPriceMinor: price.amountMinor } });
      }
    });
  }

  async function updateLine(cartId: string, actor: Actor, lineId: string, quantity: number) {
    checkQuantity(quantity, true);
    return mutate(cartId, actor, async (tx, cart) => {
      if (!cart.lines.some((l) => l.id === lineId)) throw notFound("line item", lineId);
      if (quantity === 0) await tx.cartLine.delete({ where: { id: lineId } });
      else await tx.cartLine.update({ where: { id: lineId }, data: { quantity } });
    });
  }

  async function removeLine(cartId: string, actor: Actor, lineId: string) {
    return updateLine(cartId, actor, lineId, 0);
  }

  async function update(cartId: string, actor: Actor, input: { email?: string | null; shippingAddress?: Record<string, unknown> | null }) {
    if (input.email !== undefined && input.email !== null && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(input.email)) {
      throw new PaymentError("validation", "Enter a valid email address.", { field: "email" });
    }
    return mutate(cartId, actor, async (tx) => {
      await tx.cart.update({
        where: { id: cartId },
        data: {
          ...(input.email !== undefined ? { email: input.email?.trim().toLowerCase() ?? null } : {}),
          ...(input.shippingAddress !== undefined ? { shippingAddress: (input.shippingAddress ?? undefined) as object | undefined } : {}),
        },
      });
    });
  }

  /**
   * The browser checkout's contact and addresses, already parsed with `checkoutDetails` (./checkout-schema). What only
   * the ledger knows is checked here: the cart's region ships to the shipping address's country.
   */
  async function saveCheckoutDetails(cartId: string, actor: Actor, input: CheckoutDetails, locale?: string): Promise<CartView> {
    return mutate(cartId, actor, async (tx, cart) => {
      const region = await tx.region.findUnique({ where: { id: cart.regionId }, select: { countries: true } });
      const country = input.shippingAddress.country.toLowerCase();
      if (!region?.countries.some((c) => c.toLowerCase() === country)) {
        throw new PaymentError("validation", "The cart's region does not ship to this country.", { field: "shippingAddress.country", reason: "country_not_in_region" });
      }
      await tx.cart.update({
        where: { id: cartId },
        data: {
          email: input.email.toLowerCase(),
          shippingAddress: compactAddress(input.shippingAddress),
          billingAddress: input.billingAddress ? compactAddress(input.billingAddress) : Prisma.DbNull,
          ...(locale ? { locale } : {}), // the language the shopper checks out in is the order's (its mails')
        },
      });
    });
  }

  /** Move the cart to another region: its currency changes and every line is re-priced in it. */
  async function setRegion(cartId: string, actor: Actor, regionId: string): Promise<CartView> {
    const region = await db.region.findUnique({ where: { id: regionId } });
    if (!region) throw notFound("region", regionId);
    return mutate(cartId, actor, async (tx, cart) => {
      if (cart.regionId === regionId) return;
      const open = await tx.paymentCollection.findUnique({ where: { openForCartId: cartId }, select: { id: true } });
      // the collection was for the old currency: close it (its sessions are canceled at their provider by job)
      if (open) await deps.retireCollection(tx, open.id);
      for (const line of cart.lines) {
        const { price } = await priceFor(tx, { variantId: line.variantId }, region.currency);
        await tx.cartLine.update({ where: { id: line.id }, data: { unitPriceMinor: price.amountMinor } });
      }
      await tx.cart.update({ where: { id: cartId }, data: { regionId, currency: region.currency } });
    });
  }

  /** On sign-in: the anonymous session's open carts (and their payments) become the customer's. */
  async function attachToCustomer(anonymousId: string, customerId: string): Promise<number> {
    return db.$transaction(async (tx) => {
      const carts = await tx.cart.findMany({ where: { anonymousId, customerId: null, completedAt: null }, select: { id: true } });
      if (!carts.length) return 0;
      const cartIds = carts.map((c) => c.id);
      await tx.cart.updateMany({ where: { id: { in: cartIds } }, data: { customerId } });
      await tx.payment.updateMany({ where: { anonymousId, customerId: null, collection: { cartId: { in: cartIds } } }, data: { customerId } });
      return carts.length;
    });
  }

  return { create, get, findActive, addLine, updateLine, removeLine, update, saveCheckoutDetails, setRegion, attachToCustomer };
}

export type CartService = ReturnType<typeof createCartService>;
