// The merchant CLI end to end on the embedded database: first owner (once), staff from standard input, keys created
// (secret once) that work at once and stop when revoked, and the CSV export, safe against formula injection.
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seed } from "../prisma/seed";
import type { DbHandle } from "./db";
import { embeddedTestDb } from "./test/db";
import { useTestDatabase } from "./test/app";
import { getKassa } from "./kassa";
import { runCli } from "./cli";
import { findApiKey, readApiKey } from "./auth/api-keys";
import { authenticateOAuthClient } from "./auth/oauth-clients";
import { safeCell } from "./console/csv";

describe("kassa CLI", () => {
  let h: DbHandle;
  beforeAll(async () => {
    h = await embeddedTestDb();
    useTestDatabase(h);
  });
  afterAll(async () => h?.close());

  async function cli(args: string[], stdin = "") {
    let out = "";
    let err = "";
    const writable = new PassThrough();
    writable.on("data", (c) => (out += c));
    const code = await runCli(args, { db: h.db, kassa: getKassa(), projectKey: "kassa-demo", io: { stdin: async () => stdin, stdout: (s) => (out += s), stderr: (s) => (err += s), writable } });
    return { code, out, err, json: () => JSON.parse(out) };
  }

  it("creates the first owner once, reading the password from standard input", async () => {
    const r = await cli(["staff:create-owner", "--email", "Owner@Shop.Test", "--password-stdin"], "correct horse battery\n");
    expect(r.code).toBe(0);
    expect(r.json()).toMatchObject({ email: "owner@shop.test", role: "owner", disabledAt: null });
    const again = await cli(["staff:create-owner", "--email", "second@shop.test", "--password-stdin"], "another long password\n");
    expect(again.code).toBe(1);
    expect(JSON.parse(again.err).error.code).toBe("conflict");
    // never from an argument
    const noStdin = await cli(["staff:create", "--role", "viewer", "--email", "v@shop.test"]);
    expect([noStdin.code, JSON.parse(noStdin.err).error.code]).toEqual([1, "validation"]);
    const viewer = await cli(["staff:create", "--role", "viewer", "--email", "v@shop.test", "--password-stdin"], "viewer password 123\n");
    expect(viewer.json()).toMatchObject({ email: "v@shop.test", role: "viewer" });
    expect((await cli(["staff:create", "--role", "owner", "--email", "o2@shop.test", "--password-stdin"], "x".repeat(20))).code).toBe(1);
    const audit = await h.db.auditEntry.findMany({ where: { action: "staff.create" }, orderBy: { createdAt: "asc" } });
    expect(audit.map((a) => [a.surface, a.outcome])).toEqual([["cli", "succeeded"], ["cli", "succeeded"]]);
    expect(audit[1]!.staffEmail).toMatch(/^cli:/);
  });

  it("creates keys that work at once, prints the secret once, and revokes them", async () => {
    const made = (await cli(["keys:create", "--kind", "medusa-publishable", "--name", "Web shop"])).json();
    expect(made.secret).toMatch(/^pk_/);
    expect(await findApiKey(h.db, made.secret, ["publishable"])).toMatchObject({ id: made.id });
    const listed = (await cli(["keys:list"])).json() as { id: string; secret?: string; redacted: string }[];
    expect(listed.find((k) => k.id === made.id)).toMatchObject({ redacted: expect.stringContaining("…") });
    expect(JSON.stringify(listed)).not.toContain(made.secret);
    expect((await cli(["keys:revoke", made.id])).json()).toMatchObject({ id: made.id, revokedAt: expect.any(String) });
    expect((await readApiKey(h.db, made.secret))?.revokedAt).toBeTruthy();

    const client = (await cli(["keys:create", "--kind", "commercetools-client", "--name", "ERP"])).json();
    expect(client.scopes).toEqual(["manage_my_payments:kassa-demo", "create_anonymous_token:kassa-demo"]);
    expect(await authenticateOAuthClient(h.db, client.clientId, client.secret)).toMatchObject({ clientId: client.clientId });
    await cli(["keys:revoke", client.id]);
    expect(await authenticateOAuthClient(h.db, client.clientId, client.secret)).toBeNull();

    const bad = await cli(["keys:create", "--kind", "root", "--name", "x"]);
    expect([bad.code, JSON.parse(bad.err).error.code]).toEqual([1, "validation"]);
    expect((await cli(["keys:revoke", "key_nope"])).code).toBe(1);
  });

  it("manages webhook endpoints: create prints the secret once, list hides it, disable and rotate", async () => {
    const made = await cli(["webhooks:create", "--url", "https://example.com/kassa", "--events", "order.paid,payment.captured"]);
    expect(made.code).toBe(0);
    const e = made.json();
    expect(e).toMatchObject({ id: expect.stringMatching(/^we_/), secret: expect.stringMatching(/^whsec_/), events: ["order.paid", "payment.captured"] });
    const listed = await cli(["webhooks:list"]);
    expect(listed.out).not.toContain(e.secret);
    expect(listed.json()).toEqual([expect.objectContaining({ id: e.id, enabled: true })]);
    const rotated = (await cli(["webhooks:rotate", e.id])).json();
    expect(rotated.secret).not.toBe(e.secret);
    expect((await h.db.webhookEndpoint.findUniqueOrThrow({ where: { id: e.id } })).previousSecret).toBe(e.secret);
    expect((await cli(["webhooks:disable", e.id])).json()).toMatchObject({ enabled: false });
    const bad = await cli(["webhooks:create", "--url", "http://10.0.0.5/x", "--events", "order.paid"]);
    expect([bad.code, JSON.parse(bad.err).error.code]).toEqual([1, "validation"]);
    const unknown = await cli(["webhooks:create", "--url", "https://example.com/k", "--events", "order.shipped"]);
    expect([unknown.code, JSON.parse(unknown.err).error.code]).toEqual([1, "validation"]);
  });

  it("exports payments as CSV, with formula-looking cells made inert", async () => {
    await seed(h.db);
    const k = getKassa();
    const actor = { type: "anonymous", anonymousId: "anon_cli_export_test_00000001" } as const;
    const region = await h.db.region.findFirstOrThrow({ where: { currency: "USD" } });
    const cart = await k.carts.create(actor, { regionId: region.id, email: "=HYPERLINK(\"http://evil\")@x.io" });
    await k.carts.addLine(cart.id, actor, { sku: "MUG-WHITE", quantity: 2 });
    await k.checkout.pay(cart.id, actor, { paymentData: { card: { number: "4242424242424242", expMonth: 12, expYear: 2040, cvc: "123" } } });
    const r = await cli(["payments:export", "--since", "2020-01-01"]);
    expect(r.code).toBe(0);
    const lines = r.out.trim().split("\r\n");
    expect(lines[0]).toBe("id,created_at,status,flag,currency,amount,authorized,captured,refunded,provider,source,customer_email,order_number");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(",captured,,USD,25.00,25.00,25.00,0.00,pp_kassa_test,checkout,");
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil"")@x.io"`);
    expect((await cli(["payments:export", "--since", "2999-01-01"])).out.trim().split("\r\n")).toHaveLength(1);
    expect(["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "plain"].map(safeCell)).toEqual(["'=1+1", "'+1", "'-1", "'@SUM(A1)", "'\tx", "plain"]);
  });
});
