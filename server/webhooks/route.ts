import { getAppCore } from "../kassa";
import { createStripeWebhookHandler } from "./stripe";

export const POST = createStripeWebhookHandler(getAppCore);
