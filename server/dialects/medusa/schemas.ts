// Medusa's store wire schemas. Like Medusa v2's zodValidator, every body object is strict (unknown keys refused).
import { z } from "zod";

const id = z.string().max(100);
const metadata = z.record(z.string(), z.unknown()).nullish();

export const MedusaAddress = z
  .object({
    first_name: z.string().max(200).nullish(),
    last_name: z.string().max(200).nullish(),
    company: z.string().max(200).nullish(),
    address_1: z.string().max(200).nullish(),
    address_2: z.string().max(200).nullish(),
    city: z.string().max(100).nullish(),
    country_code: z.string().max(2).nullish(),
    province: z.string().max(100).nullish(),
    postal_code: z.string().max(20).nullish(),
    phone: z.string().max(50).nullish(),
    metadata,
  })
  .strict();

export const MedusaCreateCart = z
  .object({
    region_id: id.optional(),
    email: z.string().email().max(254).nullish(),
    currency_code: z.string().length(3).optional(),
    items: z.array(z.object({ variant_id: id, quantity: z.number().int(), metadata }).strict()).max(100).optional(),
    sales_channel_id: id.nullish(),
    shipping_address: MedusaAddress.nullish(),
    billing_address: MedusaAddress.nullish(),
    metadata,
    promo_codes: z.array(z.string()).optional(),
    locale: z.string().max(20).nullish(),
  })
  .strict();

export const MedusaUpdateCart = MedusaCreateCart.omit({ currency_code: true, items: true }).strict();

export const MedusaAddLineItem = z.object({ variant_id: id, quantity: z.number().int(), metadata }).strict();
export const MedusaUpdateLineItem = z.object({ quantity: z.number().int(), metadata }).strict();

export const MedusaCreatePaymentCollection = z.object({ cart_id: id }).strict();
export const MedusaCreatePaymentSession = z.object({ provider_id: id, data: z.record(z.string(), z.unknown()).optional() }).strict();

export const MedusaEmailPass = z.object({ email: z.string().max(254), password: z.string().max(256) }).strict();

// v1 (class-validator style, whitelist + forbidNonWhitelisted)
export const MedusaV1ManageSession = z.object({ provider_id: z.string() }).strict();
export const MedusaV1BatchSessions = z
  .object({ sessions: z.array(z.object({ provider_id: z.string(), amount: z.number().int(), session_id: z.string().optional() }).strict()).min(1).max(20) })
  .strict();
export const MedusaV1BatchAuthorize = z.object({ session_ids: z.array(z.string()) }).strict();

export type MedusaCreateCart = z.infer<typeof MedusaCreateCart>;
export type MedusaAddress = z.infer<typeof MedusaAddress>;

/** Routes that take no body: an empty body or `{}` only. */
export const MedusaEmpty = z.object({}).strict();
