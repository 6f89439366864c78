// Named prepared statements on PostgreSQL: each query shape is parsed and planned once per connection.
import { describe, expect, inject, it } from "vitest";
import { openDatabase, statementName } from ".";

const url = inject("postgresUrl");

describe("prepared statement names", () => {
  it("name one SQL text always the same way, distinct texts distinctly, within PostgreSQL's 63-byte limit", () => {
    const a = statementName({ sql: 'SELECT 1 FROM "Cart" WHERE id = $1' });
    expect(statementName({ sql: 'SELECT 1 FROM "Cart" WHERE id = $1' })).toBe(a);
    expect(statementName({ sql: 'SELECT 1 FROM "Cart" WHERE id = $2' })).not.toBe(a);
    expect(a).toMatch(/^kassa_[A-Za-z0-9_-]{32}$/);
  });

  it.runIf(!!url)("are what the server keeps for the connection, and none when turned off", async () => {
    const names = async (preparedStatements: boolean) => {
      const h = openDatabase({ url: url!, poolMax: 1, preparedStatements });
      try {
        await h.db.region.findMany({ where: { id: "reg_none" }, include: { carts: { take: 1 } } });
        await h.db.region.findMany({ where: { id: "reg_other" }, include: { carts: { take: 1 } } }); // same shape: reused
        const rows = await h.db.$queryRaw<{ name: string }[]>`SELECT name FROM pg_prepared_statements`;
        return rows.map((r) => r.name);
      } finally {
        await h.close();
      }
    };
    const on = await names(true);
    // two region reads of one shape share a statement; the other is this catalog query
    expect(on).toHaveLength(2);
    expect(on.every((n) => n.startsWith("kassa_"))).toBe(true);
    expect(await names(false)).toEqual([]);
  });
});
