// Magento's API reference: the routes of router.ts, with the schemas the handlers validate with and the error bodies
// errors.ts renders. Paths are below /rest (default store) or /rest/{storeCode}.
import { z } from "zod";
import type { ZodOpenApiObject } from "zod-openapi";
import { apiDocument, IDEMPOTENCY_HEADER, UNAVAILABLE, type Endpoint } from "../../reference/build";
import { AUTH_MESSAGE, MagentoError, magentoErrorBody, noSuchEntity, requiredField, SIGN_IN_MESSAGE } from "./errors";
import * as S from "./schemas";

const CUSTOMER = "cus_01JDDZ0A1B2C3D4E5F6G7H8J9K";
const tags = { auth: "Customer token", cart: "Cart (mine)", pay: "Payment order" };
const bearer = [{ customerToken: [] }];
const unauthorized = { description: "No customer token, or an expired or revoked one", error: new MagentoError(401, AUTH_MESSAGE, { resources: "self" }) };
const required = (field: string) => {
  const r = requiredField(field);
  return new MagentoError(400, r.message, r.parameters);
};
const noCart = { description: "The customer has no active cart (create one with POST /V1/carts/mine)", error: required("cartId") };
const itemPath = z.object({ itemId: z.string().meta({ description: "The item's integer id (`item_id`).", example: "7" }) });
const notInteger = { description: "itemId is not an integer", error: new MagentoError(400, 'The "%value" value\'s type is invalid. The "%type" type was expected. Verify and try again.', { value: "abc", type: "int" }) };
const noSuchItem = { description: "No such item in the customer's cart", error: new MagentoError(404, "The %1 Cart doesn't contain the %2 item.", [12, 99]) };

