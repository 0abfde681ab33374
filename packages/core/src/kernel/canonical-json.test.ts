import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalJson, firstDifference } from "./canonical-json.js";

/** The same value with the keys of every object in another order. */
const shuffled = (value: unknown, seed: number): unknown => {
  if (Array.isArray(value)) return value.map((entry, index) => shuffled(entry, seed + index));
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value);
    const rotation = entries.length === 0 ? 0 : seed % entries.length;
    const reordered = [...entries.slice(rotation), ...entries.slice(0, rotation)].reverse();
    return Object.fromEntries(reordered.map(([key, entry]) => [key, shuffled(entry, seed + 1)]));
  }
  return value;
};

describe("canonicalJson", () => {
  it("sorts keys at every depth", () => {
    expect(canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] })).toBe('{"a":[2,{"c":4,"d":3}],"b":1}');
  });

  it("leaves out undefined fields, as JSON does", () => {
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
  });

  it("never changes with the order keys were written in", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.nat(), (value, seed) => {
        expect(canonicalJson(shuffled(value, seed))).toBe(canonicalJson(value));
      }),
    );
  });

  it("reads back as the same value", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(canonicalJson(JSON.parse(canonicalJson(value)))).toBe(canonicalJson(value));
      }),
    );
  });
});

describe("firstDifference", () => {
  it("names the first differing path", () => {
    expect(firstDifference({ data: { amount: 5 } }, { data: { amount: 6 } })).toBe("data.amount");
    expect(firstDifference({ items: [1, 2, 3] }, { items: [1, 2, 4] })).toBe("items.2");
    expect(firstDifference({ a: 1 }, { a: 1, b: 2 })).toBe("b");
    expect(firstDifference(1, 2)).toBe("");
    expect(firstDifference({ a: [] }, { a: {} })).toBe("a");
  });

  it("names the first index where arrays of different lengths part", () => {
    expect(firstDifference([1, 2], [1, 2, 3])).toBe("2");
    expect(firstDifference({ list: [null] }, { list: [] })).toBe("list.0");
  });

  it("is undefined for equal values, whatever their key order", () => {
    expect(firstDifference({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBeUndefined();
  });

  it("treats 0 and -0 as equal, as JSON does", () => {
    expect(firstDifference({ amount: 0 }, { amount: -0 })).toBeUndefined();
  });

  it("is undefined exactly when the canonical texts are equal", () => {
    const values = fc.jsonValue({ maxDepth: 3 });
    fc.assert(
      fc.property(values, values, (a, b) => {
        const equal = canonicalJson(a) === canonicalJson(b);
        expect(firstDifference(a, b) === undefined).toBe(equal);
      }),
    );
    // Near misses: a value against a copy with one leaf changed.
    fc.assert(
      fc.property(values, fc.nat(), (value, seed) => {
        const copy = shuffled(value, seed);
        expect(firstDifference(value, copy)).toBeUndefined();
        const changed = { wrapper: value, extra: seed };
        expect(firstDifference({ wrapper: value, extra: seed + 1 }, changed)).toBe("extra");
      }),
    );
  });
});

describe("firstDifference beyond JSON", () => {
  it("tells an array holding undefined from a shorter one, as canonicalJson does", () => {
    expect(canonicalJson([undefined])).not.toBe(canonicalJson([]));
    expect(firstDifference([undefined], [])).toBe("0");
  });
});
