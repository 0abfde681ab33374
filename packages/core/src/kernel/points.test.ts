import { Either } from "effect";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addPoints, Points, toPoints, ZERO_POINTS } from "./points.js";

const refusal = (value: unknown) => {
  const result = toPoints(value);
  if (Either.isRight(result)) throw new Error("expected a refusal");
  expect(result.left.code).toBe("points.invalid_amount");
  expect(result.left._tag).toBe("InvalidPoints");
  expect(result.left.text["zh-CN"].length).toBeGreaterThan(0);
  expect(result.left.text.en.length).toBeGreaterThan(0);
  return result.left;
};

describe("toPoints", () => {
  it("accepts a non-negative safe integer", () => {
    expect(toPoints(30)).toEqual(Either.right(30));
    expect(toPoints(0)).toEqual(Either.right(0));
    expect(toPoints(Number.MAX_SAFE_INTEGER)).toEqual(Either.right(Number.MAX_SAFE_INTEGER));
  });

  it("accepts every safe non-negative integer", () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), (value) => {
        expect(toPoints(value)).toEqual(Either.right(value));
      }),
    );
  });

  it.each([
    ["a negative amount", -1, "-1"],
    ["a fraction", 1.5, "1.5"],
    ["more than 2^53 - 1", Number.MAX_SAFE_INTEGER + 1, String(Number.MAX_SAFE_INTEGER + 1)],
    ["NaN", Number.NaN, "NaN"],
    ["Infinity", Number.POSITIVE_INFINITY, "Infinity"],
    ["a numeric string", "30", '"30"'],
    ["a bigint", 30n, "30n"],
    ["null", null, "object"],
    ["undefined", undefined, "undefined"],
  ])("refuses %s, saying what it received", (_name, value, received) => {
    const error = refusal(value);
    expect(error.received).toBe(received);
    expect(error.text.en).toContain(received);
  });

  it("does not echo a long string in full", () => {
    expect(refusal("9".repeat(100)).received.length).toBeLessThanOrEqual(34);
  });
});

describe("addPoints", () => {
  it("adds exactly", () => {
    const a = Points.parse(30);
    expect(addPoints(a, ZERO_POINTS)).toEqual(Either.right(30));
    expect(addPoints(a, Points.parse(12))).toEqual(Either.right(42));
  });

  it("refuses a sum beyond 2^53 - 1", () => {
    const result = addPoints(Points.parse(Number.MAX_SAFE_INTEGER), Points.parse(1));
    expect(Either.isLeft(result) && result.left.code).toBe("points.invalid_amount");
  });
});

describe("Points schema", () => {
  it("refuses what toPoints refuses, with a bilingual message for fractions", () => {
    expect(Points.safeParse(-1).success).toBe(false);
    expect(Points.safeParse(0.5).success).toBe(false);
    expect(Points.safeParse(2 ** 53).success).toBe(false);
    expect(Points.safeParse("5").success).toBe(false);
  });
});
