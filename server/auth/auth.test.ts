import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../db";
import { testDatabases, uniqueEmail } from "../test/db";
import { customerService, signInWithPassword } from "./credentials";
import { createTokenService } from "./tokens";
import { isPaymentError } from "../core/errors";
import { signInPolicy } from "./throttle";

for (const target of testDatabases()) {
  describe(`auth on the ${target.name} database`, () => {
    let h: DbHandle;
    beforeAll(async () => {
      h = await target.open();
    });
    afterAll(() => h.close());

    it("registers with an argon2id hash and refuses a duplicate email (any case)", async () => {
      const email = uniqueEmail("reg");
      const c = await customerService(h.db).register({ email, password: "correct horse" });
      const row = await h.db.customer.findUniqueOrThrow({ where: { id: c.id } });
      expect(row.passwordHash.startsWith("$argon2id$")).toBe(true);
      await expect(customerService(h.db).register({ email: email.toUpperCase(), password: "another one" })).rejects.toMatchObject({ code: "conflict" });
    });

    it("refuses weak input with validation codes", async () => {
      await expect(customerService(h.db).register({ email: "not-an-email", password: "long enough" })).rejects.toMatchObject({ code: "validation", details: { field: "email" } });
      await expect(customerService(h.db).register({ email: uniqueEmail(), password: "short" })).rejects.toMatchObject({ code: "validation", details: { field: "password" } });
    });

    it("signs in with the right password only, and locks the email after repeated failures", async () => {
      const email = uniqueEmail("lock");
      await customerService(h.db).register({ email, password: "right password" });
      expect((await signInWithPassword(h.db, email, "right password"))?.email).toBe(email);
      for (let i = 0; i < signInPolicy.maxFailures; i++) expect(await signInWithPassword(h.db, email, "wrong password")).toBeNull();
      const err = await signInWithPassword(h.db, email, "right password").catch((e) => e);
      expect(isPaymentError(err) && err.code).toBe("rate_limited");
      expect((err as { details: { retryAfter: number } }).details.retryAfter).toBeGreaterThan(0);
    });

    it("issues opaque tokens stored only as hashes, scoped by audience, kind, expiry and revocation", async () => {
      const c = await customerService(h.db).register({ email: uniqueEmail("tok"), password: "token password" });
      let clock = new Date("2026-01-01T00:00:00Z");
      const tokens = createTokenService({ db: h.db, now: () => clock });
      const t = await tokens.issue({ subject: { type: "customer", customerId: c.id }, audience: "magento", scopes: ["a"], ttlSeconds: 60 });
      const row = await h.db.accessToken.findUniqueOrThrow({ where: { id: t.id } });
      expect(row.tokenHash).not.toContain(t.token);
      expect(JSON.stringify(row)).not.toContain(t.token);
      expect((await tokens.verify(t.token, { audience: "magento" }))?.subject).toEqual({ type: "customer", customerId: c.id });
      expect(await tokens.verify(t.token, { audience: "shop" })).toBeNull();
      expect(await tokens.verify(t.token, { kind: "refresh" })).toBeNull();
      expect(await tokens.verify(t.token + "x")).toBeNull();
      clock = new Date(clock.getTime() + 61_000);
      expect(await tokens.verify(t.token)).toBeNull();
      clock = new Date("2026-01-01T00:00:00Z");
      expect(await tokens.revoke(t.token)).toBe(true);
      expect(await tokens.verify(t.token)).toBeNull();
      const anon = await tokens.issue({ subject: { type: "anonymous", anonymousId: "anon-1" }, audience: "commercetools", ttlSeconds: 60 });
      expect((await tokens.verify(anon.token))?.subject).toEqual({ type: "anonymous", anonymousId: "anon-1" });
    });
  });
}
