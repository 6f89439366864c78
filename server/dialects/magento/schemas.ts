// Magento's wire schemas. Requests arrive camelCase or snake_case (normalised to camelCase before these run);
// responses are snake_case, amounts floats in major units, as Magento's service data interfaces serialise them.
import { z } from "zod";

/** Store codes: Magento's `default` and `all`, plus one store view per demo currency. */
export const STORE_CURRENCY: Record<string, string> = { default: "USD", all: "USD", usd: "USD", eur: "EUR", jpy: "JPY" };

export const METHOD_CODES = [
  "payment_services_paypal_hosted_fields",
  "payment_services_paypal_smart_buttons",
  "payment_services_paypal_vault",
  "payment_services_paypal_apple_pay",
  "payment_services_paypal_google_pay",
] as const;
export const PAYMENT_SOURCES = ["cc", "vault", "paypal", "paylater", "venmo", "applepay", "googlepay"] as const;
export const LOCATIONS = ["PRODUCT_DETAIL", "MINICART", "CART", "CHECKOUT", "ADMIN"] as const;

// ------------------------------------------------------------------ requests

export const MagentoCustomerToken = z
  .object({ username: z.string().min(1).meta({ example: "alice@example.com" }), password: z.string().min(1).meta({ example: "alice-password" }) })
  .meta({ id: "MagentoCustomerTokenRequest" });

export const MagentoCartItemRequest = z
  .object({
    cartItem: z.looseObject({
      sku: z.string().min(1).max(64).meta({ example: "TEE-BLACK-M" }),
      qty: z.coerce.number().meta({ description: "A positive whole number.", example: 1 }),
      quoteId: z.union([z.string(), z.number()]).optional().meta({ description: "The customer's quote id (ignored: /mine is the customer's active cart)." }),
    }),
  })
  .meta({ id: "MagentoCartItemRequest" });

export const MagentoCartItemUpdateRequest = z
  .object({
    cartItem: z.looseObject({
      qty: z.coerce.number().meta({ description: "A positive whole number.", example: 2 }),
      item_id: z.union([z.string(), z.number()]).optional().meta({ description: "The item id (the path's wins, as in Magento)." }),
      quote_id: z.union([z.string(), z.number()]).optional().meta({ description: "The customer's quote id (ignored: /mine is the customer's active cart)." }),
    }),
  })
  .meta({ id: "MagentoCartItemUpdateRequest" });

export const MagentoPaymentOrderRequest = z
  .object({
    methodCode: z.enum(METHOD_CODES),
    paymentSource: z.enum(PAYMENT_SOURCES),
    location: z.enum(LOCATIONS),
    vaultIntent: z.union([z.boolean(), z.literal("true"), z.literal("false"), z.literal("1"), z.literal("0"), z.literal(1), z.literal(0)]).optional(),
  })
  .meta({
    id: "MagentoPaymentOrderRequest",
    description: "Keys may also be sent snake_case (payment_source …), as Magento accepts both.",
    example: { methodCode: "payment_services_paypal_hosted_fields", paymentSource: "cc", location: "CHECKOUT", vaultIntent: false },
  });

// ------------------------------------------------------------------ responses

export const MagentoToken = z.string().meta({ id: "MagentoToken", description: "An opaque customer token: send it as `Authorization: Bearer …`.", example: "kst_Yl5oFjjCi5Lm8REX1LxH0ey53bPhdR24halBqnip89U" });
export const MagentoQuoteId = z.number().int().meta({ description: "The customer's active quote (cart) id.", example: 12 });

export const MagentoCartItem = z
  .object({ item_id: z.number().int(), sku: z.string(), qty: z.number(), name: z.string(), price: z.number(), product_type: z.string(), quote_id: z.string() })
  .meta({ id: "MagentoCartItem", example: { item_id: 7, sku: "TEE-BLACK-M", qty: 1, name: "Tee, black, M", price: 28, product_type: "simple", quote_id: "12" } });

export const MagentoCart = z
  .looseObject({
    id: z.number().int(),
    created_at: z.string(),
    updated_at: z.string(),
    is_active: z.boolean(),
    items: z.array(MagentoCartItem),
    items_count: z.number().int(),
    items_qty: z.number(),
    customer: z.looseObject({ id: z.number().int(), email: z.string(), firstname: z.string(), lastname: z.string() }),
    currency: z.looseObject({ quote_currency_code: z.string(), base_currency_code: z.string() }),
  })
  .meta({ id: "MagentoCart" });

export const MagentoTotals = z
  .looseObject({
    grand_total: z.number(),
    subtotal: z.number(),
    quote_currency_code: z.string(),
    items_qty: z.number(),
    items: z.array(z.looseObject({ item_id: z.number().int(), price: z.number(), qty: z.number(), row_total: z.number(), name: z.string() })),
    total_segments: z.array(z.looseObject({ code: z.string(), title: z.string(), value: z.number() })),
  })
  .meta({ id: "MagentoTotals" });

export const MagentoPaymentOrder = z
  .object({
    id: z.string(),
    mp_order_id: z.string(),
    status: z.string().meta({ description: "The provider's order status, e.g. CREATED, APPROVED, COMPLETED." }),
    amount: z.number().meta({ description: "Major units of currency_code (28.5 = 28.50)." }),
    currency_code: z.string(),
  })
  .meta({ id: "MagentoPaymentOrder", example: { id: "payord_01JDDZ3A1B2C3D4E5F6G7H8J9K", mp_order_id: "tpi_01JDDZ3A0B2C3D4E5F6G7H8J9K", status: "CREATED", amount: 28, currency_code: "USD" } });

const parameters = z.union([z.record(z.string(), z.unknown()), z.array(z.unknown())]);
export const MagentoErrorBody = z
  .object({
    message: z.string().meta({ description: "The message with %placeholders; their values are in parameters." }),
    parameters: parameters.optional(),
    errors: z.array(z.object({ message: z.string(), parameters })).optional(),
    trace: z.string().optional().meta({ description: "Only in developer mode (MAGENTO_DEVELOPER_MODE=1)." }),
  })
  .meta({ id: "MagentoError" });
