// ISO 3166 facts for the countries Medusa embeds in regions (iso_3, numeric code, its upper-case name, display name).
export const COUNTRIES: Record<string, { iso_3: string; num_code: string; name: string; display_name: string }> = {
  us: { iso_3: "usa", num_code: "840", name: "UNITED STATES", display_name: "United States" },
  de: { iso_3: "deu", num_code: "276", name: "GERMANY", display_name: "Germany" },
  fr: { iso_3: "fra", num_code: "250", name: "FRANCE", display_name: "France" },
  nl: { iso_3: "nld", num_code: "528", name: "NETHERLANDS", display_name: "Netherlands" },
  es: { iso_3: "esp", num_code: "724", name: "SPAIN", display_name: "Spain" },
  it: { iso_3: "ita", num_code: "380", name: "ITALY", display_name: "Italy" },
  dk: { iso_3: "dnk", num_code: "208", name: "DENMARK", display_name: "Denmark" },
  se: { iso_3: "swe", num_code: "752", name: "SWEDEN", display_name: "Sweden" },
  gb: { iso_3: "gbr", num_code: "826", name: "UNITED KINGDOM", display_name: "United Kingdom" },
  jp: { iso_3: "jpn", num_code: "392", name: "JAPAN", display_name: "Japan" },
};
