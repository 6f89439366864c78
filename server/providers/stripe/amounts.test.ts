import { describe, expect, it } from "vitest";
import { money } from "../../core/money";
import { fromStripeAmount, toStripeAmount } from "./amounts";

describe("Stripe amounts", () => {
  it("passes two-decimal and zero-decimal currencies through", () => {
    expect(toStripeAmount(money(11200, "USD"))).toBe(11200);
    expect(toStripeAmount(money(4200, "JPY"))).toBe(4200);
    expect(fromStripeAmount(4200, "jpy")).toBe(4200);
  });
  it("requires three-decimal amounts to end in 0, as Stripe does", () => {
    expect(toStripeAmount(money(5120, "KWD"))).toBe(5120);
    expect(() => toStripeAmount(money(5125, "KWD"))).toThrow(expect.objectContaining({ code: "validation" }));
  });
  it("uses Stripe's two-decimal ISK (whole krónur), and whole units where Stripe has fewer digits than ISO", () => {
    expect(toStripeAmount(money(490, "ISK"))).toBe(49000);
    expect(fromStripeAmount(49000, "isk")).toBe(490);
    expect(toStripeAmount(money(1500, "MGA"))).toBe(15); // ISO 2 digits, Stripe zero-decimal
    expect(() => toStripeAmount(money(1550, "MGA"))).toThrow(expect.objectContaining({ code: "validation" }));
    expect(fromStripeAmount(15, "mga")).toBe(1500);
  });
});
