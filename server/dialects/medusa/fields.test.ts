import { describe, expect, it } from "vitest";
import { project, resolveFields } from "./fields";

const defaults = ["id", "currency_code", "amount", "*payment_sessions"];
const full = {
  id: "paycol_1",
  currency_code: "usd",
  amount: 15,
  status: "not_paid",
  payment_sessions: [{ id: "payses_1", amount: 15, provider_id: "pp_system_default", data: {} }],
};

describe("Medusa fields grammar", () => {
  it("uses the defaults without a fields parameter", () => {
    expect(project(full, resolveFields(null, defaults))).toEqual({ id: "paycol_1", currency_code: "usd", amount: 15, payment_sessions: full.payment_sessions });
  });
  it("+field adds, -field removes, *relation includes a relation", () => {
    expect(project(full, resolveFields("+status", defaults))).toEqual({ ...project(full, resolveFields(null, defaults)), status: "not_paid" });
    expect(project(full, resolveFields("-payment_sessions", defaults))).toEqual({ id: "paycol_1", currency_code: "usd", amount: 15 });
    expect(project(full, resolveFields("-amount,-payment_sessions,*payment_sessions", defaults))).toEqual({ id: "paycol_1", currency_code: "usd", payment_sessions: full.payment_sessions });
  });
  it("a plain list replaces the defaults (id is always kept) and reaches into relations", () => {
    expect(project(full, resolveFields("amount,payment_sessions.provider_id", defaults))).toEqual({ id: "paycol_1", amount: 15, payment_sessions: [{ provider_id: "pp_system_default" }] });
  });
  it("refuses fields the resource does not have", () => {
    expect(() => project(full, resolveFields("+nope,+payment_sessions.bad", defaults))).toThrow(
      expect.objectContaining({ code: "validation", message: "Requested fields [nope, payment_sessions.bad] are not valid" }),
    );
  });
});
