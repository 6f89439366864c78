// commercetools' API reference: the auth host's token endpoints and the API host's My Payments (router.ts), with the
// schemas the handlers validate with and the error bodies errors.ts renders. Both hosts are /commercetools here.
import { z } from "zod";
import type { ZodOpenApiObject } from "zod-openapi";
import { PaymentError } from "../../core/errors";
import { apiDocument, IDEMPOTENCY_HEADER, UNAVAILABLE, type Endpoint } from "../../reference/build";
import { INVALID_CLIENT } from "./auth";
import { ctErrorBody, CtOAuthError } from "./errors";
import * as S from "./schemas";

const PROJECT = "kassa-demo";
const PAYMENT = "pay_01JDDZ4A1B2C3D4E5F6G7H8J9K";
const tags = { auth: "OAuth tokens", pay: "My Payments" };
const oauth = [{ oauth2: [`manage_my_payments:${PROJECT}`] }];
const form = "application/x-www-form-urlencoded";

const badClient = { description: "Wrong client id or secret", error: new CtOAuthError(401, "invalid_client", INVALID_CLIENT) };
const invalidToken = { description: "No token, or an expired or revoked one (the SDK then fetches a new token)", error: new PaymentError("unauthorized", "invalid_token") };
const noScope = { description: "The token lacks manage_my_payments for this project", error: new PaymentError("forbidden", `Insufficient scope. One of the following scopes is missing: manage_my_payments:${PROJECT}.`) };
const notFound = { description: "No such payment, or not the caller's (never 401: the SDK would retry)", error: new PaymentError("not_found", "not found", { id: PAYMENT }) };
const badJson = { description: "The body does not match the draft", error: new z.ZodError([{ code: "invalid_type", expected: "object", path: ["amountPlanned"], message: "Invalid input: expected object, received undefined", input: undefined }]) };
const projectKey = z.object({ projectKey: z.string().meta({ example: PROJECT }) });
const paymentPath = projectKey.extend({ id: z.string().meta({ example: PAYMENT }) });

