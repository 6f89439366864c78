// Run the local Stripe-compatible server: npx tsx scripts/stripe-local/cli.ts [--port 12111]
// Point Kassa at it with STRIPE_SECRET_KEY=sk_test_local STRIPE_API_BASE=http://127.0.0.1:12111 STRIPE_WEBHOOK_SECRET=whsec_local,
// and have it deliver webhooks with STRIPE_LOCAL_WEBHOOK_URL=http://127.0.0.1:3000/api/webhooks/stripe.
import { createStripeLocal } from "./server";

const portArg = process.argv.indexOf("--port");
const port = portArg > 0 ? Number(process.argv[portArg + 1]) : Number(process.env.STRIPE_LOCAL_PORT || 12111);
const url = process.env.STRIPE_LOCAL_WEBHOOK_URL;
const local = createStripeLocal({
  webhook: url ? { url, secret: process.env.STRIPE_WEBHOOK_SECRET || "whsec_local" } : undefined,
});
const { url: base } = await local.listen(port);
console.log(`Stripe-compatible test server on ${base}${url ? `, delivering webhooks to ${url}` : ""}`);
for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => void local.close().then(() => process.exit(0)));
