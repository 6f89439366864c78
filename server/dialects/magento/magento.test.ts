// Magento REST through its route handlers: JSON and XML in and out, Magento's error bodies, and the payment order.
import { XMLParser } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seed } from "../../../prisma/seed";
import type { DbHandle } from "../../db";
import { embeddedTestDb } from "../../test/db";
import { useTestDatabase } from "../../test/app";
import { getKassa } from "../../kassa";
import { customerService } from "../../auth/credentials";
import { uniqueEmail } from "../../test/db";
import { DELETE, GET, POST, PUT } from "./router";

type Opts = { token?: string; body?: unknown; raw?: string; contentType?: string | null; accept?: string };
async function call(method: "GET" | "POST" | "PUT" | "DELETE", path: string, o: Opts = {}) {
  const headers: Record<string, string> = {};
  const body = o.raw ?? (o.body === undefined ? undefined : JSON.stringify(o.body));
  if (body !== undefined && o.contentType !== null) headers["content-type"] = o.contentType ?? "application/json";
  if (o.token) headers.authorization = `Bearer ${o.token}`;
  if (o.accept) headers.accept = o.accept;
  // a string body makes Request add text/plain; bytes do not, so "no Content-Type" can be tested
  const payload = body !== undefined && o.contentType === null ? new TextEncoder().encode(body) : body;
  const res = await { GET, POST, PUT, DELETE }[method](new Request(`http://localhost/rest${path}`, { method, headers, body: payload }));
  const text = await res.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    /* xml */
  }
  return { status: res.status, text, body: json as Record<string, unknown> & unknown, type: res.headers.get("content-type") };
}

