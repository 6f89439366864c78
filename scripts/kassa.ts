// `npm run -s kassa -- <command>`: the merchant's CLI (server/cli.ts) against DATABASE_URL or the embedded database.
// Pending migrations are applied first, as `npm start` does. With the embedded database, stop the app first: one
// process at a time may open its folder.
import { runCli } from "../server/cli";
import { openDatabase } from "../server/db";
import { createKassa } from "../server/core/kassa";
import { createRegistry, defaultProviders } from "../server/providers/registry";
import { createStripeProvider } from "../server/providers/stripe/provider";
import { migrate } from "./lib/migrate";

const url = process.env.DATABASE_URL || undefined;
await migrate({ url });
const handle = openDatabase({ url });
const stripe = process.env.STRIPE_SECRET_KEY
  ? createStripeProvider({ secretKey: process.env.STRIPE_SECRET_KEY, webhookSecret: process.env.STRIPE_WEBHOOK_SECRET ?? "", apiBase: process.env.STRIPE_API_BASE })
  : null;
const kassa = createKassa({ db: handle.db, providers: createRegistry([...defaultProviders(), ...(stripe ? [stripe] : [])]) });
const stdin = async () => {
  if (process.stdin.isTTY) return "";
  let s = "";
  for await (const chunk of process.stdin) s += chunk;
  return s;
};
const code = await runCli(process.argv.slice(2), {
  db: handle.db,
  kassa,
  projectKey: process.env.KASSA_CT_PROJECT_KEY || "kassa-demo",
  io: { stdin, stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s), writable: process.stdout },
});
await handle.close();
process.exit(code); // the schema engine leaves a timer behind
