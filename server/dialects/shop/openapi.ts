// The shop API's reference: the routes of router.ts, with the schemas the handlers validate with and the error
// bodies errors.ts renders.
import { z } from "zod";
import type { ZodOpenApiObject } from "zod-openapi";
import { PaymentError } from "../../core/errors";
import { apiDocument, IDEMPOTENCY_HEADER, UNAVAILABLE, type Endpoint } from "../../reference/build";
import { shopErrorBody } from "./errors";
import * as S from "./schemas";

const ORDER = "ord_01JDDZ5A1B2C3D4E5F6G7H8J9K";
const tags = { auth: "Auth", orders: "Orders", pay: "Payments", test: "Testing" };
const storefront = [{ apiKey: [], customerToken: [] }];
const paymentSystem = [{ apiKey: [] }];
const order = z.object({ orderId: z.string().meta({ example: ORDER }) });

const missingKey = { description: "No X-API-Key, or an unknown one", error: new PaymentError("unauthorized", "Missing API key.") };
const wrongKey = { description: "A key of the wrong kind for this route", error: new PaymentError("forbidden", "This API key cannot use this endpoint.") };
const noCustomer = { description: "No customer token, or an expired one", error: new PaymentError("unauthorized", "Unauthenticated.") };
const notFound = { description: "No such order, or another customer's", error: new PaymentError("not_found", "Order not found.", { orderId: ORDER }) };

export const shopEndpoints: Endpoint[] = [
  {
    method: "post",
    path: "/api/v1/shop/auth/login",
    operationId: "shopLogin",
    summary: "Customer login",
    tags: [tags.auth],
    security: paymentSystem,
    description: "Takes the storefront key in X-API-Key.",
    body: { schema: S.ShopLogin, example: { email: "alice@example.com", password: "alice-password" } },
    ok: { status: 200, description: "A customer token.", schema: S.ShopLoginResponse },
    errors: [missingKey, { description: "Wrong email or password", error: new PaymentError("unauthorized", "Invalid credentials.") }, wrongKey],
  },
  {
    method: "post",
    path: "/api/v1/shop/orders",
    operationId: "shopCreateOrder",
    summary: "Create an order",
    tags: [tags.orders],
    security: storefront,
    params: { header: IDEMPOTENCY_HEADER },
    body: { schema: S.ShopCreateOrder, example: { items: [{ sku: "TEE-BLACK-M", quantity: 2 }, { sku: "CAP-NAVY", quantity: 1 }], currency: "USD" } },
    ok: { status: 201, description: "The order.", schema: S.envelope("Order created successfully", S.ShopOrder) },
    errors: [{ description: "An unknown sku or currency", error: new PaymentError("validation", "Unknown or unavailable sku NOPE.", { field: "items.0.sku" }) }, missingKey, noCustomer, wrongKey],
  },
  {
    method: "get",
    path: "/api/v1/shop/orders/{orderId}",
    operationId: "shopGetOrder",
    summary: "One of the customer's orders",
    tags: [tags.orders],
    security: storefront,
    params: { path: order },
    ok: { status: 200, description: "The order.", schema: S.ShopOrderResponse },
    errors: [missingKey, noCustomer, wrongKey, notFound],
  },
  {
    method: "post",
    path: "/api/v1/shop/orders/{orderId}/payment-intent",
    operationId: "shopCreatePaymentIntent",
    summary: "Create (or return) the order's payment intent",
    description: "The same live intent is returned while the order is unpaid; 409 once it is paid or canceled.",
    tags: [tags.pay],
    security: storefront,
    params: { path: order, header: IDEMPOTENCY_HEADER },
    ok: { status: 200, description: "The intent: client_secret for Stripe.js, amount as a decimal string, line items in minor units.", schema: S.ShopPaymentIntentResponse },
    errors: [missingKey, noCustomer, wrongKey, notFound, { description: "The order is already paid", error: new PaymentError("invalid_state", "This order is already paid.") }],
  },
  {
    method: "post",
    path: "/api/v1/shop/orders/{orderId}/payment",
    operationId: "shopMarkPaid",
    summary: "Mark the order paid (payment system only)",
    description: "Takes the payment-system key only. Kassa asks the provider before it marks anything paid; repeating the call answers the same 200.",
    tags: [tags.pay],
    security: paymentSystem,
    params: { path: order, header: IDEMPOTENCY_HEADER },
    body: { schema: S.ShopMarkPaid, required: false, example: {} },
    ok: { status: 200, description: "The paid intent, as the seed shows it, with the order's id and payment status.", schema: S.ShopMarkPaidResponse },
    errors: [
      { description: "The intent is not the order's", error: new PaymentError("validation", "This payment intent does not belong to the order.", { field: "payment_intent_id" }) },
      missingKey,
      wrongKey,
      notFound,
      { description: "The provider has not confirmed the payment", error: new PaymentError("invalid_state", "The payment has not succeeded (provider status: requires_payment_method).") },
      { description: "The provider's amount or currency differs from the order's", error: new PaymentError("currency_mismatch", "The provider's payment does not match the order's amount or currency.") },
    ],
  },
  {
    method: "post",
    path: "/api/v1/shop/test/payment-intents/{intentId}/confirm",
    operationId: "shopTestConfirmIntent",
    summary: "Confirm a built-in test provider's intent (test mode)",
    description: "Stands in for the shopper paying with Stripe.js when the built-in test provider is used. 4242 4242 4242 4242 succeeds; 4000 0000 0000 0002 is declined.",
    tags: [tags.test],
    security: paymentSystem,
    params: { path: z.object({ intentId: z.string() }) },
    body: { schema: S.ShopTestConfirm, example: { payment_method: "pm_card_visa" } },
    ok: { status: 200, description: "The intent after confirmation.", schema: S.ShopTestIntent },
    errors: [missingKey, wrongKey, { description: "No such test intent", error: new PaymentError("not_found", "No such test payment intent.") }],
  },
];

export function shopDocument(): ZodOpenApiObject {
  return apiDocument({
    title: "Kassa — shop API",
    description:
      "Orders paid through payment intents (Stripe when configured, else the built-in test provider). Every route needs `X-API-Key`: the storefront key (demo `shop_demo_storefront_key`) with a customer's bearer token, or the payment-system key (demo `shop_demo_payment_system_key`) for /payment. Totals are decimal strings in the currency's digits; line amounts minor units. Errors are `{message, errors?}`.",
    servers: [{ url: "/", description: "This server" }],
    tags: Object.values(tags),
    securitySchemes: {
      apiKey: { type: "apiKey", in: "header", name: "X-API-Key", description: "Storefront or payment-system key." },
      customerToken: { type: "http", scheme: "bearer", description: "data.token from POST /api/v1/shop/auth/login." },
    },
    endpoints: shopEndpoints,
    render: shopErrorBody,
    errorSchema: S.ShopErrorBody,
    everyRoute: [UNAVAILABLE],
  });
}
