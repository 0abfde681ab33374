import { Either } from "effect";
import { describe, expect, it } from "vitest";
import { toPoints } from "./points.js";

describe("toPoints", () => {
  it("accepts a non-negative safe integer", () => {
    expect(toPoints(30)).toEqual(Either.right(30));
  });
});
