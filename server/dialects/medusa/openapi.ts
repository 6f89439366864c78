// Medusa's API reference (store API v2, plus the v1 payment-collection routes): the routes of router.ts, with the
// schemas the handlers validate with and the error bodies errors.ts renders.
import { z } from "zod";
import type { ZodOpenApiObject } from "zod-openapi";
import { PaymentError } from "../../core/errors";
import { apiDocument, IDEMPOTENCY_HEADER, UNAVAILABLE, type Endpoint } from "../../reference/build";
import { INVALID_KEY, MISSING_KEY } from "./auth";
import { medusaErrorBody, MedusaV1ValidationError } from "./errors";
import * as S from "./schemas";

const CART = "cart_01JDDZ1A1B2C3D4E5F6G7H8J9K";
const COLLECTION = "paycol_01JDDZ2Q0R3S4T5V6W7X8Y9Z0A";
const SESSION = "payses_01JDDZ2R0S3T4V5W6X7Y8Z9A0B";
const REGION = "reg_01JDDZ0R1E2G3I4O5N6U7S8D9A";
const VARIANT = "variant_01JDDZ0V1A2R3I4A5N6T7T8E9E";
const tags = { catalog: "Regions and products", cart: "Carts", pay: "Payment collections (v2)", v1: "Payment collections (v1)", auth: "Customer auth" };
const keyed: Record<string, string[]>[] = [{ publishableKey: [] }, { publishableKey: [], customerToken: [] }];
const render = (e: unknown) => medusaErrorBody(e);

const missingKey = { description: "No x-publishable-api-key header", error: new PaymentError("invalid_state", MISSING_KEY, { medusaType: "not_allowed" }) };
const invalidKey = { description: "An unknown or revoked publishable key", error: new PaymentError("invalid_state", INVALID_KEY, { medusaType: "not_allowed" }) };
const keyErrors = [missingKey, invalidKey];
const cartNotFound = { description: "No such cart, or another customer's", error: new PaymentError("not_found", `Cart id not found: ${CART}`) };
const collectionNotFound = { description: "No such collection, or another customer's", error: new PaymentError("not_found", `Payment collection with id: ${COLLECTION} was not found`) };
const strictBody = (key: string) => ({ description: "An unknown or invalid body field", error: new z.ZodError([{ code: "unrecognized_keys", keys: [key], path: [], message: "" }]) });

const id = (example: string) => z.object({ id: z.string().meta({ example }) });
const fields = z.object({ fields: z.string().optional().meta({ description: "Medusa's field selection: `+field` adds, `-field` removes, a bare list replaces the defaults.", example: "+payment_collection.payment_sessions" }) });
const pageQuery = z.object({ limit: z.coerce.number().int().optional(), offset: z.coerce.number().int().optional(), fields: fields.shape.fields });
const v1Note =
  "Medusa v1 route: amounts are integer minor units (2800 = 28.00 USD), where v2 routes show the same collection in major units (28). No publishable key needed: the collection id is the capability for a guest's collection; a customer's collection needs that customer (Bearer token or the v1 session cookie). With a key, it is scoped to that storefront.";
const v1Security: Record<string, string[]>[] = [{}, { customerToken: [] }, { sessionCookie: [] }, { publishableKey: [] }, { publishableKey: [], customerToken: [] }];

