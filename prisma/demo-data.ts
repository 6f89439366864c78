// The demo data of ../shared/CONTRACTS.md. Tests, the README and external clients rely on these values.
// Each secret can be overridden by environment variable; the seed refuses the built-in demo secrets in production.

export const demoCustomers = [
  { email: "alice@example.com", password: process.env.KASSA_DEMO_ALICE_PASSWORD || "alice-password", name: "Alice Example" },
  { email: "bob@example.com", password: process.env.KASSA_DEMO_BOB_PASSWORD || "bob-password", name: "Bob Example" },
] as const;

export const providerIds = { system: "pp_system_default", test: "pp_kassa_test", stripe: "pp_stripe_stripe" } as const;

export const demoRegions = [
  { name: "United States", currency: "USD", countries: ["us"], captureMode: "automatic" },
  // Europe authorizes at checkout and is captured later by staff (merchant console, admin API).
  { name: "Europe", currency: "EUR", countries: ["de", "fr", "nl", "es", "it", "dk", "se"], captureMode: "manual" },
  { name: "Japan", currency: "JPY", countries: ["jp"], captureMode: "automatic" },
] as const;

/** Staff accounts for the merchant console and the admin API (not customers: their own table and sign-in). */
export const demoStaff = [
  { email: "owner@example.com", password: process.env.KASSA_DEMO_OWNER_PASSWORD || "owner-password", role: "owner" },
  { email: "operator@example.com", password: process.env.KASSA_DEMO_OPERATOR_PASSWORD || "operator-password", role: "operator" },
  { email: "viewer@example.com", password: process.env.KASSA_DEMO_VIEWER_PASSWORD || "viewer-password", role: "viewer" },
] as const;

/** Prices are decimal strings in major units, parsed exactly by the money module. */
export const demoProducts = [
  { handle: "tee-black", title: "Black Tee", description: "Heavyweight cotton T-shirt.", sku: "TEE-BLACK-M", variant: "M", prices: { USD: "28.00", EUR: "26.00", JPY: "4200" } },
  { handle: "mug-white", title: "White Mug", description: "Stoneware mug, 350 ml.", sku: "MUG-WHITE", variant: "One size", prices: { USD: "12.50", EUR: "11.50", JPY: "1900" } },
  { handle: "cap-navy", title: "Navy Cap", description: "Six-panel cap.", sku: "CAP-NAVY", variant: "One size", prices: { USD: "56.00", EUR: "52.00", JPY: "8400" } },
] as const;

export const demoKeys = {
  publishable: process.env.KASSA_MEDUSA_PUBLISHABLE_KEY || "pk_kassa_demo",
  shopStorefront: process.env.KASSA_SHOP_STOREFRONT_KEY || "shop_demo_storefront_key",
  shopPaymentSystem: process.env.KASSA_SHOP_PAYMENT_SYSTEM_KEY || "shop_demo_payment_system_key",
};

/** commercetools custom Types of the demo project (a Type is project configuration there). */
export const demoCustomTypes = [
  { id: "0c5f3b6e-8d2a-4f71-9b3e-6a1d4c7e2f90", key: "kassa-payment-info", name: { en: "Payment info" }, resourceTypeIds: ["payment"] },
  { id: "7e2a9c41-3b5d-4e8f-a6c2-9d1b5f3e7a08", key: "kassa-transaction-info", name: { en: "Transaction info" }, resourceTypeIds: ["transaction"] },
];

export const demoOAuthClient = {
  projectKey: process.env.KASSA_CT_PROJECT_KEY || "kassa-demo",
  clientId: process.env.KASSA_CT_CLIENT_ID || "kassa-demo-client",
  clientSecret: process.env.KASSA_CT_CLIENT_SECRET || "kassa-demo-secret",
  get scopes() {
    return [`manage_my_payments:${this.projectKey}`, `create_anonymous_token:${this.projectKey}`];
  },
};

export const magentoStoreCodes = ["default", "all"] as const;

/** The built-in demo secrets: refused by the seed under NODE_ENV=production unless KASSA_SEED_DEMO=1. */
export const builtInDemoSecrets = ["alice-password", "bob-password", "owner-password", "operator-password", "viewer-password", "pk_kassa_demo", "shop_demo_storefront_key", "shop_demo_payment_system_key", "kassa-demo-secret"];
