import { Either } from "effect";
import { describe, expect, it } from "vitest";
import { parsePolicy } from "../parse.js";
import { jinshanPolicy } from "../schema.js";

const campaign = {
  id: "river-week",
  name: { "zh-CN": "护河周", en: "River week" },
  from: "2026-06-01T00:00:00+08:00",
  to: "2026-06-08T00:00:00+08:00",
  multiplierPercent: 200,
  reasons: ["patrol", "report"],
};

const problemsOf = (document: unknown) => {
  const result = parsePolicy(document);
  expect(Either.isLeft(result)).toBe(true);
  if (Either.isRight(result)) return [];
  expect(result.left.code).toBe("policy.invalid");
  expect(result.left.text["zh-CN"]).not.toBe("");
  expect(result.left.text.en).not.toBe("");
  return result.left.problems;
};

describe("the points policy", () => {
  it("defaults to the Jinshan programme", () => {
    const points = jinshanPolicy().points;
    expect(points).toEqual({
      welcome: 10,
      participation: { mode: "flat", flat: 10, perHour: 5, byKind: {} },
      reportVerified: { default: 5, byCategory: {} },
      suggestionAdopted: 20,
      patrolCompleted: 5,
      caps: { perDay: 50, perWeek: 200, perMonth: 500 },
      campaigns: [],
    });
    expect(points.expiryMonths).toBeUndefined();
  });

  it("takes campaigns, points by activity kind and an expiry", () => {
    const result = parsePolicy(`
points:
  participation:
    byKind:
      learning-session: 3
  campaigns:
    - id: river-week
      name: { zh-CN: 护河周, en: River week }
      from: "2026-06-01T00:00:00+08:00"
      to: "2026-06-08T00:00:00+08:00"
      multiplierPercent: 150
      reasons: [patrol]
      activityKinds: [volunteering]
  expiryMonths: 12
`);
    expect(Either.isRight(result)).toBe(true);
    if (Either.isLeft(result)) return;
    expect(result.right.points.participation.byKind).toEqual({ "learning-session": 3 });
    expect(result.right.points.expiryMonths).toBe(12);
    expect(result.right.points.campaigns[0]).toMatchObject({
      from: "2026-05-31T16:00:00.000Z",
      to: "2026-06-07T16:00:00.000Z",
      multiplierPercent: 150,
    });
  });

  it("refuses a campaign that ends before it starts, with both languages", () => {
    const problems = problemsOf({ points: { campaigns: [{ ...campaign, to: campaign.from }] } });
    expect(problems.map((problem) => problem.field)).toEqual(["points.campaigns.0"]);
    expect(problems[0]?.message["zh-CN"]).toContain("开始时间");
    expect(problems[0]?.message.en).toContain("before");
  });

  it("refuses a multiplier of 100 percent or less, and more than 1000", () => {
    expect(
      problemsOf({ points: { campaigns: [{ ...campaign, multiplierPercent: 100 }] } })[0]?.field,
    ).toBe("points.campaigns.0.multiplierPercent");
    expect(
      problemsOf({ points: { campaigns: [{ ...campaign, multiplierPercent: 1_001 }] } })[0]?.message
        .en,
    ).toContain("1000");
  });

  it("refuses campaigns with the same id", () => {
    const problems = problemsOf({ points: { campaigns: [campaign, campaign] } });
    expect(problems[0]?.field).toBe("points.campaigns");
    expect(problems[0]?.message["zh-CN"]).toContain("不能重复");
  });

  it("refuses a campaign for a reason it cannot boost, and a bad activity kind", () => {
    const problems = problemsOf({
      points: {
        campaigns: [{ ...campaign, reasons: ["campaign_bonus"], activityKinds: ["Volunteering"] }],
      },
    });
    expect(problems.map((problem) => problem.field).sort()).toEqual([
      "points.campaigns.0.activityKinds.0",
      "points.campaigns.0.reasons.0",
    ]);
  });

  it("refuses points for a report category id that cannot be one, saying so in both languages", () => {
    const problems = problemsOf({
      points: { reportVerified: { byCategory: { River_Patrol: 8 } } },
    });
    expect(problems.map((problem) => problem.field)).toEqual([
      "points.reportVerified.byCategory.River_Patrol",
    ]);
    expect(problems[0]?.message["zh-CN"]).toContain("类别标识");
    expect(problems[0]?.message.en).toContain("category id");
  });
});
