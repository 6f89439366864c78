// The language cookie is written by the page's JavaScript, so it is the client's word: a malformed value must read as
// no cookie (English), never throw inside the tRPC context (it made every call a 500).
import { describe, expect, it } from "vitest";
import { readCookie } from "../auth/anonymous";
import { createTRPCContext } from "../trpc/init";

describe("cookies the page can write", () => {
  it("a malformed percent-encoding is no cookie, not an exception (it made every tRPC call a 500)", async () => {
    expect(readCookie("kassa_locale=%; other=1", "kassa_locale")).toBeNull();
    expect(readCookie("kassa_locale=de", "kassa_locale")).toBe("de");
    const ctx = await createTRPCContext({ headers: new Headers({ cookie: "kassa_locale=%E0%A4%A; kassa_anon=%" }), session: null });
    expect(ctx.locale).toBe("en");
  });
});
