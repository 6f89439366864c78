// The admin routes answer Medusa's error bodies (server/dialects/medusa/errors.ts), with two admin specifics taken from
// recorded answers: a request without a valid staff token is 401 `{"message":"Unauthorized"}` (Medusa's auth
// middleware, no `type`), and the money refusals carry Medusa's own messages.
import { isPaymentError } from "../../core/errors";
import { medusaErrorBody } from "../medusa/errors";

export class AdminUnauthorized extends Error {}

const MESSAGES: Partial<Record<string, string>> = {
  amount_exceeds_authorized: "You cannot capture more than the authorized amount substracted by what is already captured.",
  amount_exceeds_captured: "You are not allowed to refund more than the captured amount",
};

export function adminErrorBody(e: unknown): { status: number; body: unknown } {
  if (e instanceof AdminUnauthorized) return { status: 401, body: { message: "Unauthorized" } };
  const { status, body } = medusaErrorBody(e);
  const message = isPaymentError(e) ? MESSAGES[e.code] : undefined;
  return { status, body: message ? { ...body, message } : body };
}

export function renderAdminError(e: unknown): Response {
  const { status, body } = adminErrorBody(e);
  return Response.json(body, { status });
}