describe("Magento REST", () => {
  let h: DbHandle;
  let alice: string;
  let bob: string;
  const fresh = async () => {
    const email = uniqueEmail("mage");
    await customerService(h.db).register({ email, password: "magento password" });
    return (await call("POST", "/V1/integration/customer/token", { body: { username: email, password: "magento password" } })).body as unknown as string;
  };
  beforeAll(async () => {
    h = await embeddedTestDb();
    await seed(h.db);
    useTestDatabase(h);
    alice = (await call("POST", "/V1/integration/customer/token", { body: { username: "alice@example.com", password: "alice-password" } })).body as unknown as string;
    bob = (await call("POST", "/V1/integration/customer/token", { body: { username: "bob@example.com", password: "bob-password" } })).body as unknown as string;
  });
  afterAll(() => h.close());

  it("issues a customer token as a JSON string; wrong credentials 401; empty fields 400 with both errors", async () => {
    expect(typeof alice).toBe("string");
    const wrong = await call("POST", "/V1/integration/customer/token", { body: { username: "alice@example.com", password: "nope" } });
    expect([wrong.status, wrong.body]).toEqual([401, { message: "The account sign-in was incorrect or your account is disabled temporarily. Please wait and try again later." }]);
    const empty = await call("POST", "/V1/integration/customer/token", { body: { username: "", password: "" } });
    expect([empty.status, empty.body]).toEqual([400, {
      message: "One or more input exceptions have occurred.",
      errors: [
        { message: '"%fieldName" is required. Enter and try again.', parameters: { fieldName: "username" } },
        { message: '"%fieldName" is required. Enter and try again.', parameters: { fieldName: "password" } },
      ],
    }]);
  });

  it("answers missing or invalid tokens with 401 and its parameters, in JSON or XML", async () => {
    const none = await call("GET", "/V1/carts/mine");
    expect([none.status, none.body]).toEqual([401, { message: "The consumer isn't authorized to access %resources.", parameters: { resources: "self" } }]);
    const bad = await call("GET", "/V1/carts/mine", { token: "nope", accept: "application/xml" });
    expect(bad.status).toBe(401);
    expect(bad.text).toBe('<?xml version="1.0"?>\n<response>\n  <message>The consumer isn\'t authorized to access %resources.</message>\n  <parameters>\n    <resources>self</resources>\n  </parameters>\n</response>\n');
  });

  it("authorizes before it decodes the body: a bad body without a token is a 401; with the token, the decoding error", async () => {
    for (const [raw, contentType] of [["{not json", "application/json"], ["<request><cartItem>", "application/xml"], ["x", "text/csv"]] as const) {
      const anon = await call("POST", "/V1/carts/mine/items", { raw, contentType });
      expect([anon.status, anon.body], raw).toEqual([401, { message: "The consumer isn't authorized to access %resources.", parameters: { resources: "self" } }]);
      const signed = await call("POST", "/V1/carts/mine/items", { raw, contentType, token: alice });
      expect(signed.status, raw).toBe(400);
    }
    // the token route itself needs no token: its bad body is the decoding error
    expect((await call("POST", "/V1/integration/customer/token", { raw: "{not json" })).body).toEqual({ message: "Decoding error." });
  });

  it("routes by store code; unknown routes and stores are 404 before authentication", async () => {
    expect((await call("POST", "/default/V1/carts/mine", { token: alice })).status).toBe(200);
    expect((await call("POST", "/all/V1/carts/mine", { token: alice })).status).toBe(200);
    const unknownStore = await call("GET", "/nostore/V1/carts/mine", { token: alice });
    expect([unknownStore.status, unknownStore.body]).toEqual([404, { message: "Request does not match any route." }]);
    expect((await call("GET", "/V1/nothing")).status).toBe(404);
  });

  it("negotiates formats: 406 for unacceptable Accept, 400 for unknown or empty Content-Type, Decoding error for bad bodies", async () => {
    const png = await call("GET", "/V1/carts/mine", { token: alice, accept: "image/png" });
    expect(png.status).toBe(406);
    expect(png.body).toEqual({ message: 'Server cannot match any of the given Accept HTTP header media type(s) from the request: "image/png" with media types from the config of response renderer.' });
    const plain = await call("POST", "/V1/carts/mine/items", { token: alice, raw: "x", contentType: "text/plain" });
    expect([plain.status, plain.body]).toEqual([400, { message: "Server cannot understand Content-Type HTTP header media type text/plain" }]);
    const empty = await call("POST", "/V1/carts/mine/items", { token: alice, raw: "{}", contentType: null });
    expect([empty.status, empty.body]).toEqual([400, { message: "Content-Type header is empty." }]);
    const bad = await call("POST", "/V1/carts/mine/items", { token: alice, raw: "{oops" });
    expect([bad.status, bad.body]).toEqual([400, { message: "Decoding error." }]);
  });

  it("refuses XML with a DOCTYPE (no external entities, no entity expansion)", async () => {
    const xxe = '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><request><username>&x;</username><password>p</password></request>';
    const r = await call("POST", "/V1/integration/customer/token", { raw: xxe, contentType: "application/xml" });
    expect([r.status, r.body]).toEqual([400, { message: "Decoding error." }]);
    expect(r.text).not.toContain("root:");
    const laughs = `<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]><request><username>&b;</username></request>`;
    expect((await call("POST", "/V1/integration/customer/token", { raw: laughs, contentType: "text/xml" })).status).toBe(400);
  });

  it("cart: create (int id, the same while active), add items (camelCase, snake_case, XML), totals as floats", async () => {
    const t = await fresh();
    const none = await call("GET", "/V1/carts/mine", { token: t });
    expect([none.status, none.body.message, (none.body.parameters as { fieldName: string }).fieldName]).toEqual([404, "No such entity with %fieldName = %fieldValue", "customerId"]);
    const id = (await call("POST", "/V1/carts/mine", { token: t })).body as unknown as number;
    expect(Number.isInteger(id)).toBe(true);
    expect((await call("POST", "/V1/carts/mine", { token: t })).body).toBe(id);
    const item = await call("POST", "/V1/carts/mine/items", { token: t, body: { cartItem: { sku: "TEE-BLACK-M", qty: 2, quote_id: String(id) } } });
    expect(item.status).toBe(200);
    expect(item.body).toEqual({ item_id: expect.any(Number), sku: "TEE-BLACK-M", qty: 2, name: "Black Tee", price: 28, product_type: "simple", quote_id: String(id) });
    await call("POST", "/V1/carts/mine/items", { token: t, body: { cart_item: { sku: "MUG-WHITE", qty: 1, quoteId: id } } });
    const xml = await call("POST", "/V1/carts/mine/items", { token: t, raw: `<?xml version="1.0"?><request><cartItem><sku>CAP-NAVY</sku><qty>1</qty><quote_id>${id}</quote_id></cartItem></request>`, contentType: "application/xml", accept: "application/xml" });
    expect(xml.status).toBe(200);
    const parsed = new XMLParser({ parseTagValue: false }).parse(xml.text);
    expect(parsed.response).toMatchObject({ sku: "CAP-NAVY", qty: "1", price: "56", quote_id: String(id) });
    const totals = await call("GET", "/V1/carts/mine/totals", { token: t });
    expect(totals.body).toMatchObject({ grand_total: 124.5, subtotal: 124.5, base_currency_code: "USD", quote_currency_code: "USD", items_qty: 4 });
    expect((totals.body.total_segments as { code: string; value: number }[]).find((s) => s.code === "grand_total")!.value).toBe(124.5);
    const cart = await call("GET", "/V1/carts/mine", { token: t });
    expect(cart.body).toMatchObject({ id, is_active: true, items_count: 3, items_qty: 4, currency: { quote_currency_code: "USD" } });
    const unknown = await call("POST", "/V1/carts/mine/items", { token: t, body: { cartItem: { sku: "NOPE", qty: 1 } } });
    expect([unknown.status, unknown.body]).toEqual([404, { message: "The product that was requested doesn't exist. Verify the product and try again." }]);
    const qty = await call("POST", "/V1/carts/mine/items", { token: t, body: { cartItem: { sku: "MUG-WHITE", qty: 0 } } });
    expect([qty.status, qty.body]).toEqual([400, { message: 'Invalid value of "%value" provided for the %fieldName field.', parameters: { fieldName: "qty", value: "0" } }]);
  });

  it("ids Magento types as integers are integers (item, customer, totals, XML); items change and go by their integer id", async () => {
    const t = await fresh();
    const id = (await call("POST", "/V1/carts/mine", { token: t })).body as unknown as number;
    const tee = (await call("POST", "/V1/carts/mine/items", { token: t, body: { cartItem: { sku: "TEE-BLACK-M", qty: 1 } } })).body as { item_id: number };
    const mug = (await call("POST", "/V1/carts/mine/items", { token: t, body: { cartItem: { sku: "MUG-WHITE", qty: 1 } } })).body as { item_id: number };
    expect([Number.isInteger(tee.item_id), Number.isInteger(mug.item_id), tee.item_id !== mug.item_id]).toEqual([true, true, true]);
    const cart = await call("GET", "/V1/carts/mine", { token: t });
    expect((cart.body.items as { item_id: unknown; quote_id: unknown }[]).map((i) => [typeof i.item_id, i.quote_id])).toEqual([["number", String(id)], ["number", String(id)]]);
    expect(Number.isInteger((cart.body.customer as { id: unknown }).id)).toBe(true);
    const totals = await call("GET", "/V1/carts/mine/totals", { token: t });
    expect((totals.body.items as { item_id: unknown }[]).map((i) => i.item_id)).toEqual([tee.item_id, mug.item_id]);
    // PUT by the integer id (the body's item_id is Magento's too; the path's wins), in JSON and in XML
    const put = await call("PUT", `/V1/carts/mine/items/${tee.item_id}`, { token: t, body: { cartItem: { item_id: tee.item_id, qty: 3, quote_id: String(id) } } });
    expect([put.status, put.body]).toEqual([200, { item_id: tee.item_id, sku: "TEE-BLACK-M", qty: 3, name: "Black Tee", price: 28, product_type: "simple", quote_id: String(id) }]);
    const xml = await call("PUT", `/V1/carts/mine/items/${mug.item_id}`, { token: t, raw: `<?xml version="1.0"?><request><cartItem><qty>2</qty></cartItem></request>`, contentType: "application/xml", accept: "application/xml" });
    expect(new XMLParser({ parseTagValue: false }).parse(xml.text).response).toMatchObject({ item_id: String(mug.item_id), qty: "2" });
    const notInt = await call("PUT", "/V1/carts/mine/items/abc", { token: t, body: { cartItem: { qty: 1 } } });
    expect([notInt.status, notInt.body]).toEqual([400, { message: 'The "%value" value\'s type is invalid. The "%type" type was expected. Verify and try again.', parameters: { value: "abc", type: "int" } }]);
    const zero = await call("PUT", `/V1/carts/mine/items/${tee.item_id}`, { token: t, body: { cartItem: { qty: 0 } } });
    expect([zero.status, zero.body]).toEqual([400, { message: 'Invalid value of "%value" provided for the %fieldName field.', parameters: { fieldName: "qty", value: "0" } }]);
    // another customer's item is not in this cart
    const other = await fresh();
    await call("POST", "/V1/carts/mine", { token: other });
    const theirs = (await call("POST", "/V1/carts/mine/items", { token: other, body: { cartItem: { sku: "CAP-NAVY", qty: 1 } } })).body as { item_id: number };
    const foreign = await call("DELETE", `/V1/carts/mine/items/${theirs.item_id}`, { token: t });
    expect([foreign.status, foreign.body]).toEqual([404, { message: "The %1 Cart doesn't contain the %2 item.", parameters: [id, theirs.item_id] }]);
    expect(((await call("GET", "/V1/carts/mine", { token: other })).body.items as unknown[]).length).toBe(1);
    const del = await call("DELETE", `/V1/carts/mine/items/${tee.item_id}`, { token: t });
    expect([del.status, del.body]).toEqual([200, true]);
    const again = await call("DELETE", `/V1/carts/mine/items/${tee.item_id}`, { token: t });
    expect([again.status, again.body]).toEqual([404, { message: "The %1 Cart doesn't contain the %2 item.", parameters: [id, tee.item_id] }]);
    expect((await call("GET", "/V1/carts/mine/totals", { token: t })).body).toMatchObject({ grand_total: 25, items_qty: 2 });
    expect((await call("DELETE", `/V1/carts/mine/items/${mug.item_id}`)).status).toBe(401);
  });

  it("payment order: exact amounts in USD, EUR and JPY; same order for an unchanged cart; amount follows a change", async () => {
    for (const [store, expected, currency] of [["default", 56, "USD"], ["eur", 52, "EUR"], ["jpy", 8400, "JPY"]] as const) {
      const t = await fresh();
      await call("POST", `/${store}/V1/carts/mine`, { token: t });
      await call("POST", `/${store}/V1/carts/mine/items`, { token: t, body: { cartItem: { sku: "CAP-NAVY", qty: 1 } } });
      const po = await call("POST", `/${store}/V1/carts/mine/payment-order`, { token: t, body: { methodCode: "payment_services_paypal_hosted_fields", paymentSource: "cc", location: "CHECKOUT" } });
      expect(po.status).toBe(200);
      expect(po.body).toEqual({ id: expect.stringMatching(/^payord_/), mp_order_id: expect.any(String), status: "CREATED", amount: expected, currency_code: currency });
      const again = await call("POST", `/${store}/V1/carts/mine/payment-order`, { token: t, body: { method_code: "payment_services_paypal_hosted_fields", payment_source: "cc", location: "CHECKOUT" } });
      expect(again.body).toEqual(po.body);
      if (store === "default") {
        await call("POST", "/V1/carts/mine/items", { token: t, body: { cartItem: { sku: "MUG-WHITE", qty: 1 } } });
        const changed = await call("POST", "/V1/carts/mine/payment-order", { token: t, body: { methodCode: "payment_services_paypal_hosted_fields", paymentSource: "cc", location: "CHECKOUT" } });
        expect([changed.body.id, changed.body.amount]).toEqual([po.body.id, 68.5]);
        const got = await call("GET", `/V1/carts/mine/payment-order/${po.body.id}`, { token: t, accept: "text/xml" });
        expect(new XMLParser({ parseTagValue: false }).parse(got.text).response).toMatchObject({ id: po.body.id, amount: "68.5", currency_code: "USD", status: "CREATED" });
        const others = await call("GET", `/V1/carts/mine/payment-order/${po.body.id}`, { token: bob });
        expect([others.status, others.body]).toEqual([404, { message: "No such entity with %fieldName = %fieldValue", parameters: { fieldName: "id", fieldValue: po.body.id } }]);
      }
    }
  });

  it("validates methodCode, paymentSource and location", async () => {
    const t = await fresh();
    await call("POST", "/V1/carts/mine", { token: t });
    await call("POST", "/V1/carts/mine/items", { token: t, body: { cartItem: { sku: "MUG-WHITE", qty: 1 } } });
    const good = { methodCode: "payment_services_paypal_smart_buttons", paymentSource: "paypal", location: "CART" };
    expect((await call("POST", "/V1/carts/mine/payment-order", { token: t, body: { ...good, methodCode: "checkmo" } })).body).toEqual({ message: "Invalid methodCode" });
    expect((await call("POST", "/V1/carts/mine/payment-order", { token: t, body: { ...good, paymentSource: "cash" } })).body).toEqual({ message: "Invalid paymentSource" });
    expect((await call("POST", "/V1/carts/mine/payment-order", { token: t, body: { ...good, location: "MOON" } })).body).toEqual({ message: "Invalid location" });
    expect((await call("POST", "/V1/carts/mine/payment-order", { token: t, body: { paymentSource: "paypal", location: "CART" } })).body).toEqual({ message: '"%fieldName" is required. Enter and try again.', parameters: { fieldName: "methodCode" } });
    expect((await call("POST", "/V1/carts/mine/payment-order", { token: t, body: good })).status).toBe(200);
  });

  it("a payment order becomes the customer's payment on the ledger once paid", async () => {
    await call("POST", "/V1/carts/mine", { token: alice });
    await call("POST", "/V1/carts/mine/items", { token: alice, body: { cartItem: { sku: "MUG-WHITE", qty: 1 } } });
    const po = (await call("POST", "/V1/carts/mine/payment-order", { token: alice, body: { methodCode: "payment_services_paypal_hosted_fields", paymentSource: "cc", location: "CHECKOUT" } })).body;
    const row = await h.db.paymentOrder.findUniqueOrThrow({ where: { id: po.id as string } });
    const aliceId = row.customerId;
    await getKassa().payments.authorizeSession(row.sessionId, { type: "customer", customerId: aliceId }, { paymentData: { card: { number: "4242424242424242" } } });
    const payments = await getKassa().payments.listPayments({ type: "customer", customerId: aliceId });
    expect(payments.some((p) => p.sessionId === row.sessionId && p.status === "captured")).toBe(true);
    expect((await call("GET", `/V1/carts/mine/payment-order/${po.id}`, { token: alice })).body.status).toBe("COMPLETED");
  });
});
