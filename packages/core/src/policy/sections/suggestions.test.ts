import { Either } from "effect";
import { describe, expect, it } from "vitest";
import { parsePolicy } from "../parse.js";
import { jinshanPolicy } from "../schema.js";

describe("the suggestions section of the policy", () => {
  it("defaults to the Jinshan programme's topics and rules", () => {
    const suggestions = jinshanPolicy().suggestions;
    expect(suggestions.topics.map((topic) => topic.id)).toEqual([
      "station-services",
      "safety-and-rights",
      "community-governance",
      "platform-and-work",
      "other",
    ]);
    expect(suggestions).toMatchObject({
      maxTextLength: 2_000,
      maxResponseLength: 2_000,
      firstResponseDays: 7,
    });
  });

  it("accepts a community's own topics and response target", () => {
    const result = parsePolicy({
      suggestions: {
        topics: [{ id: "canteen", name: { "zh-CN": "爱心食堂", en: "Canteen" } }],
        firstResponseDays: 3,
      },
    });
    expect(Either.isRight(result)).toBe(true);
    if (Either.isLeft(result)) return;
    expect(result.right.suggestions.topics.map((topic) => topic.id)).toEqual(["canteen"]);
    expect(result.right.suggestions.firstResponseDays).toBe(3);
  });

  it("refuses repeated topics, no topics and out-of-range settings, with both languages", () => {
    const topic = { id: "other", name: { "zh-CN": "其他", en: "Other" } };
    const repeated = parsePolicy({ suggestions: { topics: [topic, topic], maxTextLength: 5 } });
    expect(Either.isLeft(repeated)).toBe(true);
    if (Either.isRight(repeated)) return;
    expect(repeated.left.problems.map((problem) => problem.field)).toEqual(
      expect.arrayContaining(["suggestions.topics", "suggestions.maxTextLength"]),
    );
    const topicProblem = repeated.left.problems.find(
      (problem) => problem.field === "suggestions.topics",
    );
    expect(topicProblem?.message["zh-CN"]).toBe("主题标识不能重复");
    const none = parsePolicy({ suggestions: { topics: [], firstResponseDays: 0 } });
    expect(Either.isLeft(none)).toBe(true);
  });
});
