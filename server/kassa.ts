// The app's core instance: one per process, built from the environment (Stripe when configured).
import { createKassa, type Kassa } from "./core/kassa";
import { getDb } from "./db";
import { env } from "./env";
import { createRegistry, defaultProviders } from "./providers/registry";
import { createStripeProvider } from "./providers/stripe/provider";
import type { PaymentProvider } from "./core/provider-port";

type AppCore = { kassa: Kassa; stripe: PaymentProvider | null };
const g = globalThis as unknown as { kassaCore?: AppCore };

export function getAppCore(): AppCore {
  if (!g.kassaCore) {
    const stripe = env.STRIPE_SECRET_KEY
      ? createStripeProvider({ secretKey: env.STRIPE_SECRET_KEY, webhookSecret: env.STRIPE_WEBHOOK_SECRET ?? "", apiBase: env.STRIPE_API_BASE })
      : null;
    const providers = createRegistry([...defaultProviders(), ...(stripe ? [stripe] : [])]);
    g.kassaCore = { kassa: createKassa({ db: getDb(), providers }), stripe };
  }
  return g.kassaCore;
}

export function getKassa(): Kassa {
  return getAppCore().kassa;
}
