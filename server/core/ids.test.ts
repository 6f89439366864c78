import { describe, it, expect } from "vitest";
import { ID_PREFIXES, createIdGenerator, isId, newId } from "./ids";

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

describe("newId", () => {
  it("prefixes a 26-char Crockford base32 ULID", () => {
    for (const prefix of Object.values(ID_PREFIXES)) {
      const id = newId(prefix);
      expect(id.startsWith(`${prefix}_`)).toBe(true);
      const ulid = id.slice(prefix.length + 1);
      expect(ulid).toHaveLength(26);
      expect(ulid).toMatch(ULID);
      expect(isId(id, prefix)).toBe(true);
    }
  });

  it("sorts in generation order and never repeats in a tight loop", () => {
    const ids = Array.from({ length: 20_000 }, () => newId("pay"));
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });

  it("encodes the clock in the first 10 chars", () => {
    const next = createIdGenerator(() => 0);
    expect(next("evt").slice(4, 14)).toBe("0000000000");
    const later = createIdGenerator(() => 1_469_918_176_385);
    expect(later("evt").slice(4, 14)).toBe("01ARYZ6S41"); // the ULID spec's example timestamp
  });
});

describe("createIdGenerator", () => {
  it("increments the random part within one millisecond", () => {
    const next = createIdGenerator(
      () => 1_700_000_000_000,
      (bytes) => bytes.fill(0),
    );
    const a = next("ord");
    const b = next("ord");
    expect(a.slice(-16)).toBe("0000000000000000");
    expect(b.slice(-16)).toBe("0000000000000001");
    expect(b > a).toBe(true);
  });

  it("carries on overflow of a digit", () => {
    const next = createIdGenerator(
      () => 5,
      (bytes) => bytes.fill(31),
    );
    const a = next("ord");
    const b = next("ord");
    expect(a.slice(-16)).toBe("ZZZZZZZZZZZZZZZZ");
    expect(b > a).toBe(true); // moved to the next millisecond
    expect(b.slice(4, 14)).toBe("0000000006");
  });

  it("stays monotonic when the clock steps back", () => {
    let now = 2_000_000;
    const next = createIdGenerator(() => now);
    const ids: string[] = [];
    for (let i = 0; i < 1000; i++) {
      now += i % 3 === 0 ? -5 : 2;
      ids.push(next("txn"));
    }
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("sorts across milliseconds by time", () => {
    let now = 1_000;
    const next = createIdGenerator(() => now);
    const first = next("cart");
    now = 1_001;
    expect(next("cart") > first).toBe(true);
  });

  it("rejects an out-of-range clock", () => {
    expect(() => createIdGenerator(() => -1)("cart")).toThrow(RangeError);
    expect(() => createIdGenerator(() => 2 ** 48)("cart")).toThrow(RangeError);
    expect(() => createIdGenerator(() => NaN)("cart")).toThrow(RangeError);
  });
});

describe("isId", () => {
  it("checks shape and prefix", () => {
    const id = newId("cus");
    expect(isId(id)).toBe(true);
    expect(isId(id, "cus")).toBe(true);
    expect(isId(id, "ord")).toBe(false);
    expect(isId("cus_123")).toBe(false);
    expect(isId(`nope_${id.slice(4)}`)).toBe(false);
    expect(isId(id.toLowerCase())).toBe(false);
    expect(isId(42)).toBe(false);
  });
});
