// The checkout form's fields and their errors, without zod: states and provinces, the closed set of field error codes,
// the mapping from validation issues (the browser's, or the server's as the tRPC error formatter sends them) to field
// paths and codes, and the words for each code. The checkout page loads this with its first JavaScript; the zod
// schemas (./checkout-schema.ts) load when the shopper first touches the form, so the first load stays in budget.

/** States and provinces for the countries whose addresses need one. */
export const REGIONS_BY_COUNTRY: Readonly<Record<string, readonly (readonly [code: string, name: string])[]>> = {
  US: [
    ["AL", "Alabama"], ["AK", "Alaska"], ["AZ", "Arizona"], ["AR", "Arkansas"], ["CA", "California"], ["CO", "Colorado"],
    ["CT", "Connecticut"], ["DE", "Delaware"], ["DC", "District of Columbia"], ["FL", "Florida"], ["GA", "Georgia"],
    ["HI", "Hawaii"], ["ID", "Idaho"], ["IL", "Illinois"], ["IN", "Indiana"], ["IA", "Iowa"], ["KS", "Kansas"],
    ["KY", "Kentucky"], ["LA", "Louisiana"], ["ME", "Maine"], ["MD", "Maryland"], ["MA", "Massachusetts"],
    ["MI", "Michigan"], ["MN", "Minnesota"], ["MS", "Mississippi"], ["MO", "Missouri"], ["MT", "Montana"],
    ["NE", "Nebraska"], ["NV", "Nevada"], ["NH", "New Hampshire"], ["NJ", "New Jersey"], ["NM", "New Mexico"],
    ["NY", "New York"], ["NC", "North Carolina"], ["ND", "North Dakota"], ["OH", "Ohio"], ["OK", "Oklahoma"],
    ["OR", "Oregon"], ["PA", "Pennsylvania"], ["RI", "Rhode Island"], ["SC", "South Carolina"], ["SD", "South Dakota"],
    ["TN", "Tennessee"], ["TX", "Texas"], ["UT", "Utah"], ["VT", "Vermont"], ["VA", "Virginia"], ["WA", "Washington"],
    ["WV", "West Virginia"], ["WI", "Wisconsin"], ["WY", "Wyoming"], ["PR", "Puerto Rico"],
  ],
  CA: [
    ["AB", "Alberta"], ["BC", "British Columbia"], ["MB", "Manitoba"], ["NB", "New Brunswick"],
    ["NL", "Newfoundland and Labrador"], ["NS", "Nova Scotia"], ["NT", "Northwest Territories"], ["NU", "Nunavut"],
    ["ON", "Ontario"], ["PE", "Prince Edward Island"], ["QC", "Quebec"], ["SK", "Saskatchewan"], ["YT", "Yukon"],
  ],
};

export function needsState(country: string): boolean {
  return country.toUpperCase() in REGIONS_BY_COUNTRY;
}

// ---- error codes -> fields and words

export const FIELD_ERROR_CODES = [
  "required",
  "too_long",
  "invalid_email",
  "invalid_postal_code",
  "invalid_country",
  "country_not_in_region",
  "state_required",
  "invalid_state",
  "invalid_phone",
  "invalid_characters",
  "invalid",
] as const;
export type FieldErrorCode = (typeof FIELD_ERROR_CODES)[number];
/** Field path (`email`, `shippingAddress.postalCode`, `billingAddress.state`, …) -> the first error code for it. */
export type FieldErrors = Record<string, FieldErrorCode>;

/** The little of a zod issue that crosses the wire (see the tRPC error formatter): path, code and a custom reason. */
export type IssueLike = { path: readonly PropertyKey[]; code: string; params?: { reason?: unknown } | undefined };

const isCode = (s: unknown): s is FieldErrorCode => typeof s === "string" && (FIELD_ERROR_CODES as readonly string[]).includes(s);
const leaf = (path: string) => path.slice(path.lastIndexOf(".") + 1);

function codeForIssue(path: string, issue: IssueLike): FieldErrorCode {
  switch (issue.code) {
    case "custom":
      return isCode(issue.params?.reason) ? issue.params.reason : "invalid";
    case "invalid_type":
    case "too_small":
      return "required";
    case "too_big":
      return "too_long";
    case "invalid_format": {
      const f = leaf(path);
      if (f === "email") return "invalid_email";
      if (f === "postalCode") return "invalid_postal_code";
      if (f === "country") return "invalid_country";
      if (f === "phone") return "invalid_phone";
      return "invalid";
    }
    default:
      return "invalid";
  }
}

export function fieldErrorsFromIssues(issues: readonly IssueLike[]): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of issues) {
    const path = issue.path.map(String).join(".");
    if (path && !(path in out)) out[path] = codeForIssue(path, issue);
  }
  return out;
}

/**
 * A tRPC error's `data` (server/trpc/init.ts errorFormatter) -> field errors: zod issues of the procedure's input, or a
 * domain `validation` error naming a field and a reason. Anything else is not about a field: `{}`.
 */
export function fieldErrorsFromServer(data: unknown): FieldErrors {
  if (!data || typeof data !== "object") return {};
  const d = data as { zodIssues?: unknown; domainCode?: unknown; domainDetails?: unknown };
  if (Array.isArray(d.zodIssues)) {
    const issues = d.zodIssues.filter(
      (i): i is IssueLike => !!i && typeof i === "object" && Array.isArray((i as IssueLike).path) && typeof (i as IssueLike).code === "string",
    );
    return fieldErrorsFromIssues(issues);
  }
  if (d.domainCode === "validation" && d.domainDetails && typeof d.domainDetails === "object") {
    const { field, reason } = d.domainDetails as { field?: unknown; reason?: unknown };
    if (typeof field === "string" && field) return { [field]: isCode(reason) ? reason : "invalid" };
  }
  return {};
}

const REQUIRED_FIELDS = new Set(["email", "name", "line1", "city", "postalCode", "country"]);

/**
 * The message key (in the `fieldErrors` catalog, server/i18n/messages/*.json) for a field's error code: a missing
 * field says which one ("required_postalCode"), every other code has one sentence. The code is what translations key on.
 */
export function fieldErrorKey(path: string, code: FieldErrorCode): string {
  if (code === "required" && REQUIRED_FIELDS.has(leaf(path))) return `required_${leaf(path)}`;
  return code;
}