export const ctEndpoints: Endpoint[] = [
  {
    method: "post",
    path: "/oauth/{projectKey}/customers/token",
    operationId: "ctCustomerToken",
    summary: "Password flow: a token for a customer",
    tags: [tags.auth],
    security: [{ clientBasic: [] }],
    params: { path: projectKey },
    body: { schema: S.CtPasswordTokenForm, contentType: form, example: { grant_type: "password", username: "alice@example.com", password: "alice-password", scope: `manage_my_payments:${PROJECT}` } },
    ok: { status: 200, description: "An access token (48 hours) and a refresh token.", schema: S.CtTokenResponse },
    errors: [
      { description: "Wrong email or password", error: new CtOAuthError(400, "invalid_customer_account_credentials", "Customer account with the given credentials not found.") },
      { description: "A scope the client does not have", error: new CtOAuthError(400, "invalid_scope", "Malformed parameter: scope: Invalid scope.") },
      badClient,
    ],
  },
  {
    method: "post",
    path: "/oauth/{projectKey}/anonymous/token",
    operationId: "ctAnonymousToken",
    summary: "Anonymous session flow: a token for a guest",
    tags: [tags.auth],
    security: [{ clientBasic: [] }],
    params: { path: projectKey },
    body: { schema: S.CtAnonymousTokenForm, contentType: form, example: { grant_type: "client_credentials", scope: `manage_my_payments:${PROJECT}` } },
    ok: { status: 200, description: "An access token for a new anonymous session, and a refresh token.", schema: S.CtTokenResponse },
    errors: [{ description: "The anonymous_id was used before", error: new CtOAuthError(400, "invalid_request", "The given anonymous ID is already in use.") }, badClient],
  },
  {
    method: "post",
    path: "/oauth/token",
    operationId: "ctRefreshToken",
    summary: "Refresh flow: a new access token",
    tags: [tags.auth],
    security: [{ clientBasic: [] }],
    body: { schema: S.CtRefreshTokenForm, contentType: form, example: { grant_type: "refresh_token", refresh_token: "ksr_KXGQiZUDtdB1YQiv3B6iwjBD4y1JhEBacCI6uN9ZY4M" } },
    ok: { status: 200, description: "A new access token for the same customer or anonymous session.", schema: S.CtTokenResponse },
    errors: [{ description: "Unknown, expired or another client's refresh token", error: new CtOAuthError(400, "invalid_grant", "The refresh token was not found. It may have expired.") }, badClient],
  },
  {
    method: "get",
    path: "/{projectKey}/me/payments",
    operationId: "ctQueryMyPayments",
    summary: "Query the caller's payments",
    description: "Predicates (`where`) over id, version, amountPlanned, paymentMethodInfo, transactions and dates; `sort` by createdAt, lastModifiedAt, id or amountPlanned.centAmount; keyset-friendly.",
    tags: [tags.pay],
    security: oauth,
    params: {
      path: projectKey,
      query: z.object({
        where: z.string().optional().meta({ example: 'amountPlanned(currencyCode = "USD")' }),
        sort: z.string().optional().meta({ example: "createdAt desc" }),
        limit: z.coerce.number().int().min(0).max(500).optional().meta({ description: "Default 20." }),
        offset: z.coerce.number().int().min(0).max(10000).optional(),
        withTotal: z.enum(["true", "false"]).optional(),
      }),
    },
    ok: { status: 200, description: "A page of MyPayments.", schema: S.CtMyPaymentPage },
    errors: [{ description: "A malformed sort (or where) parameter", error: new PaymentError("validation", "Malformed parameter: sort: Unknown sort field 'colour'.", { field: "sort" }) }, invalidToken, noScope],
  },
  {
    method: "post",
    path: "/{projectKey}/me/payments",
    operationId: "ctCreateMyPayment",
    summary: "Create a payment",
    tags: [tags.pay],
    security: oauth,
    params: { path: projectKey, header: IDEMPOTENCY_HEADER },
    body: { schema: S.CtMyPaymentDraft, example: { amountPlanned: { currencyCode: "USD", centAmount: 2800 }, paymentMethodInfo: { paymentInterface: "kassa", method: "card" } } },
    ok: { status: 201, description: "The payment, version 1. A `custom.type` given by key comes back as the reference `{typeId: \"type\", id}`.", schema: S.CtMyPayment },
    errors: [
      badJson,
      {
        description: "custom.type names no Type of this project for payments",
        error: new PaymentError("validation", "The referenced object of type 'type' with key 'nope' was not found. It either doesn't exist, or it can't be accessed from this endpoint.", { reason: "referenced_resource_not_found", typeId: "type", key: "nope" }),
      },
      invalidToken,
      noScope,
    ],
  },
  {
    method: "get",
    path: "/{projectKey}/me/payments/{id}",
    operationId: "ctGetMyPayment",
    summary: "One of the caller's payments",
    tags: [tags.pay],
    security: oauth,
    params: { path: paymentPath },
    ok: { status: 200, description: "The payment.", schema: S.CtMyPayment },
    errors: [invalidToken, noScope, notFound],
  },
  {
    method: "post",
    path: "/{projectKey}/me/payments/{id}",
    operationId: "ctUpdateMyPayment",
    summary: "Update a payment (update actions, optimistic concurrency)",
    description: "Once a payment has a transaction it is frozen: every further update is refused (InvalidOperation).",
    tags: [tags.pay],
    security: oauth,
    params: { path: paymentPath, header: IDEMPOTENCY_HEADER },
    body: { schema: S.CtMyPaymentUpdate, example: { version: 1, actions: [{ action: "setMethodInfoMethod", method: "card" }] } },
    ok: { status: 200, description: "The payment at its new version.", schema: S.CtMyPayment },
    errors: [
      { description: "The payment has a transaction (frozen)", error: new PaymentError("invalid_state", "A MyPayment that has a transaction can no longer be changed.", { reason: "has_transactions" }) },
      invalidToken,
      noScope,
      notFound,
      { description: "The version is not the current one", error: new PaymentError("version_conflict", "conflict", { id: PAYMENT, expectedVersion: 1, currentVersion: 2 }) },
    ],
  },
  {
    method: "delete",
    path: "/{projectKey}/me/payments/{id}",
    operationId: "ctDeleteMyPayment",
    summary: "Delete a payment without transactions",
    tags: [tags.pay],
    security: oauth,
    params: { path: paymentPath, query: z.object({ version: z.coerce.number().int().min(1).meta({ example: 1 }) }), header: IDEMPOTENCY_HEADER },
    ok: { status: 200, description: "The deleted payment.", schema: S.CtMyPayment },
    errors: [
      { description: "version is missing", error: new PaymentError("validation", "Missing required query parameter 'version'.", { field: "version" }) },
      invalidToken,
      noScope,
      notFound,
      { description: "The version is not the current one", error: new PaymentError("version_conflict", "conflict", { id: PAYMENT, expectedVersion: 1, currentVersion: 2 }) },
    ],
  },
];

export function ctDocument(): ZodOpenApiObject {
  return apiDocument({
    title: "Kassa — commercetools My Payments",
    description:
      "Wire-compatible with commercetools' HTTP API for My Payments and its auth service: point the official SDK's API host and auth host at `/commercetools`. Demo project `kassa-demo`, client `kassa-demo-client` / `kassa-demo-secret`. Money is CentPrecisionMoney (centAmount in minor units, fractionDigits from ISO 4217). Errors are `{statusCode, message, errors:[{code, message}]}`; 409 ConcurrentModification carries `currentVersion`.",
    servers: [{ url: "/commercetools", description: "API host and auth host" }],
    tags: Object.values(tags),
    securitySchemes: {
      oauth2: {
        type: "oauth2",
        description: "Customer (password) or anonymous (client credentials) tokens, with the client id and secret as HTTP Basic.",
        flows: {
          password: { tokenUrl: `/commercetools/oauth/${PROJECT}/customers/token`, refreshUrl: "/commercetools/oauth/token", scopes: { [`manage_my_payments:${PROJECT}`]: "Read and write the caller's payments" } },
          clientCredentials: { tokenUrl: `/commercetools/oauth/${PROJECT}/anonymous/token`, refreshUrl: "/commercetools/oauth/token", scopes: { [`manage_my_payments:${PROJECT}`]: "Read and write the anonymous session's payments" } },
        },
      },
      clientBasic: { type: "http", scheme: "basic", description: "The API client's id and secret (demo: kassa-demo-client / kassa-demo-secret)." },
    },
    endpoints: ctEndpoints,
    render: ctErrorBody,
    errorSchema: S.CtErrorBody,
    everyRoute: [UNAVAILABLE],
  });
}
