// Core errors -> Magento's REST error bodies `{message, parameters?, errors?, code?, trace?}`: placeholders stay in
// the message and their values go to `parameters` (Webapi ErrorProcessor::maskException). JSON or XML.
import { ZodError } from "zod";
import { isPaymentError, type PaymentError, type PaymentErrorCode } from "../../core/errors";
import { BodyTooLarge } from "../http/kit";
import { errorFormat, MagentoHttpError, respond } from "./format";

type Body = { message: string; parameters?: Record<string, unknown> | unknown[]; errors?: { message: string; parameters: Record<string, unknown> | unknown[] }[]; trace?: string };

export const AUTH_MESSAGE = "The consumer isn't authorized to access %resources.";
export const SIGN_IN_MESSAGE = "The account sign-in was incorrect or your account is disabled temporarily. Please wait and try again later.";

export const magentoStatusFor = {
  not_found: 404,
  validation: 400,
  unauthorized: 401,
  forbidden: 401,
  conflict: 400,
  version_conflict: 400,
  currency_mismatch: 400,
  invalid_state: 400,
  amount_exceeds_authorized: 400,
  amount_exceeds_captured: 400,
  provider_declined: 400,
  requires_action: 400,
  provider_unavailable: 503,
  idempotency_conflict: 409,
  rate_limited: 429,
  service_unavailable: 503,
} as const satisfies Record<PaymentErrorCode, number>;

/** A Magento exception: a message with %placeholders and its parameters. */
export class MagentoError extends Error {
  constructor(public status: number, message: string, public parameters?: Record<string, unknown> | unknown[], public errors?: Body["errors"]) {
    super(message);
  }
}

export const noSuchEntity = (fieldName: string, fieldValue: unknown) => new MagentoError(404, "No such entity with %fieldName = %fieldValue", { fieldName, fieldValue });
export const requiredField = (fieldName: string) => ({ message: '"%fieldName" is required. Enter and try again.', parameters: { fieldName } });

function fromPaymentError(e: PaymentError): MagentoError {
  if (e.code === "unauthorized" || e.code === "forbidden") return new MagentoError(401, AUTH_MESSAGE, { resources: "self" });
  if (e.code === "not_found") return noSuchEntity(String(e.details.fieldName ?? "id"), e.details.fieldValue ?? e.details.id ?? "");
  if (e.code === "validation" && typeof e.details.field === "string" && e.details.required) {
    const r = requiredField(e.details.field);
    return new MagentoError(400, r.message, r.parameters);
  }
  return new MagentoError(magentoStatusFor[e.code], e.message);
}

export function renderMagentoError(e: unknown, requestId: string, accept: string | null): Response {
  const { status, body } = magentoErrorBody(e, requestId);
  if (status === 500 && process.env.MAGENTO_DEVELOPER_MODE === "1" && e instanceof Error) body.trace = e.stack ?? String(e);
  return respond(body, errorFormat(accept), status);
}

/** The status and body for any thrown value (also what the API reference shows as error examples). */
export function magentoErrorBody(e: unknown, requestId: string): { status: number; body: Body } {
  let err: MagentoError;
  if (e instanceof MagentoError) err = e;
  else if (e instanceof MagentoHttpError) err = new MagentoError(e.status, e.message, e.parameters);
  else if (isPaymentError(e)) err = fromPaymentError(e);
  else if (e instanceof ZodError) {
    const errors = e.issues.map((i) => {
      const field = String(i.path.at(-1) ?? "body");
      return i.code === "invalid_type" && (i as { input?: unknown }).input === undefined
        ? requiredField(field)
        : { message: 'Invalid value of "%value" provided for the %fieldName field.', parameters: { fieldName: field, value: String((i as { input?: unknown }).input ?? "") } };
    });
    err = errors.length === 1 ? new MagentoError(400, errors[0]!.message, errors[0]!.parameters) : new MagentoError(400, "One or more input exceptions have occurred.", undefined, errors);
  } else if (e instanceof BodyTooLarge) err = new MagentoError(413, "Request entity is too large.");
  else err = new MagentoError(500, `Internal Error. Details are available in Magento log file. Report ID: webapi-${requestId}`);
  if (err.status === 500) return { status: 500, body: { message: err.message } };
  const body: Body = { message: err.message };
  if (err.errors?.length) body.errors = err.errors;
  if (err.parameters && (Array.isArray(err.parameters) ? err.parameters.length : Object.keys(err.parameters).length)) body.parameters = err.parameters;
  return { status: err.status, body };
}
