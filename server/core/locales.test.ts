// The shopper's language: the switcher's cookie wins, else Accept-Language by q-value with region tags matching their
// language, else English; time zones from the browser are checked, never trusted.
import { describe, expect, it } from "vitest";
import { pickLocale, supportedLocale, supportedTimeZone } from "./locales";

describe("locales", () => {
  it("takes the cookie when it names a language we speak", () => {
    expect(pickLocale("ja", "de-DE,de;q=0.9")).toBe("ja");
    expect(pickLocale("fr", "de-DE,de;q=0.9")).toBe("de");
    expect(pickLocale("", null)).toBe("en");
  });

  it("negotiates Accept-Language by q-value; region tags count for their language; q=0 refuses", () => {
    expect(pickLocale(null, "de-AT,de;q=0.9,en;q=0.8")).toBe("de");
    expect(pickLocale(null, "fr-FR,ja;q=0.5,en;q=0.4")).toBe("ja");
    expect(pickLocale(null, "en;q=0, de;q=0.1")).toBe("de");
    expect(pickLocale(null, "fr, it")).toBe("en");
    expect(pickLocale(null, "*")).toBe("en");
    expect(pickLocale(null, "x".repeat(2000))).toBe("en");
  });

  it("reads stored tags as a language we speak", () => {
    expect(supportedLocale("de-DE")).toBe("de");
    expect(supportedLocale("ja_JP")).toBe("ja");
    expect(supportedLocale("fr")).toBe("en");
    expect(supportedLocale(null)).toBe("en");
  });

  it("accepts IANA time zones and refuses anything else as UTC", () => {
    expect(supportedTimeZone("Europe/Berlin")).toBe("Europe/Berlin");
    expect(supportedTimeZone("Asia/Tokyo")).toBe("Asia/Tokyo");
    expect(supportedTimeZone("Mars/Olympus")).toBe("UTC");
    expect(supportedTimeZone("<script>")).toBe("UTC");
    expect(supportedTimeZone(undefined)).toBe("UTC");
  });
});