export const medusaEndpoints: Endpoint[] = [
  {
    method: "post",
    path: "/auth/customer/emailpass",
    operationId: "medusaCustomerLogin",
    summary: "Customer login (email and password)",
    description: "Returns a JWT-style bearer token for the customer (24 hours). Send it as `Authorization: Bearer …` with the publishable key.",
    tags: [tags.auth],
    security: [],
    body: { schema: S.MedusaEmailPass, example: { email: "alice@example.com", password: "alice-password" } },
    ok: { status: 200, description: "The token.", schema: S.MedusaToken },
    errors: [{ description: "Wrong email or password", error: new PaymentError("unauthorized", "Invalid email or password") }],
  },
  {
    method: "get",
    path: "/store/regions",
    operationId: "medusaListRegions",
    summary: "List regions",
    tags: [tags.catalog],
    security: keyed,
    params: { query: pageQuery },
    ok: { status: 200, description: "Regions (United States USD, Europe EUR, Japan JPY in the demo).", schema: S.MedusaRegionList },
    errors: keyErrors,
  },
  {
    method: "get",
    path: "/store/regions/{id}",
    operationId: "medusaGetRegion",
    summary: "One region",
    tags: [tags.catalog],
    security: keyed,
    params: { path: id(REGION), query: fields },
    ok: { status: 200, description: "The region.", schema: S.MedusaRegionResponse },
    errors: [...keyErrors, { description: "No such region", error: new PaymentError("not_found", `Region with id: ${REGION} was not found`) }],
  },
  {
    method: "get",
    path: "/store/products",
    operationId: "medusaListProducts",
    summary: "List products with prices for a region or currency",
    tags: [tags.catalog],
    security: keyed,
    params: { query: pageQuery.extend({ region_id: z.string().optional(), currency_code: z.string().optional().meta({ example: "usd" }) }) },
    ok: { status: 200, description: "Products; variants carry calculated_price when a region or currency is given.", schema: S.MedusaProductList },
    errors: keyErrors,
  },
  {
    method: "get",
    path: "/store/payment-providers",
    operationId: "medusaListPaymentProviders",
    summary: "Payment providers enabled in a region",
    tags: [tags.pay],
    security: keyed,
    params: { query: z.object({ region_id: z.string().meta({ example: REGION }), limit: pageQuery.shape.limit, offset: pageQuery.shape.offset }) },
    ok: { status: 200, description: "pp_system_default, pp_kassa_test, and pp_stripe_stripe when Stripe is configured.", schema: S.MedusaProviderList },
    errors: [{ description: "region_id is missing", error: new PaymentError("validation", "Invalid request: Field 'region_id' is required", { field: "region_id" }) }, ...keyErrors],
  },
  {
    method: "post",
    path: "/store/carts",
    operationId: "medusaCreateCart",
    summary: "Create a cart",
    tags: [tags.cart],
    security: keyed,
    params: { query: fields },
    body: { schema: S.MedusaCreateCart, example: { region_id: REGION, items: [{ variant_id: VARIANT, quantity: 1 }] } },
    ok: { status: 200, description: "The cart.", schema: S.MedusaCartResponse },
    errors: [strictBody("coupon"), ...keyErrors],
  },
  {
    method: "get",
    path: "/store/carts/{id}",
    operationId: "medusaGetCart",
    summary: "One cart",
    tags: [tags.cart],
    security: keyed,
    params: { path: id(CART), query: fields },
    ok: { status: 200, description: "The cart.", schema: S.MedusaCartResponse },
    errors: [...keyErrors, cartNotFound],
  },
  {
    method: "post",
    path: "/store/carts/{id}",
    operationId: "medusaUpdateCart",
    summary: "Update a cart (email, region, addresses, metadata)",
    tags: [tags.cart],
    security: keyed,
    params: { path: id(CART), query: fields },
    body: { schema: S.MedusaUpdateCart, example: { email: "alice@example.com" } },
    ok: { status: 200, description: "The cart.", schema: S.MedusaCartResponse },
    errors: [strictBody("items"), ...keyErrors, cartNotFound],
  },
  {
    method: "post",
    path: "/store/carts/{id}/line-items",
    operationId: "medusaAddLineItem",
    summary: "Add a line item",
    tags: [tags.cart],
    security: keyed,
    params: { path: id(CART), query: fields },
    body: { schema: S.MedusaAddLineItem, example: { variant_id: VARIANT, quantity: 1 } },
    ok: { status: 200, description: "The cart.", schema: S.MedusaCartResponse },
    errors: [strictBody("sku"), ...keyErrors, cartNotFound],
  },
  {
    method: "post",
    path: "/store/carts/{id}/line-items/{line_id}",
    operationId: "medusaUpdateLineItem",
    summary: "Change a line item's quantity",
    tags: [tags.cart],
    security: keyed,
    params: { path: id(CART).extend({ line_id: z.string() }), query: fields },
    body: { schema: S.MedusaUpdateLineItem, example: { quantity: 2 } },
    ok: { status: 200, description: "The cart.", schema: S.MedusaCartResponse },
    errors: [strictBody("sku"), ...keyErrors, cartNotFound],
  },
  {
    method: "delete",
    path: "/store/carts/{id}/line-items/{line_id}",
    operationId: "medusaDeleteLineItem",
    summary: "Remove a line item",
    tags: [tags.cart],
    security: keyed,
    params: { path: id(CART).extend({ line_id: z.string() }), query: fields },
    ok: { status: 200, description: "The deletion, with the cart as parent.", schema: S.MedusaLineItemDeleted },
    errors: [...keyErrors, cartNotFound],
  },
  {
    method: "post",
    path: "/store/carts/{id}/complete",
    operationId: "medusaCompleteCart",
    summary: "Complete the cart: authorize its payment session and place the order",
    description: "Safe to repeat: a completed cart answers with its order. An empty body (or `{}`) is accepted, as Medusa's SDK sends one.",
    tags: [tags.cart],
    security: keyed,
    params: { path: id(CART) },
    body: { schema: S.MedusaEmpty, required: false, example: {} },
    ok: { status: 200, description: "The order, or the cart with the payment error.", schema: S.MedusaCompleteResponse },
    errors: [
      { description: "No payment collection or no session yet", error: new PaymentError("validation", "Payment sessions are required to complete cart") },
      ...keyErrors,
      cartNotFound,
    ],
  },
  {
    method: "post",
    path: "/store/payment-collections",
    operationId: "medusaCreatePaymentCollection",
    summary: "Create (or return) the cart's payment collection",
    description: "Idempotent by cart: a cart that already has an open collection gets the same one back.",
    tags: [tags.pay],
    security: keyed,
    params: { query: fields },
    body: { schema: S.MedusaCreatePaymentCollection, example: { cart_id: CART } },
    ok: { status: 200, description: "The payment collection (amounts in major units).", schema: S.MedusaCollectionResponse },
    errors: [{ description: "The cart is already completed", error: new PaymentError("validation", `Cart ${CART} is already completed.`) }, strictBody("amount"), ...keyErrors, cartNotFound],
  },
  {
    method: "post",
    path: "/store/payment-collections/{id}/payment-sessions",
    operationId: "medusaCreatePaymentSession",
    summary: "Start a payment session with a provider",
    description: "One live session per collection: concurrent calls converge on one session; switching provider cancels the previous one.",
    tags: [tags.pay],
    security: keyed,
    params: { path: id(COLLECTION), query: fields },
    body: { schema: S.MedusaCreatePaymentSession, example: { provider_id: "pp_system_default" } },
    ok: { status: 200, description: "The payment collection with its sessions.", schema: S.MedusaCollectionResponse },
    errors: [
      { description: "Unknown or disabled provider", error: new PaymentError("validation", "Payment provider not found") },
      { description: "The collection is already authorized or canceled", error: new PaymentError("invalid_state", "Cannot set payment sessions for a payment collection with status authorized") },
      ...keyErrors,
      collectionNotFound,
    ],
  },
  // v1
  {
    method: "get",
    path: "/store/payment-collections/{id}",
    operationId: "medusaV1GetPaymentCollection",
    summary: "One payment collection (v1)",
    description: v1Note,
    tags: [tags.v1],
    security: v1Security,
    params: {
      path: id(COLLECTION),
      query: z.object({
        expand: z.string().optional().meta({ description: "Relations: payment_sessions, payments (the default), region (with its payment_providers), currency.", example: "region,currency" }),
        fields: z.string().optional().meta({ description: "The collection's own fields to return (default: all).", example: "amount,status" }),
      }),
    },
    ok: { status: 200, description: "The payment collection (minor units).", schema: S.MedusaV1CollectionResponse },
    errors: [invalidKey, collectionNotFound],
  },
  {
    method: "post",
    path: "/store/payment-collections/{id}/sessions",
    operationId: "medusaV1ManageSession",
    summary: "Create or keep a payment session (v1)",
    description: v1Note,
    tags: [tags.v1],
    security: v1Security,
    params: { path: id(COLLECTION) },
    body: { schema: S.MedusaV1ManageSession, example: { provider_id: "pp_system_default" } },
    ok: { status: 200, description: "The payment collection.", schema: S.MedusaV1CollectionResponse },
    errors: [{ description: "Unknown provider", error: new PaymentError("validation", "Payment provider not found") }, invalidKey, collectionNotFound],
  },
  {
    method: "post",
    path: "/store/payment-collections/{id}/sessions/batch",
    operationId: "medusaV1BatchSessions",
    summary: "Set the collection's sessions (v1)",
    description: `${v1Note} Kassa takes one session per collection; its amount must equal the collection's.`,
    tags: [tags.v1],
    security: v1Security,
    params: { path: id(COLLECTION) },
    body: { schema: S.MedusaV1BatchSessions, example: { sessions: [{ provider_id: "pp_system_default", amount: 2800 }] } },
    ok: { status: 200, description: "The payment collection.", schema: S.MedusaV1CollectionResponse },
    errors: [
      { description: "The amounts do not add up to the collection's", error: new PaymentError("validation", "The sum of sessions is not equal to 2800 on Payment Collection") },
      { description: "More than one session (split payments)", error: new PaymentError("invalid_state", "Kassa takes one payment session per payment collection; split payments are not supported.") },
      invalidKey,
      collectionNotFound,
    ],
  },
  {
    method: "post",
    path: "/store/payment-collections/{id}/sessions/batch/authorize",
    operationId: "medusaV1BatchAuthorize",
    summary: "Authorize sessions (v1)",
    description: `${v1Note} Answers 207 Multi-Status, as Medusa v1 does.`,
    tags: [tags.v1],
    security: v1Security,
    params: { path: id(COLLECTION) },
    body: { schema: S.MedusaV1BatchAuthorize, example: { session_ids: [SESSION] } },
    ok: { status: 207, description: "The payment collection after authorization.", schema: S.MedusaV1CollectionResponse },
    errors: [{ description: "A session of another collection", error: new PaymentError("invalid_state", `Payment Session ${SESSION} does not belong to Payment Collection ${COLLECTION}`) }, invalidKey, collectionNotFound],
  },
  {
    method: "post",
    path: "/store/payment-collections/{id}/sessions/{session_id}",
    operationId: "medusaV1RefreshSession",
    summary: "Refresh a payment session (v1)",
    description: v1Note,
    tags: [tags.v1],
    security: v1Security,
    params: { path: id(COLLECTION).extend({ session_id: z.string().meta({ example: SESSION }) }) },
    body: { schema: S.MedusaEmpty, required: false, example: {} },
    ok: { status: 200, description: "The new live session.", schema: S.MedusaV1SessionResponse },
    errors: [{ description: "A session of another collection", error: new PaymentError("invalid_state", `Payment Session ${SESSION} does not belong to Payment Collection ${COLLECTION}`) }, invalidKey, collectionNotFound],
  },
  {
    method: "post",
    path: "/store/payment-collections/{id}/sessions/{session_id}/authorize",
    operationId: "medusaV1AuthorizeSession",
    summary: "Authorize one payment session (v1)",
    description: v1Note,
    tags: [tags.v1],
    security: v1Security,
    params: { path: id(COLLECTION).extend({ session_id: z.string().meta({ example: SESSION }) }) },
    body: { schema: S.MedusaEmpty, required: false, example: {} },
    ok: { status: 200, description: "The session.", schema: S.MedusaV1SessionResponse },
    errors: [invalidKey, { description: "The provider declined", error: new PaymentError("provider_declined", `Failed to authorize Payment Session id "${SESSION}"`) }, collectionNotFound],
  },
  // v1 customer sessions
  {
    method: "post",
    path: "/store/auth",
    operationId: "medusaV1Authenticate",
    summary: "Sign a customer in, with a session cookie (v1)",
    description: "Sets the `connect.sid` session cookie (HttpOnly, SameSite=Lax, 30 days) that the v1 routes accept. No publishable key needed. Wrong credentials: a bare 401 `Unauthorized`, as Medusa v1 answers.",
    tags: [tags.auth],
    security: [{}],
    body: { schema: S.MedusaV1Auth, example: { email: "alice@example.com", password: "alice-password" } },
    ok: { status: 200, description: "The customer.", schema: S.MedusaV1CustomerResponse },
    errors: [{ description: "Not an email, or an empty password (class-validator's words)", error: new MedusaV1ValidationError([{ code: "custom", path: ["email"], message: "must be an email", input: "x" }]) }],
  },
  {
    method: "get",
    path: "/store/auth",
    operationId: "medusaV1GetSession",
    summary: "The signed-in customer (v1)",
    description: "By the session cookie or a Bearer token; none: a bare 401 `Unauthorized`.",
    tags: [tags.auth],
    security: [{ sessionCookie: [] }, { customerToken: [] }],
    ok: { status: 200, description: "The customer.", schema: S.MedusaV1CustomerResponse },
    errors: [],
  },
  {
    method: "delete",
    path: "/store/auth",
    operationId: "medusaV1DeleteSession",
    summary: "Sign out (v1)",
    description: "Clears the session cookie and revokes its token. Answers 200 with the text `OK`, as Medusa v1 does.",
    tags: [tags.auth],
    security: [{}, { sessionCookie: [] }],
    ok: { status: 200, description: "`OK` (text/plain).", schema: z.string() },
    errors: [],
  },
  {
    method: "post",
    path: "/store/auth/token",
    operationId: "medusaV1Token",
    summary: "Sign a customer in for a Bearer token (v1)",
    description: "`{access_token}` to send as `Authorization: Bearer …`. Wrong credentials: a bare 401 `Unauthorized`.",
    tags: [tags.auth],
    security: [{}],
    body: { schema: S.MedusaV1Auth, example: { email: "alice@example.com", password: "alice-password" } },
    ok: { status: 200, description: "The token.", schema: z.object({ access_token: z.string() }) },
    errors: [],
  },
];

