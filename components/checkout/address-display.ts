// An order's stored address, whichever surface wrote it, as the lines the shopper sees; country names through Intl.
export type DisplayAddress = Partial<Record<"name" | "line1" | "line2" | "city" | "state" | "postalCode" | "country" | "phone", string>>;

const str = (v: unknown) => (typeof v === "string" && v.trim() ? v.trim() : undefined);

/**
 * An order's stored address as lines to show. The browser checkout stores its own shape (name, line1, …); a cart built
 * through Medusa's store API stores Medusa's (first_name, last_name, address_1, province, postal_code, country_code, …).
 */
export function toDisplayAddress(raw: Record<string, unknown>): DisplayAddress {
  const medusaName = [str(raw.first_name), str(raw.last_name)].filter(Boolean).join(" ");
  return {
    name: str(raw.name) ?? (medusaName || str(raw.company)),
    line1: str(raw.line1) ?? str(raw.address_1),
    line2: str(raw.line2) ?? str(raw.address_2),
    city: str(raw.city),
    state: str(raw.state) ?? str(raw.province),
    postalCode: str(raw.postalCode) ?? str(raw.postal_code),
    country: str(raw.country) ?? str(raw.country_code),
    phone: str(raw.phone),
  };
}

const countryNames = new Intl.DisplayNames(["en"], { type: "region" });

/** A country's name, or the code as given when it is not a region code Intl knows (it throws a RangeError then). */
export function countryName(code: string, names: Intl.DisplayNames = countryNames): string {
  try {
    return names.of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}

