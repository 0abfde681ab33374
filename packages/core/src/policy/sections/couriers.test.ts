import { Either } from "effect";
import { describe, expect, it } from "vitest";
import { parsePolicy } from "../parse.js";
import { jinshanPolicy } from "../schema.js";

const problemsOf = (document: unknown) => {
  const result = parsePolicy(document);
  expect(Either.isLeft(result)).toBe(true);
  if (Either.isRight(result)) return [];
  expect(result.left.code).toBe("policy.invalid");
  return result.left.problems;
};

describe("the couriers policy", () => {
  it("defaults to the Jinshan programme: consent before verification, self-registration, erasure on request", () => {
    const couriers = jinshanPolicy().couriers;
    expect(couriers).toEqual({ consentRequiredForVerification: true, selfRegistration: true });
    expect(couriers.erasureAfterConsentWithdrawnDays).toBeUndefined();
  });

  it("takes a grace period after which a withdrawn consent erases the personal data", () => {
    const result = parsePolicy(`
couriers:
  erasureAfterConsentWithdrawnDays: 30
`);
    if (Either.isLeft(result)) throw new Error(result.left.text.en);
    expect(result.right.couriers.erasureAfterConsentWithdrawnDays).toBe(30);
    const atOnce = parsePolicy({ couriers: { erasureAfterConsentWithdrawnDays: 0 } });
    expect(Either.isRight(atOnce) && atOnce.right.couriers.erasureAfterConsentWithdrawnDays).toBe(
      0,
    );
  });

  it.each([
    ["a negative number", -1],
    ["a fraction", 1.5],
    ["more than ten years", 3_651],
    ["a text", "30"],
  ])("refuses %s as the grace period, naming the field in both languages", (_name, days) => {
    const problems = problemsOf({ couriers: { erasureAfterConsentWithdrawnDays: days } });
    expect(problems.map((problem) => problem.field)).toEqual([
      "couriers.erasureAfterConsentWithdrawnDays",
    ]);
    expect(problems[0]?.message["zh-CN"]).not.toBe("");
    expect(problems[0]?.message.en).not.toBe("");
  });
});
