import { describe, expect, it } from "vitest";
import { PaymentError } from "../core/errors";
import { asUnavailable, isDatabaseUnavailable } from "./unavailable";

describe("isDatabaseUnavailable", () => {
  it("recognises a lost or unreachable server in the shapes pg, the driver adapter and Prisma give it", () => {
    const cases: unknown[] = [
      Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }),
      new Error("Connection terminated unexpectedly"),
      Object.assign(new Error("ConnectionClosed"), { cause: { kind: "ConnectionClosed" } }),
      Object.assign(new Error("Invalid `db.cart.findFirst()` invocation: Database error. Code: `57P01`. Message: `terminating connection due to administrator command`"), { code: "P2010" }),
      Object.assign(new Error("x"), { code: "P1001" }),
      Object.assign(new Error("wrapped"), { cause: Object.assign(new Error("the database system is starting up"), { code: "57P03" }) }),
    ];
    for (const e of cases) expect(isDatabaseUnavailable(e), String(e)).toBe(true);
    expect((asUnavailable(cases[0]) as PaymentError).code).toBe("service_unavailable");
  });

  it("leaves every other error alone", () => {
    const cases: unknown[] = [
      Object.assign(new Error("Unique constraint failed"), { code: "P2002" }),
      new PaymentError("not_found", "Cart id not found: cart_x"),
      new TypeError("Cannot read properties of undefined"),
      Object.assign(new Error("duplicate key"), { cause: { kind: "UniqueConstraintViolation" } }),
      null,
      "Connection terminated", // not an error object
    ];
    for (const e of cases) expect(isDatabaseUnavailable(e), String(e)).toBe(false);
    const e = new TypeError("boom");
    expect(asUnavailable(e)).toBe(e);
  });
});