export const magentoEndpoints: Endpoint[] = [
  {
    method: "post",
    path: "/V1/integration/customer/token",
    operationId: "magentoCustomerToken",
    summary: "Issue a customer token",
    description: "Exchanges a customer's email and password for an opaque bearer token (1 hour). Repeated failures lock the account for 15 minutes.",
    tags: [tags.auth],
    security: [],
    body: { schema: S.MagentoCustomerToken, example: { username: "alice@example.com", password: "alice-password" } },
    ok: { status: 200, description: "The token, as a JSON string.", schema: S.MagentoToken },
    errors: [
      { description: "A field is missing", error: required("username") },
      { description: "Wrong email or password, or too many attempts", error: new MagentoError(401, SIGN_IN_MESSAGE) },
    ],
  },
  {
    method: "post",
    path: "/V1/carts/mine",
    operationId: "magentoCreateMineCart",
    summary: "Create (or return) the customer's active cart",
    tags: [tags.cart],
    security: bearer,
    ok: { status: 200, description: "The quote id.", schema: S.MagentoQuoteId },
    errors: [unauthorized],
  },
  {
    method: "get",
    path: "/V1/carts/mine",
    operationId: "magentoGetMineCart",
    summary: "The customer's active cart",
    tags: [tags.cart],
    security: bearer,
    ok: { status: 200, description: "The cart.", schema: S.MagentoCart },
    errors: [unauthorized, { description: "No active cart", error: noSuchEntity("customerId", CUSTOMER) }],
  },
  {
    method: "post",
    path: "/V1/carts/mine/items",
    operationId: "magentoAddMineItem",
    summary: "Add a product to the customer's cart",
    tags: [tags.cart],
    security: bearer,
    body: { schema: S.MagentoCartItemRequest, example: { cartItem: { sku: "TEE-BLACK-M", qty: 1 } } },
    ok: { status: 200, description: "The cart item.", schema: S.MagentoCartItem },
    errors: [
      noCart,
      { description: "qty is not a positive whole number", error: new MagentoError(400, 'Invalid value of "%value" provided for the %fieldName field.', { fieldName: "qty", value: "0" }) },
      unauthorized,
      { description: "Unknown sku", error: new MagentoError(404, "The product that was requested doesn't exist. Verify the product and try again.") },
    ],
  },
  {
    method: "put",
    path: "/V1/carts/mine/items/{itemId}",
    operationId: "magentoUpdateMineItem",
    summary: "Change the quantity of an item in the customer's cart",
    tags: [tags.cart],
    security: bearer,
    params: { path: itemPath },
    body: { schema: S.MagentoCartItemUpdateRequest, example: { cartItem: { item_id: 7, qty: 2, quote_id: "12" } } },
    ok: { status: 200, description: "The cart item.", schema: S.MagentoCartItem },
    errors: [
      noCart,
      notInteger,
      { description: "qty is not a positive whole number", error: new MagentoError(400, 'Invalid value of "%value" provided for the %fieldName field.', { fieldName: "qty", value: "0" }) },
      unauthorized,
      noSuchItem,
    ],
  },
  {
    method: "delete",
    path: "/V1/carts/mine/items/{itemId}",
    operationId: "magentoDeleteMineItem",
    summary: "Remove an item from the customer's cart",
    tags: [tags.cart],
    security: bearer,
    params: { path: itemPath },
    ok: { status: 200, description: "`true`.", schema: z.boolean() },
    errors: [
      noCart,
      notInteger,
      unauthorized,
      noSuchItem,
    ],
  },
  {
    method: "get",
    path: "/V1/carts/mine/totals",
    operationId: "magentoMineTotals",
    summary: "Totals of the customer's cart",
    tags: [tags.cart],
    security: bearer,
    ok: { status: 200, description: "Totals in major units of the store's currency.", schema: S.MagentoTotals },
    errors: [noCart, unauthorized],
  },
  {
    method: "post",
    path: "/V1/carts/mine/payment-order",
    operationId: "magentoCreatePaymentOrder",
    summary: "Create the payment order for the customer's cart",
    description:
      "Adobe Payment Services' payment order. For an unchanged cart the same order is returned again (safe to retry); when the cart changed, the amount follows it. Send `Idempotency-Key` to replay the first response byte for byte.",
    tags: [tags.pay],
    security: bearer,
    params: { header: IDEMPOTENCY_HEADER },
    body: { schema: S.MagentoPaymentOrderRequest, example: { methodCode: "payment_services_paypal_hosted_fields", paymentSource: "cc", location: "CHECKOUT", vaultIntent: false } },
    ok: { status: 200, description: "The payment order.", schema: S.MagentoPaymentOrder },
    errors: [
      { description: "A field is missing", error: required("methodCode") },
      { description: "A value outside Adobe's set", error: new MagentoError(400, "Invalid paymentSource") },
      { description: "The cart is empty", error: new MagentoError(400, "Failed to create an order: %1", ["the cart is empty"]) },
      noCart,
      unauthorized,
    ],
  },
  {
    method: "get",
    path: "/V1/carts/mine/payment-order/{id}",
    operationId: "magentoGetPaymentOrder",
    summary: "One of the customer's payment orders",
    tags: [tags.pay],
    security: bearer,
    params: { path: z.object({ id: z.string().meta({ example: "payord_01JDDZ3A1B2C3D4E5F6G7H8J9K" }) }) },
    ok: { status: 200, description: "The payment order.", schema: S.MagentoPaymentOrder },
    errors: [unauthorized, { description: "Not the customer's, or no such order", error: noSuchEntity("id", "payord_01JDDZ3A1B2C3D4E5F6G7H8J9K") }],
  },
];

export function magentoDocument(): ZodOpenApiObject {
  return apiDocument({
    title: "Kassa — Magento 2 REST (Adobe Payment Services)",
    description:
      "Wire-compatible with Magento 2's REST API for customer carts and Adobe Payment Services' payment order. Bodies are JSON or XML (by `Content-Type`; answers by `Accept`), keys camelCase or snake_case. Errors are Magento's `{message, parameters?, errors?}` with %placeholders left in the message. Store codes: " +
      Object.keys(S.STORE_CURRENCY).join(", ") +
      ".",
    servers: [
      { url: "/rest", description: "The default store (USD)" },
      { url: "/rest/{storeCode}", description: "A store view", variables: { storeCode: { default: "default", enum: Object.keys(S.STORE_CURRENCY) } } },
    ],
    tags: Object.values(tags),
    securitySchemes: { customerToken: { type: "http", scheme: "bearer", description: "A token from POST /V1/integration/customer/token (demo: alice@example.com / alice-password)." } },
    endpoints: magentoEndpoints,
    render: magentoErrorBody,
    errorSchema: S.MagentoErrorBody,
    contentTypes: ["application/json", "application/xml"],
    everyRoute: [UNAVAILABLE],
  });
}
