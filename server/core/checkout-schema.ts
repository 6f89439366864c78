// The checkout's contact and address rules, written once: the tRPC router validates its input with these schemas and
// the browser's checkout form validates with the very same ones before it sends anything. So this module imports only
// zod and ./checkout-fields (it is loaded in the browser): no database, no Next.js, nothing server-only. It is written
// with `zod/mini`, the same zod 4 engine and issue codes, tree-shakable: measured with esbuild (minified, gzipped), the
// classic `zod` weighs 25–95 kB here depending on the import form, `zod/mini` about 8 kB (16 kB as Next's build chunks
// it). Even so, loaded with the page it put the checkout's first load at 184.6 kB, over its budget (e2e/budget.spec.ts,
// 180 kB); so the form imports this module lazily, when the shopper first touches the form (169.1 kB first load), and
// what it needs to render (codes, words, states) is in ./checkout-fields.
//
// Failures become a closed set of error codes per field (`fieldErrorsFromIssues`), and codes become words
// (`fieldErrorKey`, then the shopper's language) — never zod's own messages or JSON. What only the server can know (the cart's region and its
// countries) arrives as a domain `validation` error with `{ field, reason }` and maps the same way (`fieldErrorsFromServer`).
import * as z from "zod/mini";
import { fieldErrorsFromIssues, REGIONS_BY_COUNTRY, type FieldErrors } from "./checkout-fields";

export * from "./checkout-fields";

/** Postal code formats where we know them; other countries take any 1–20 letters, digits, spaces and hyphens. */
const POSTAL: Readonly<Record<string, RegExp>> = {
  US: /^\d{5}(-\d{4})?$/,
  CA: /^[A-Za-z]\d[A-Za-z] ?\d[A-Za-z]\d$/,
  JP: /^\d{3}-?\d{4}$/,
  DE: /^\d{5}$/,
  FR: /^\d{5}$/,
  ES: /^\d{5}$/,
  IT: /^\d{5}$/,
  NL: /^\d{4} ?[A-Za-z]{2}$/,
  DK: /^\d{4}$/,
  SE: /^\d{3} ?\d{2}$/,
};
const POSTAL_ANY = /^[A-Za-z0-9][A-Za-z0-9 -]{0,19}$/;

// Control characters (NUL among them: PostgreSQL refuses it in text) and lone surrogates (not Unicode; they would be
// stored as U+FFFD) are never part of a name or an address: refused as the field's own error, not a 500.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
export function hasInvalidCharacters(s: string): boolean {
  return CONTROL.test(s) || LONE_SURROGATE.test(s);
}
const clean = z.refine<string>((s) => !hasInvalidCharacters(s), { params: { reason: "invalid_characters" }, message: "invalid_characters", abort: true });
// a value pasted from a spreadsheet may carry tabs: they become spaces (and trailing ones are trimmed) before the check
const text = () => z.string().check(z.overwrite((s) => s.replace(/\t/g, " ")), z.trim(), clean);
const required = (max: number) => text().check(z.minLength(1), z.maxLength(max));
const optional = (max: number) => z.optional(text().check(z.maxLength(max)));

export const checkoutAddress = z
  .object({
    name: required(200),
    line1: required(200),
    line2: optional(200),
    city: required(100),
    state: optional(100),
    postalCode: required(20),
    country: text().check(z.toUpperCase(), z.regex(/^[A-Z]{2}$/)),
    phone: z.optional(text().check(z.regex(/^(\+?[0-9][0-9 ()./-]{5,24})?$/))),
  })
  .check(z.superRefine((a, ctx) => {
    const states = REGIONS_BY_COUNTRY[a.country];
    if (states && !a.state) ctx.addIssue({ code: "custom", path: ["state"], params: { reason: "state_required" }, message: "state_required" });
    else if (states && !states.some(([code]) => code === a.state)) ctx.addIssue({ code: "custom", path: ["state"], params: { reason: "invalid_state" }, message: "invalid_state" });
    if (!(POSTAL[a.country] ?? POSTAL_ANY).test(a.postalCode)) {
      ctx.addIssue({ code: "custom", path: ["postalCode"], params: { reason: "invalid_postal_code" }, message: "invalid_postal_code" });
    }
  }));

export const checkoutDetails = z.object({
  email: text().check(z.maxLength(254), z.email()),
  shippingAddress: checkoutAddress,
  /** null: bill to the shipping address */
  billingAddress: z.nullable(checkoutAddress),
});

export type CheckoutAddress = z.output<typeof checkoutAddress>;
export type CheckoutDetails = z.output<typeof checkoutDetails>;
export type CheckoutDetailsInput = z.input<typeof checkoutDetails>;

/** The browser's check before sending: the same schema the server parses its input with. */
export function validateCheckoutDetails(input: unknown): { ok: true; value: CheckoutDetails } | { ok: false; errors: FieldErrors } {
  const r = checkoutDetails.safeParse(input);
  return r.success ? { ok: true, value: r.data } : { ok: false, errors: fieldErrorsFromIssues(r.error.issues) };
}

