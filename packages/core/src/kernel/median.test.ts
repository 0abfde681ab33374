import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { medianOf } from "./median.js";

describe("medianOf", () => {
  it("takes the middle value, or the mean of the middle two, whatever the order", () => {
    expect(medianOf([3, 1, 2])).toBe(2);
    expect(medianOf([4, 1, 2, 3])).toBe(2.5);
    // One very slow case moves an average a long way, the median not at all.
    expect(medianOf([1, 1, 1, 1_000])).toBe(1);
  });

  it("has no median of nothing", () => {
    expect(medianOf([])).toBeUndefined();
  });

  it("lies between the smallest and the largest value", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1 }), (values) => {
        const median = medianOf(values) ?? Number.NaN;
        expect(median).toBeGreaterThanOrEqual(Math.min(...values));
        expect(median).toBeLessThanOrEqual(Math.max(...values));
      }),
    );
  });
});
