import { describe, expect, it } from "vitest";
import { closestName, unknownNameText } from "./closest-name.js";

const kinds = ["volunteering", "learning-session", "community-event", "merchant-event"];

describe("closestName", () => {
  it.each([
    ["volunteerin", "volunteering"],
    ["Volunteering", "volunteering"],
    ["learning_session", "learning-session"],
    ["comunity-event", "community-event"],
    ["merchant-evnet", "merchant-event"],
  ])("suggests %s → %s", (name, closest) => {
    expect(closestName(name, kinds)).toBe(closest);
  });

  it.each(["gardening", "x", "event"])("suggests nothing for %s, which is no typo", (name) => {
    expect(closestName(name, kinds)).toBeUndefined();
  });

  it("gives a tie to the earlier name, and compares nothing longer than an id", () => {
    expect(closestName("ab", ["ac", "ad"])).toBe("ac");
    expect(closestName("a".repeat(65), ["a".repeat(64)])).toBeUndefined();
  });
});

describe("unknownNameText", () => {
  const kind = { zhCN: "活动类型", en: "an activity kind" };

  it("suggests the closest name in both languages", () => {
    expect(unknownNameText(kind, "volunteerin", kinds)).toEqual({
      "zh-CN": "没有这种活动类型；是否为“volunteering”？",
      en: 'not an activity kind; did you mean "volunteering"?',
    });
  });

  it("lists the names there are when none is close, at most ten", () => {
    const many = Array.from({ length: 12 }, (_, index) => `category-${index}`);
    const text = unknownNameText(kind, "zzz", many);
    expect(text.en).toBe(`not an activity kind; one of: ${many.slice(0, 10).join(", ")}…`);
    expect(text["zh-CN"]).toBe(`没有这种活动类型；可用的有：${many.slice(0, 10).join("、")}…`);
  });
});
