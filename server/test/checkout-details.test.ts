// The checkout's details through the tRPC procedure the browser calls: the shared schema parses the input, core checks
// what only the ledger knows (the cart region's countries), and a refusal reaches the browser as an error shape whose
// data maps to a field and a code — never zod's JSON in the message. The addresses travel onto the order.
import { TRPCError } from "@trpc/server";
import { getErrorShape } from "@trpc/server/unstable-core-do-not-import";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seed } from "../../prisma/seed";
import type { Actor } from "../core/actors";
import { fieldErrorsFromServer } from "../core/checkout-schema";
import { rememberLocale } from "../core/customers";
import type { DbHandle } from "../db";
import { getKassa } from "../kassa";
import { appRouter, createCaller } from "../trpc/root";
import { createTRPCContext } from "../trpc/init";
import { useTestDatabase } from "./app";
import { embeddedTestDb } from "./db";

const us = { name: "Ada Shopper", line1: "1 Main Street", line2: "Apt 4", city: "Springfield", state: "NY", postalCode: "12345", country: "US", phone: "" };
const de = { name: "Ada Billing", line1: "Hauptstraße 1", city: "Berlin", postalCode: "10115", country: "DE" };

describe("checkout.saveDetails", () => {
  let h: DbHandle;
  let actor: Actor & { type: "customer" };
  let caller: ReturnType<typeof createCaller>;

  /** The error's shape as the browser's tRPC client receives it (the app's errorFormatter applied). */
  async function refusal(p: Promise<unknown>) {
    const error = await p.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).not.toBeNull();
    return getErrorShape({ config: appRouter._def._config, error: error as never, type: "mutation", path: "checkout.saveDetails", input: undefined, ctx: undefined });
  }

  async function newCart(currency: string) {
    const k = getKassa();
    const region = (await h.db.region.findFirstOrThrow({ where: { currency } })).id;
    const cart = await k.carts.create(actor, { regionId: region });
    await k.carts.addLine(cart.id, actor, { sku: "MUG-WHITE", quantity: 1 });
    return cart.id;
  }

  beforeAll(async () => {
    h = await embeddedTestDb();
    await seed(h.db);
    useTestDatabase(h);
    const alice = await h.db.customer.findUniqueOrThrow({ where: { email: "alice@example.com" } });
    actor = { type: "customer", customerId: alice.id };
    caller = createCaller(await createTRPCContext({ headers: new Headers(), session: { user: { id: alice.id, email: alice.email } } }));
  });
  afterAll(async () => h?.close());

  it("refuses a country outside the cart's region next to the country field, in codes", async () => {
    const cartId = await newCart("USD");
    const shape = await refusal(caller.checkout.saveDetails({ cartId, email: "ada@example.com", shippingAddress: { ...de }, billingAddress: null }));
    expect(shape.data.code).toBe("BAD_REQUEST");
    expect(fieldErrorsFromServer(shape.data)).toEqual({ "shippingAddress.country": "country_not_in_region" });
    // nothing was saved
    expect((await getKassa().carts.get(cartId, actor)).shippingAddress).toBeNull();
  });

  it("refuses input the schema refuses with issues by field path, and a message that is not JSON", async () => {
    const cartId = await newCart("USD");
    const shape = await refusal(
      caller.checkout.saveDetails({ cartId, email: "a@b.c", shippingAddress: { ...us, postalCode: "1234" }, billingAddress: { ...de, line1: " " } }),
    );
    expect(shape.data.code).toBe("BAD_REQUEST");
    expect(shape.message).not.toMatch(/[{[]/);
    expect(fieldErrorsFromServer(shape.data)).toEqual({
      email: "invalid_email",
      "shippingAddress.postalCode": "invalid_postal_code",
      "billingAddress.line1": "required",
    });
  });

  it("refuses control characters and lone surrogates as the field's own error (PostgreSQL refuses NUL in text: it was a 500)", async () => {
    const cartId = await newCart("USD");
    const shape = await refusal(
      caller.checkout.saveDetails({ cartId, email: "ada@example.com", shippingAddress: { ...us, name: "Ada\u0000", city: "Spring\uD800field" }, billingAddress: { ...de, line2: "a\u0007" } }),
    );
    expect(shape.data.code).toBe("BAD_REQUEST");
    expect(fieldErrorsFromServer(shape.data)).toEqual({
      "shippingAddress.name": "invalid_characters",
      "shippingAddress.city": "invalid_characters",
      "billingAddress.line2": "invalid_characters",
    });
    expect((await getKassa().carts.get(cartId, actor)).shippingAddress).toBeNull();
  });

  it("keeps the language the shopper checks out in on the cart (the order and its mails inherit it)", async () => {
    const cartId = await newCart("EUR");
    const alice = await h.db.customer.findUniqueOrThrow({ where: { email: "alice@example.com" } });
    const headers = new Headers({ cookie: "kassa_locale=ja", "accept-language": "de-DE" });
    const inJapanese = createCaller(await createTRPCContext({ headers, session: { user: { id: alice.id, email: alice.email } } }));
    await inJapanese.checkout.saveDetails({ cartId, email: "ada@example.com", shippingAddress: { ...de }, billingAddress: null });
    expect((await h.db.cart.findUniqueOrThrow({ where: { id: cartId } })).locale).toBe("ja");
  });

  it("remembers a chosen language on the customer and their open carts, never on a completed cart or another's", async () => {
    const open = await newCart("USD");
    const done = await newCart("EUR");
    await h.db.cart.update({ where: { id: done }, data: { completedAt: new Date(), locale: "en" } });
    const bob = await h.db.customer.findUniqueOrThrow({ where: { email: "bob@example.com" } });
    const bobCart = await getKassa().carts.create({ type: "customer", customerId: bob.id }, { regionId: (await h.db.region.findFirstOrThrow()).id, locale: "en" });
    await rememberLocale(h.db, actor, "de");
    expect((await h.db.customer.findUniqueOrThrow({ where: { id: actor.customerId } })).locale).toBe("de");
    expect((await h.db.cart.findUniqueOrThrow({ where: { id: open } })).locale).toBe("de");
    expect((await h.db.cart.findUniqueOrThrow({ where: { id: done } })).locale).toBe("en");
    expect((await h.db.cart.findUniqueOrThrow({ where: { id: bobCart.id } })).locale).toBe("en");
    expect((await h.db.customer.findUniqueOrThrow({ where: { id: bob.id } })).locale).not.toBe("de");
  });

  it("refuses to charge a total the shopper did not see (the cart changed in another tab), then pays the one shown", async () => {
    const cartId = await newCart("USD"); // one mug: 12.50
    await caller.checkout.saveDetails({ cartId, email: "ada@example.com", shippingAddress: { ...us }, billingAddress: null });
    const card = { number: "4242 4242 4242 4242", expMonth: 12, expYear: 2040, cvc: "123" };
    const shape = await refusal(caller.checkout.pay({ cartId, attemptKey: "attempt-total-1", card, expectedTotal: { amount: 2500, currency: "USD" } }));
    expect(shape.data.code).toBe("CONFLICT");
    expect(shape.data.domainCode).toBe("invalid_state");
    expect(await h.db.paymentSession.count({ where: { collection: { cartId } } })).toBe(0);
    expect((await h.db.cart.findUniqueOrThrow({ where: { id: cartId } })).completedAt).toBeNull();
    // the same attempt key, now with the total the page shows after re-reading the cart
    const paid = await caller.checkout.pay({ cartId, attemptKey: "attempt-total-1", card, expectedTotal: { amount: 1250, currency: "USD" } });
    expect(paid.status).toBe("complete");
    const order = await h.db.order.findFirstOrThrow({ where: { cartId } });
    expect(order.totalMinor).toBe(1250n);
  });

  it("checks the shown total again where the authorize step is recorded (a change after pay's first read is refused too)", async () => {
    const cartId = await newCart("USD");
    await caller.checkout.saveDetails({ cartId, email: "ada@example.com", shippingAddress: { ...us }, billingAddress: null });
    const k = getKassa();
    const session = await k.checkout.startSession(cartId, actor, "pp_kassa_test"); // collection and session at 12.50
    const paymentData = { card: { number: "4242424242424242", expMonth: 12, expYear: 2040, cvc: "123" } };
    await expect(k.payments.authorizeSession(session.id, actor, { paymentData, expectedAmountMinor: 2500n })).rejects.toMatchObject({ code: "invalid_state" });
    expect((await k.payments.getSession(session.id, actor)).status).not.toBe("authorized");
    const ok = await k.payments.authorizeSession(session.id, actor, { paymentData, expectedAmountMinor: 1250n });
    expect(ok.status).toBe("authorized");
  });

  it("never sends an internal error's own message (a driver's words may name tables or values)", () => {
    const error = new TRPCError({ code: "INTERNAL_SERVER_ERROR", cause: new Error('invalid byte sequence for encoding "UTF8": 0x00 in table "Cart"') });
    const shape = getErrorShape({ config: appRouter._def._config, error, type: "mutation", path: "checkout.saveDetails", input: undefined, ctx: undefined });
    expect(shape.data.code).toBe("INTERNAL_SERVER_ERROR");
    expect(shape.message).toBe("Something went wrong on our side.");
    expect(JSON.stringify(shape)).not.toContain("UTF8");
  });

  it("stores line 2, state, phone and a separate billing address; the order keeps them", async () => {
    const cartId = await newCart("USD");
    const cart = await caller.checkout.saveDetails({ cartId, email: "Ada@Example.com", shippingAddress: { ...us, phone: "+1 555 0100" }, billingAddress: de });
    expect(cart.email).toBe("ada@example.com");
    expect(cart.shippingAddress).toEqual({ name: "Ada Shopper", line1: "1 Main Street", line2: "Apt 4", city: "Springfield", state: "NY", postalCode: "12345", country: "US", phone: "+1 555 0100" });
    expect(cart.billingAddress).toEqual(de);

    // "same as shipping" again clears the billing address
    const same = await caller.checkout.saveDetails({ cartId, email: "ada@example.com", shippingAddress: us, billingAddress: null });
    expect(same.billingAddress).toBeNull();
    expect(same.shippingAddress).not.toHaveProperty("phone"); // an empty optional part is not stored

    await caller.checkout.saveDetails({ cartId, email: "ada@example.com", shippingAddress: us, billingAddress: de });
    const order = await getKassa().orders.completeCart(cartId, actor, { requirePayment: false });
    expect(order.billingAddress).toEqual(de);
    expect(await caller.orders.addresses({ id: order.id })).toEqual({
      email: "ada@example.com",
      shippingAddress: { name: "Ada Shopper", line1: "1 Main Street", line2: "Apt 4", city: "Springfield", state: "NY", postalCode: "12345", country: "US" },
      billingAddress: de,
    });
    // somebody else's order: not found, as an unknown id is, and none of its addresses
    const bob = await h.db.customer.findUniqueOrThrow({ where: { email: "bob@example.com" } });
    const asBob = createCaller(await createTRPCContext({ headers: new Headers(), session: { user: { id: bob.id, email: bob.email } } }));
    await expect(asBob.orders.addresses({ id: order.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const asNobody = createCaller(await createTRPCContext({ headers: new Headers(), session: null }));
    await expect(asNobody.orders.addresses({ id: order.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("accepts every country of a multi-country region, whatever its case", async () => {
    const cartId = await newCart("EUR");
    const cart = await caller.checkout.saveDetails({ cartId, email: "ada@example.com", shippingAddress: { ...de, country: "nl", postalCode: "1011 AB" }, billingAddress: null });
    expect(cart.shippingAddress).toMatchObject({ country: "NL" });
  });
});
