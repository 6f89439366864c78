// The checkout's one schema (the browser checks with it, the tRPC router parses with it) and the mapping from its
// failures — and from the server's refusals as they reach the browser — to fields and words. Asserts on codes and
// field paths; the words are checked only for being words (no JSON, no zod text).
import en from "../i18n/messages/en.json";
import deMessages from "../i18n/messages/de.json";
import ja from "../i18n/messages/ja.json";
import { describe, expect, it } from "vitest";
import {
  FIELD_ERROR_CODES,
  checkoutDetails,
  fieldErrorKey,
  fieldErrorsFromIssues,
  fieldErrorsFromServer,
  needsState,
  validateCheckoutDetails,
} from "./checkout-schema";

const us = { name: "Ada Shopper", line1: "1 Main Street", city: "Springfield", state: "NY", postalCode: "12345", country: "US" };
const de = { name: "Ada Shopper", line1: "Hauptstraße 1", city: "Berlin", postalCode: "10115", country: "DE" };
const ok = { email: "ada@example.com", shippingAddress: us, billingAddress: null };

describe("checkoutDetails", () => {
  it("accepts a complete US address and bills to it when billing is null", () => {
    const r = validateCheckoutDetails(ok);
    expect(r).toEqual({ ok: true, value: { ...ok, shippingAddress: { ...us } } });
  });

  it("accepts line 2, a phone, and a separate billing address in another country", () => {
    const r = validateCheckoutDetails({ ...ok, shippingAddress: { ...us, line2: "Apt 4", phone: "+1 555 010 0000" }, billingAddress: de });
    expect(r.ok).toBe(true);
  });

  it("trims, upper-cases the country, and leaves optional parts optional", () => {
    const v = checkoutDetails.parse({ email: "  ada@example.com ", shippingAddress: { ...de, country: " de ", line2: "", phone: "" }, billingAddress: null });
    expect(v.email).toBe("ada@example.com");
    expect(v.shippingAddress.country).toBe("DE");
  });

  it("requires a state for the US and Canada only", () => {
    expect(needsState("us")).toBe(true);
    expect(needsState("CA")).toBe(true);
    expect(needsState("DE")).toBe(false);
    expect(validateCheckoutDetails({ ...ok, shippingAddress: { ...us, state: "" } })).toEqual({ ok: false, errors: { "shippingAddress.state": "state_required" } });
    expect(validateCheckoutDetails({ ...ok, shippingAddress: { ...us, state: "ZZ" } })).toEqual({ ok: false, errors: { "shippingAddress.state": "invalid_state" } });
    expect(validateCheckoutDetails({ ...ok, shippingAddress: de }).ok).toBe(true);
  });

  it("checks postal codes by country", () => {
    const postal = (country: string, postalCode: string, state?: string) =>
      validateCheckoutDetails({ ...ok, shippingAddress: { ...de, country, postalCode, ...(state ? { state } : {}) } });
    expect(postal("US", "12345-6789", "CA").ok).toBe(true);
    expect(postal("US", "1234", "CA")).toEqual({ ok: false, errors: { "shippingAddress.postalCode": "invalid_postal_code" } });
    expect(postal("JP", "100-0001").ok).toBe(true);
    expect(postal("JP", "12345").ok).toBe(false);
    expect(postal("NL", "1011 AB").ok).toBe(true);
    expect(postal("CA", "K1A 0B1", "ON").ok).toBe(true);
    expect(postal("BR", "01310-100").ok).toBe(true); // no known format: letters, digits, spaces, hyphens
    expect(postal("BR", "<script>").ok).toBe(false);
  });

  it("maps each failing field to one code, by its path", () => {
    const r = validateCheckoutDetails({
      email: "a@b.c",
      shippingAddress: { ...us, name: " ", city: "x".repeat(101), country: "USA", phone: "call me" },
      billingAddress: { ...de, line1: "" },
    });
    expect(r).toEqual({
      ok: false,
      errors: {
        email: "invalid_email",
        "shippingAddress.name": "required",
        "shippingAddress.city": "too_long",
        "shippingAddress.country": "invalid_country",
        "shippingAddress.phone": "invalid_phone",
        "billingAddress.line1": "required",
      },
    });
  });

  it("refuses missing parts as required, not as type errors", () => {
    const r = validateCheckoutDetails({ shippingAddress: {}, billingAddress: null });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.email).toBe("required");
    expect(r.errors["shippingAddress.line1"]).toBe("required");
    expect(r.errors["shippingAddress.country"]).toBe("required");
  });

  it("refuses emails zod refuses, with the same verdict in browser and server (one schema)", () => {
    for (const email of ["a@b.c", "ad a@example.com", "ada@exämple.com", "ada@", "@example.com"]) {
      expect(validateCheckoutDetails({ ...ok, email }), email).toEqual({ ok: false, errors: { email: "invalid_email" } });
    }
  });
});

