import { getAppCore } from "../kassa";
import { createStripeWebhookHandler } from "./stripe";
import { withRoundTrips } from "../db/round-trips";

const handler = createStripeWebhookHandler(getAppCore);
export const POST = (req: Request) => withRoundTrips(() => handler(req));
