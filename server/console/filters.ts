// The console's payment filters as the browser sends them (tRPC input and the CSV export's query string): one zod
// schema, converted once to core's filters (amounts from decimal strings in the chosen currency, dates from ISO days).
import { z } from "zod";
import { parseCurrencyCode } from "../core/currencies";
import { PaymentError } from "../core/errors";
import { PAYMENT_SOURCES, PAYMENT_STATUSES, type PaymentFilters } from "../core/merchant";
import { parseDecimal } from "../core/money";

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Use a date as YYYY-MM-DD.");
const text = (max: number) => z.string().trim().max(max);

export const FilterInput = z
  .object({
    status: z.array(z.enum(PAYMENT_STATUSES)).max(10).optional(),
    provider: text(64).optional(),
    source: z.enum(PAYMENT_SOURCES).optional(),
    currency: z.string().regex(/^[A-Za-z]{3}$/).optional(),
    from: day.optional(),
    to: day.optional(),
    email: text(254).optional(),
    order: text(64).optional(),
    amountMin: text(32).optional(),
    amountMax: text(32).optional(),
    flagged: z.boolean().optional(),
  })
  .strict();
export type FilterInput = z.infer<typeof FilterInput>;

/** Core's filters; `to` is inclusive of its day. Empty strings mean "not set". */
export function toFilters(f: FilterInput): PaymentFilters {
  const currency = f.currency ? parseCurrencyCode(f.currency.toUpperCase()) : undefined;
  const amount = (v: string | undefined, field: string) => {
    if (!v) return undefined;
    if (!currency) throw new PaymentError("validation", "Choose a currency to filter by amount.", { field: "currency" });
    try {
      return parseDecimal(v, currency).amount;
    } catch {
      throw new PaymentError("validation", `Enter an amount in ${currency}, like 12.50.`, { field });
    }
  };
  const date = (v: string | undefined, plusDay = false) => {
    if (!v) return undefined;
    const d = new Date(`${v}T00:00:00.000Z`);
    if (Number.isNaN(d.getTime())) throw new PaymentError("validation", "Use a date as YYYY-MM-DD.", { field: "date" });
    return plusDay ? new Date(d.getTime() + 86_400_000) : d;
  };
  return {
    ...(f.status?.length ? { status: f.status } : {}),
    ...(f.provider ? { providerId: f.provider } : {}),
    ...(f.source ? { source: f.source } : {}),
    ...(currency ? { currency } : {}),
    ...(f.from ? { from: date(f.from) } : {}),
    ...(f.to ? { to: date(f.to, true) } : {}),
    ...(f.email ? { email: f.email } : {}),
    ...(f.order ? { orderNumber: f.order } : {}),
    ...(f.amountMin ? { amountMin: amount(f.amountMin, "amountMin") } : {}),
    ...(f.amountMax ? { amountMax: amount(f.amountMax, "amountMax") } : {}),
    ...(f.flagged !== undefined ? { flagged: f.flagged } : {}),
  };
}

/** The same filters from a query string (the CSV link carries the list's filters). */
export function filtersFromSearch(params: URLSearchParams): FilterInput {
  const one = (k: string) => params.get(k) || undefined;
  const flagged = one("flagged");
  return FilterInput.parse({
    status: params.getAll("status").filter(Boolean).length ? params.getAll("status").filter(Boolean) : undefined,
    provider: one("provider"), source: one("source"), currency: one("currency"), from: one("from"), to: one("to"),
    email: one("email"), order: one("order"), amountMin: one("amountMin"), amountMax: one("amountMax"),
    flagged: flagged === undefined ? undefined : flagged === "true",
  });
}