describe("server refusals -> fields", () => {
  it("reads zod issues as the tRPC error formatter sends them (path as strings, a custom check's reason)", () => {
    const data = {
      code: "BAD_REQUEST",
      zodIssues: [
        { path: ["email"], code: "invalid_format" },
        { path: ["shippingAddress", "postalCode"], code: "custom", params: { reason: "invalid_postal_code" } },
        { path: ["shippingAddress", "postalCode"], code: "too_big" }, // a second issue for a field: the first wins
        { path: ["billingAddress", "state"], code: "custom", params: { reason: "not a code we know" } },
        { path: [], code: "invalid_type" }, // not about a field
      ],
    };
    expect(fieldErrorsFromServer(data)).toEqual({
      email: "invalid_email",
      "shippingAddress.postalCode": "invalid_postal_code",
      "billingAddress.state": "invalid",
    });
  });

  it("reads a domain validation error that names a field and a reason", () => {
    const data = { domainCode: "validation", domainDetails: { field: "shippingAddress.country", reason: "country_not_in_region" } };
    expect(fieldErrorsFromServer(data)).toEqual({ "shippingAddress.country": "country_not_in_region" });
    expect(fieldErrorsFromServer({ domainCode: "validation", domainDetails: { field: "email" } })).toEqual({ email: "invalid" });
  });

  it("finds no field in anything else", () => {
    for (const data of [null, undefined, "x", {}, { domainCode: "provider_declined", domainDetails: { field: "email" } }, { domainCode: "validation", domainDetails: {} }, { zodIssues: [{ nope: 1 }] }]) {
      expect(fieldErrorsFromServer(data)).toEqual({});
    }
  });

  it("fieldErrorsFromIssues keeps the first issue per path", () => {
    expect(fieldErrorsFromIssues([{ path: ["a"], code: "too_small" }, { path: ["a"], code: "too_big" }])).toEqual({ a: "required" });
  });
});

describe("pasted text", () => {
  const base = { email: "ada@example.com", shippingAddress: { name: "Ada", line1: "Hauptstraße 1", city: "Berlin", postalCode: "10115", country: "DE" }, billingAddress: null };
  it("takes tabs as spaces and trims them (a spreadsheet's cell), refuses other control characters", () => {
    const r = checkoutDetails.safeParse({ ...base, shippingAddress: { ...base.shippingAddress, postalCode: "10115\t", line1: "Haupt\tstraße 1" } });
    expect(r.success && r.data.shippingAddress).toMatchObject({ postalCode: "10115", line1: "Haupt straße 1" });
    for (const bad of ["Ada\u0000", "Ada\u0007", "Ada\u001b[31m", "Ada\u0085", "\uDC00Ada"]) {
      const x = checkoutDetails.safeParse({ ...base, shippingAddress: { ...base.shippingAddress, name: bad } });
      expect(x.success ? {} : fieldErrorsFromIssues(x.error.issues), JSON.stringify(bad)).toEqual({ "shippingAddress.name": "invalid_characters" });
    }
  });
});

describe("codes -> words", () => {
  const catalogs = { en, de: deMessages, ja };
  it("has words for every code on every field in every language, and none of them is JSON or zod's text", () => {
    const fields = ["email", "shippingAddress.name", "shippingAddress.line1", "shippingAddress.postalCode", "shippingAddress.country", "billingAddress.state", "shippingAddress.phone"];
    for (const [lang, messages] of Object.entries(catalogs)) {
      for (const code of FIELD_ERROR_CODES) {
        for (const f of fields) {
          const m = (messages.fieldErrors as Record<string, string>)[fieldErrorKey(f, code)];
          expect(m, `${lang} ${f} ${code}`).toMatch(/[.。]$/);
          expect(m).not.toMatch(/[{}[\]"]|Invalid input|expected/i);
        }
      }
    }
  });

  it("says which field is missing", () => {
    expect(en.fieldErrors[fieldErrorKey("email", "required") as keyof typeof en.fieldErrors]).toBe("Enter your email address.");
    expect(deMessages.fieldErrors[fieldErrorKey("billingAddress.postalCode", "required") as keyof typeof deMessages.fieldErrors]).toBe("Geben Sie die Postleitzahl ein.");
    expect(fieldErrorKey("shippingAddress.country", "country_not_in_region")).toBe("country_not_in_region");
    expect(fieldErrorKey("shippingAddress.line2", "required")).toBe("required");
  });
});
