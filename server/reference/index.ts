// The API reference: one OpenAPI 3.1 document per dialect, generated from the dialects' zod schemas, built once per
// process. Read-only; nothing here touches the database.
import { createDocument } from "zod-openapi";
import type { ZodOpenApiObject } from "zod-openapi";
import { ctDocument, ctEndpoints } from "../dialects/commercetools/openapi";
import { magentoDocument, magentoEndpoints } from "../dialects/magento/openapi";
import { medusaDocument, medusaEndpoints } from "../dialects/medusa/openapi";
import { medusaAdminDocument, medusaAdminEndpoints } from "../dialects/medusa-admin/openapi";
import { shopDocument, shopEndpoints } from "../dialects/shop/openapi";
import { webhookDocument, webhookEndpoints } from "../webhooks/openapi";
import { eventsDocument } from "../outbound/openapi";
import type { Endpoint } from "./build";

export type DialectId = "magento" | "commercetools" | "medusa" | "medusa-admin" | "shop" | "stripe-webhooks" | "events";

export type DialectInfo = {
  id: DialectId;
  title: string;
  /** Where the document's paths are mounted on this server (its servers[0].url). */
  mount: string;
  endpoints: Endpoint[];
  build: () => ZodOpenApiObject;
};

export const DIALECTS: readonly DialectInfo[] = [
  { id: "magento", title: "Magento 2 REST / Adobe Payment Services", mount: "/rest", endpoints: magentoEndpoints, build: magentoDocument },
  { id: "commercetools", title: "commercetools My Payments", mount: "/commercetools", endpoints: ctEndpoints, build: ctDocument },
  { id: "medusa", title: "Medusa store API (v2 and v1 payment collections)", mount: "", endpoints: medusaEndpoints, build: medusaDocument },
  { id: "medusa-admin", title: "Medusa admin API (payments; staff)", mount: "", endpoints: medusaAdminEndpoints, build: medusaAdminDocument },
  { id: "shop", title: "Shop API (orders and payment intents)", mount: "", endpoints: shopEndpoints, build: shopDocument },
  { id: "stripe-webhooks", title: "Stripe webhook intake", mount: "", endpoints: webhookEndpoints, build: webhookDocument },
  { id: "events", title: "Kassa's outbound events (webhooks it sends)", mount: "", endpoints: [], build: eventsDocument },
];

export type OpenApiDocument = ReturnType<typeof createDocument>;

const cache = new Map<DialectId, OpenApiDocument>();

export function isDialectId(id: string): id is DialectId {
  return DIALECTS.some((d) => d.id === id);
}

export function openApiDocument(id: DialectId): OpenApiDocument {
  let doc = cache.get(id);
  if (!doc) {
    doc = createDocument(DIALECTS.find((d) => d.id === id)!.build(), { reused: "ref" });
    cache.set(id, doc);
  }
  return doc;
}