export function medusaDocument(): ZodOpenApiObject {
  return apiDocument({
    title: "Kassa — Medusa store API (v2, and v1 payment collections)",
    description:
      "Wire-compatible with Medusa's store API for carts and payment collections. Every /store route needs `x-publishable-api-key` (demo: `pk_kassa_demo`), except Medusa v1's (payment collections by id, /store/auth); a logged-in customer adds `Authorization: Bearer <token>`. Bodies are strict (unknown keys are refused); an empty body counts as `{}`. v2 amounts are major units (28), v1 amounts minor units (2800). Errors are Medusa's `{code?, type, message}`. Mutating routes take `Idempotency-Key`.",
    servers: [{ url: "/", description: "This server" }],
    tags: Object.values(tags),
    securitySchemes: {
      publishableKey: { type: "apiKey", in: "header", name: "x-publishable-api-key", description: "The storefront's publishable key (demo: pk_kassa_demo)." },
      customerToken: { type: "http", scheme: "bearer", description: "A token from POST /auth/customer/emailpass or POST /store/auth/token (demo: alice@example.com / alice-password)." },
      sessionCookie: { type: "apiKey", in: "cookie", name: "connect.sid", description: "Medusa v1's session cookie, set by POST /store/auth." },
    },
    // every mutating /store route replays on Idempotency-Key (h.idempotent in the router)
    endpoints: medusaEndpoints.map((e) =>
      e.method === "get" || !e.path.startsWith("/store/") ? e : { ...e, params: { ...e.params, header: IDEMPOTENCY_HEADER } },
    ),
    render,
    errorSchema: S.MedusaErrorBody,
    everyRoute: [UNAVAILABLE],
  });
}
