// ARCHITECTURE "Rules of the house": the dialects, the tRPC routers and webhook intake (and the pages and API reference
// over them) reach the ledger only through server/core verbs and server/auth services. This reads their source and
// fails on any direct use of a Prisma model delegate (`ctx.db.cart.findUnique(…)`, `tx.payment.update(…)`) or of the
// client's raw and transaction methods (`$queryRaw`, `$transaction`, …). Tests are not scanned.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { directDatabaseUses, sourceFiles } from "./source-scan";

const SCANNED = ["server/dialects", "server/trpc", "server/webhooks", "server/reference", "app"];

describe("the dialects reach the database only through core verbs and auth services", () => {
  const files = SCANNED.flatMap((d) => sourceFiles(d));

  it("scans the dialects, the routers and webhook intake", () => {
    for (const f of ["server/dialects/shop/handlers.ts", "server/dialects/medusa/handlers.ts", "server/trpc/routers/checkout.ts", "server/webhooks/stripe.ts"]) {
      expect(files).toContain(f);
    }
  });

  it("recognises a direct use when it sees one (so finding none means something)", () => {
    const sample = [
      "const r = await ctx.db.region.findFirst({ where: { currency } });",
      "await getDb().$queryRaw`SELECT 1`;",
      "await tx.oAuthClient.findUnique({ where: { clientId } });",
      "// ctx.db.cart.findUnique in a comment is not a use",
      'const s = "db.customer.findUnique";',
      "await ctx.kassa.carts.create(actor, {}); await ctx.kassa.lookups.cartOwner(id); codec.cart(c);",
    ].join("\n");
    expect(directDatabaseUses("sample.ts", sample).map((u) => u.split("  ")[0])).toEqual(["sample.ts:1", "sample.ts:2", "sample.ts:3"]);
  });

  it("no dialect, router, webhook, page or reference file uses a Prisma model delegate or a raw query", () => {
    const uses = files.flatMap((f) => directDatabaseUses(f, readFileSync(f, "utf8")));
    expect(uses, "move these reads and writes behind a server/core verb or a server/auth service").toEqual([]);
  });
});
