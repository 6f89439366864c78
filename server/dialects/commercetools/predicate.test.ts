import { describe, expect, it } from "vitest";
import { parsePredicate, printPredicate, PredicateError, type Predicate, type Value } from "./predicate";

describe("commercetools query predicates: parser", () => {
  it("parses comparisons, boolean logic, nesting, in, is defined, variables", () => {
    expect(parsePredicate('amountPlanned(centAmount > 1000) and paymentMethodInfo(method = "card")')).toEqual({
      type: "and",
      items: [
        { type: "nested", field: "amountPlanned", inner: { type: "compare", field: "centAmount", op: ">", value: { kind: "number", value: 1000, raw: "1000" } } },
        { type: "nested", field: "paymentMethodInfo", inner: { type: "compare", field: "method", op: "=", value: { kind: "string", value: "card" } } },
      ],
    });
    expect(parsePredicate("a = 1 or b = 2 and c = 3")).toMatchObject({ type: "or", items: [{ field: "a" }, { type: "and" }] });
    expect(parsePredicate("not(key is defined)")).toEqual({ type: "not", item: { type: "defined", field: "key", negate: false } });
    expect(parsePredicate("key is not defined")).toEqual({ type: "defined", field: "key", negate: true });
    expect(parsePredicate("transactions is empty")).toEqual({ type: "empty", field: "transactions", negate: false });
    expect(parsePredicate('id in ("a", "b")')).toEqual({ type: "in", field: "id", negate: false, values: [{ kind: "string", value: "a" }, { kind: "string", value: "b" }] });
    expect(parsePredicate('id not in ("a")')).toMatchObject({ type: "in", negate: true });
    expect(parsePredicate("version <> 2")).toMatchObject({ op: "!=" });
    expect(parsePredicate('key = "say \\"hi\\""')).toMatchObject({ value: { kind: "string", value: 'say "hi"' } });
    expect(parsePredicate("amountPlanned(centAmount >= :min)", { min: "500" })).toMatchObject({ inner: { value: { kind: "number", value: 500 } } });
    expect(parsePredicate("id in :ids", { ids: ["x", "y"] }).type).toBe("in");
  });

  it("refuses malformed predicates with a position", () => {
    for (const bad of ["", "a =", "a = = 1", "(a = 1", "a = 1)", 'a = "open', "a ~ 1", "a in (1,", "a is maybe", "a = :nope", "and = 1 or", "a = 1 b = 2", "1 = a", "a = 1.2.3"]) {
      expect(() => parsePredicate(bad), bad).toThrow(PredicateError);
    }
    expect(() => parsePredicate("a(".repeat(100) + "b = 1" + ")".repeat(100))).toThrow(/nested too deeply/);
  });

  it("round-trips random predicates: parse(print(p)) == p", () => {
    let seed = 42;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const fields = ["id", "key", "version", "anonymousId", "createdAt"];
    const value = (): Value =>
      rnd(3) === 0 ? { kind: "number", value: rnd(10000), raw: "" } : rnd(2) ? { kind: "string", value: `v${rnd(100)} "q" \\ x` } : { kind: "boolean", value: !!rnd(2) };
    const fixRaw = (v: Value): Value => (v.kind === "number" ? { ...v, raw: String(v.value) } : v);
    const gen = (depth: number): Predicate => {
      const k = depth > 3 ? rnd(4) + 3 : rnd(9);
      const field = fields[rnd(fields.length)]!;
      switch (k) {
        case 0:
          return { type: "and", items: [gen(depth + 1), gen(depth + 1)] };
        case 1:
          return { type: "or", items: [gen(depth + 1), gen(depth + 1)] };
        case 2:
          return { type: "not", item: gen(depth + 1) };
        case 3:
          return { type: "compare", field, op: (["=", "!=", ">", "<", ">=", "<="] as const)[rnd(6)]!, value: fixRaw(value()) };
        case 4:
          return { type: "in", field, negate: !!rnd(2), values: [fixRaw(value()), fixRaw(value())] };
        case 5:
          return { type: "defined", field, negate: !!rnd(2) };
        case 6:
          return { type: "empty", field, negate: !!rnd(2) };
        case 7:
          return { type: "nested", field, inner: gen(depth + 1) };
        default:
          return { type: "contains", field, mode: rnd(2) ? "any" : "all", values: [fixRaw(value())] };
      }
    };
    for (let i = 0; i < 500; i++) {
      const p = gen(0);
      expect(parsePredicate(printPredicate(p))).toEqual(p);
    }
  });
});
