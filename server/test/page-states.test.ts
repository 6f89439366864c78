// The pages' designed states tell an outage from a missing thing by the tRPC code (components/ui/errors.ts). With the
// database unreachable, the procedures the pages call answer SERVICE_UNAVAILABLE (the pages then render the 503 state);
// an unknown order answers NOT_FOUND (the pages call notFound()).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { errorCode, isNotFound, isUnavailable } from "../../components/ui/errors";
import { openDatabase, type DbHandle } from "../db";
import { createCaller } from "../trpc/root";
import { createTRPCContext } from "../trpc/init";
import { useTestDatabase } from "./app";

describe("page states from tRPC errors", () => {
  let h: DbHandle;
  beforeAll(() => {
    h = openDatabase({ url: "postgres://postgres@127.0.0.1:9/kassa_nowhere", poolMax: 1 }); // nothing listens on port 9
    useTestDatabase(h);
  });
  afterAll(() => h.close());

  const as = async (customerId: string | null) =>
    createCaller(await createTRPCContext({ headers: new Headers(), session: customerId ? { user: { id: customerId, email: "x" } } : null }));

  it("reads the code from the server's TRPCError and from the browser client's error data", () => {
    expect(isUnavailable(new TRPCError({ code: "SERVICE_UNAVAILABLE" }))).toBe(true);
    expect(isNotFound(new TRPCError({ code: "NOT_FOUND" }))).toBe(true);
    expect(isUnavailable({ message: "x", data: { code: "SERVICE_UNAVAILABLE", httpStatus: 503 } })).toBe(true);
    expect(errorCode(new Error("boom"))).toBeNull();
    expect(errorCode(null)).toBeNull();
  });

  it("with the database down, the catalog, the order and the account reads are 503s, not bugs or 404s", async () => {
    const guest = await as(null);
    const catalog = await guest.catalog.regions().catch((e: unknown) => e);
    expect(errorCode(catalog)).toBe("SERVICE_UNAVAILABLE");
    const customer = await as("cus_somebody");
    const reads = [() => customer.account.orders(), () => customer.account.order({ id: "ord_x" }), () => customer.orders.get({ id: "ord_x" }), () => customer.cart.get()];
    for (const read of reads) {
      const e = await read().then(() => null, (err: unknown) => err);
      expect(isUnavailable(e)).toBe(true);
      expect(isNotFound(e)).toBe(false);
    }
  });
});
