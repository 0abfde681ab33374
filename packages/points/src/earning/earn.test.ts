import {
  type CommunityPolicy,
  type CommunityPolicyInput,
  CommunityPolicy as PolicySchema,
} from "@courier-station/core";
import { describe, expect, it } from "vitest";
import { accountOf, courier, eid, ISSUANCE, instant, NOW } from "../testing/fixtures.js";
import { type EarningOutcome, earningTransferIdOf, pointsEarnedBy } from "./earn.js";
import { type EarnedSoFar, NOTHING_EARNED } from "./earned-so-far.js";
import { PointsTrigger } from "./triggers.js";

const policyOf = (input: CommunityPolicyInput = {}): CommunityPolicy => PolicySchema.parse(input);

const participation = (
  data: Partial<{
    activityKind: string;
    hours: number;
    pointsOverride: number | null;
    confirmedAt: string;
  }> = {},
) =>
  PointsTrigger.parse({
    id: "evt-p1",
    type: "ParticipationConfirmed",
    time: NOW,
    aggregate: "activity",
    data: {
      activityId: "act-1",
      courierId: "alice",
      activityKind: "volunteering",
      hours: 2,
      confirmedAt: NOW,
      ...data,
    },
  });

const reportVerified = (category: string) =>
  PointsTrigger.parse({
    id: "evt-r1",
    type: "ReportVerified",
    time: NOW,
    data: { reportId: "r-1", reporterId: "alice", category, verifiedAt: NOW },
  });

const transfersOf = (outcome: EarningOutcome) =>
  outcome.kind === "earned" ? outcome.transfers : [];
const awardedOf = (outcome: EarningOutcome) => (outcome.kind === "earned" ? outcome.awarded : 0);

describe("the base rules", () => {
  it("welcomes a verified courier, with an id derived from the event", () => {
    const outcome = pointsEarnedBy(
      PointsTrigger.parse({
        id: "evt-v1",
        type: "CourierVerified",
        time: NOW,
        data: {
          courierId: "alice",
          verifiedBy: "staff-1",
          verifiedAt: NOW,
          consentVersion: "2026-01",
        },
      }),
      policyOf(),
      NOTHING_EARNED,
    );
    expect(outcome).toMatchObject({
      kind: "earned",
      courierId: "alice",
      requested: 10,
      awarded: 10,
    });
    expect(transfersOf(outcome)).toEqual([
      {
        transferId: earningTransferIdOf(eid("evt-v1"), "welcome"),
        debitAccount: ISSUANCE,
        creditAccount: accountOf("alice"),
        amount: 10,
        reason: "welcome",
        reference: "evt-v1",
        earning: { rule: "welcome", trigger: "CourierVerified", earnedAt: NOW, requested: 10 },
      },
    ]);
  });

  it("earns flat points per participation by default", () => {
    expect(awardedOf(pointsEarnedBy(participation(), policyOf(), NOTHING_EARNED))).toBe(10);
  });

  it("earns per volunteer hour, to two decimals, rounded down", () => {
    const policy = policyOf({ points: { participation: { mode: "per-hour", perHour: 7 } } });
    expect(awardedOf(pointsEarnedBy(participation({ hours: 2.5 }), policy, NOTHING_EARNED))).toBe(
      17,
    );
    expect(awardedOf(pointsEarnedBy(participation({ hours: 0.29 }), policy, NOTHING_EARNED))).toBe(
      2,
    );
    expect(awardedOf(pointsEarnedBy(participation({ hours: 1.15 }), policy, NOTHING_EARNED))).toBe(
      8,
    );
  });

  it("prices activity kinds by the policy, and an activity's own points come first", () => {
    const policy = policyOf({ points: { participation: { byKind: { "learning-session": 3 } } } });
    expect(
      awardedOf(
        pointsEarnedBy(participation({ activityKind: "learning-session" }), policy, NOTHING_EARNED),
      ),
    ).toBe(3);
    expect(
      awardedOf(
        pointsEarnedBy(
          participation({ activityKind: "learning-session", pointsOverride: 25 }),
          policy,
          NOTHING_EARNED,
        ),
      ),
    ).toBe(25);
    expect(
      awardedOf(pointsEarnedBy(participation({ pointsOverride: null }), policy, NOTHING_EARNED)),
    ).toBe(10);
  });

  it("earns nothing where the rule gives nothing, and says so", () => {
    const policy = policyOf({ points: { participation: { byKind: { "merchant-event": 0 } } } });
    const outcome = pointsEarnedBy(
      participation({ activityKind: "merchant-event" }),
      policy,
      NOTHING_EARNED,
    );
    expect(outcome).toMatchObject({ kind: "not_earned", reason: "not_eligible", requested: 0 });
    expect(outcome.explanation["zh-CN"]).not.toBe("");
    expect(outcome.explanation.en).toContain("no points");
  });

  it("earns report points by category, with the default for other categories", () => {
    const policy = policyOf({
      points: { reportVerified: { default: 4, byCategory: { "safety-hazard": 15 } } },
    });
    expect(awardedOf(pointsEarnedBy(reportVerified("safety-hazard"), policy, NOTHING_EARNED))).toBe(
      15,
    );
    expect(awardedOf(pointsEarnedBy(reportVerified("noise"), policy, NOTHING_EARNED))).toBe(4);
    expect(awardedOf(pointsEarnedBy(reportVerified("constructor"), policy, NOTHING_EARNED))).toBe(
      4,
    );
  });

  it("gives a corroborator the policy's share of the category's points, rounded down", () => {
    const policy = policyOf({
      points: { reportVerified: { byCategory: { noise: 9 } } },
      reports: { corroboratorSharePercent: 50 },
    });
    const outcome = pointsEarnedBy(
      PointsTrigger.parse({
        id: "evt-d1",
        type: "ReportMarkedDuplicate",
        time: NOW,
        data: {
          reportId: "r-2",
          originalReportId: "r-1",
          reporterId: "bob",
          category: "noise",
          markedAt: NOW,
        },
      }),
      policy,
      NOTHING_EARNED,
    );
    expect(transfersOf(outcome)).toMatchObject([
      {
        transferId: earningTransferIdOf(eid("evt-d1"), "corroboration"),
        amount: 4,
        reason: "report",
        creditAccount: accountOf("bob"),
      },
    ]);
  });

  it("earns for an adopted suggestion and a completed patrol", () => {
    const suggestion = pointsEarnedBy(
      PointsTrigger.parse({
        id: "evt-s1",
        type: "SuggestionAdopted",
        time: NOW,
        data: {
          suggestionId: "s-1",
          authorId: "carol",
          topic: "station-services",
          plan: "装饮水机",
          adoptedAt: NOW,
        },
      }),
      policyOf(),
      NOTHING_EARNED,
    );
    expect(transfersOf(suggestion)).toMatchObject([
      { amount: 20, reason: "suggestion", creditAccount: accountOf("carol") },
    ]);
    const patrol = pointsEarnedBy(
      PointsTrigger.parse({
        id: "evt-pa1",
        type: "PatrolCompleted",
        time: NOW,
        data: { routeId: "river-1", patrolId: "patrol-1", courierId: "dave", completedAt: NOW },
      }),
      policyOf({ points: { patrolCompleted: 6 } }),
      NOTHING_EARNED,
    );
    expect(transfersOf(patrol)).toMatchObject([
      { amount: 6, reason: "patrol", transferId: earningTransferIdOf(eid("evt-pa1"), "patrol") },
    ]);
  });
});

describe("campaigns", () => {
  const campaign = {
    id: "river-week",
    name: { "zh-CN": "护河周", en: "River week" },
    from: "2026-11-23T00:00:00+08:00",
    to: "2026-11-30T00:00:00+08:00",
    multiplierPercent: 150,
    reasons: ["participation" as const],
  };

  it("adds a separate bonus transfer within the window", () => {
    const outcome = pointsEarnedBy(
      participation(),
      policyOf({ points: { campaigns: [campaign] } }),
      NOTHING_EARNED,
    );
    expect(transfersOf(outcome)).toMatchObject([
      {
        transferId: earningTransferIdOf(eid("evt-p1"), "participation"),
        amount: 10,
        reason: "participation",
      },
      {
        transferId: earningTransferIdOf(eid("evt-p1"), "campaign-river-week"),
        amount: 5,
        reason: "campaign_bonus",
        earning: { rule: "campaign-river-week", requested: 5 },
      },
    ]);
    expect(outcome).toMatchObject({ requested: 15, awarded: 15 });
  });

  it("rounds the bonus down", () => {
    const policy = policyOf({ points: { campaigns: [{ ...campaign, multiplierPercent: 133 }] } });
    expect(transfersOf(pointsEarnedBy(participation(), policy, NOTHING_EARNED))[1]?.amount).toBe(3);
  });

  it("counts the window from its start (inclusive) to its end (exclusive)", () => {
    const policy = policyOf({ points: { campaigns: [campaign] } });
    const at = (confirmedAt: string) =>
      transfersOf(pointsEarnedBy(participation({ confirmedAt }), policy, NOTHING_EARNED)).length;
    expect(at("2026-11-22T23:59:59.999+08:00")).toBe(1);
    expect(at("2026-11-23T00:00:00+08:00")).toBe(2);
    expect(at("2026-11-29T23:59:59.999+08:00")).toBe(2);
    expect(at("2026-11-30T00:00:00+08:00")).toBe(1);
  });

  it("boosts only the reasons and activity kinds it lists", () => {
    const policy = policyOf({
      points: { campaigns: [{ ...campaign, activityKinds: ["learning-session"] }] },
    });
    expect(transfersOf(pointsEarnedBy(participation(), policy, NOTHING_EARNED))).toHaveLength(1);
    expect(
      transfersOf(
        pointsEarnedBy(participation({ activityKind: "learning-session" }), policy, NOTHING_EARNED),
      ),
    ).toHaveLength(2);
    expect(
      transfersOf(pointsEarnedBy(reportVerified("noise"), policy, NOTHING_EARNED)),
    ).toHaveLength(1);
  });

  it("adds the bonuses of overlapping campaigns", () => {
    const policy = policyOf({
      points: { campaigns: [campaign, { ...campaign, id: "weekend", multiplierPercent: 200 }] },
    });
    expect(
      transfersOf(pointsEarnedBy(participation(), policy, NOTHING_EARNED)).map(
        (transfer) => transfer.amount,
      ),
    ).toEqual([10, 5, 10]);
  });
});

describe("caps", () => {
  const soFar = (day: number, week = day, month = week): EarnedSoFar => ({ day, week, month });

  it("awards the remainder when a cap is partly left, and says which", () => {
    const outcome = pointsEarnedBy(participation(), policyOf(), soFar(46));
    expect(outcome).toMatchObject({ kind: "earned", requested: 10, awarded: 4, cappedBy: "day" });
    expect(transfersOf(outcome)).toMatchObject([
      { amount: 4, earning: { requested: 10, cappedBy: "day" } },
    ]);
    expect(outcome.explanation.en).toContain("remainder");
    expect(outcome.explanation["zh-CN"]).toContain("剩余");
  });

  it("earns nothing once a cap is reached, and says which", () => {
    const outcome = pointsEarnedBy(participation(), policyOf(), soFar(10, 200, 200));
    expect(outcome).toMatchObject({
      kind: "not_earned",
      reason: "capped",
      cappedBy: "week",
      requested: 10,
    });
    expect(outcome.explanation["zh-CN"]).toContain("上限");
  });

  it("applies the tightest of the day, week and month caps", () => {
    expect(pointsEarnedBy(participation(), policyOf(), soFar(0, 0, 497))).toMatchObject({
      awarded: 3,
      cappedBy: "month",
    });
  });

  it("caps the base first, then the campaign bonus", () => {
    const policy = policyOf({
      points: {
        campaigns: [
          {
            id: "double",
            name: { "zh-CN": "双倍", en: "Double" },
            from: "2026-01-01T00:00:00Z",
            to: "2027-01-01T00:00:00Z",
            multiplierPercent: 200,
            reasons: ["participation"],
          },
        ],
      },
    });
    const outcome = pointsEarnedBy(participation(), policy, soFar(35));
    expect(transfersOf(outcome)).toMatchObject([
      { reason: "participation", amount: 10 },
      { reason: "campaign_bonus", amount: 5, earning: { requested: 10, cappedBy: "day" } },
    ]);
  });

  it("does not cap welcome points, and a cap of 0 is no cap", () => {
    const welcome = PointsTrigger.parse({
      id: "evt-v1",
      type: "CourierVerified",
      time: NOW,
      data: { courierId: courier("alice"), verifiedBy: "staff-1", verifiedAt: NOW },
    });
    expect(awardedOf(pointsEarnedBy(welcome, policyOf(), soFar(50, 200, 500)))).toBe(10);
    const uncapped = policyOf({ points: { caps: { perDay: 0, perWeek: 0, perMonth: 0 } } });
    expect(awardedOf(pointsEarnedBy(participation(), uncapped, soFar(10_000)))).toBe(10);
  });
});

describe("triggers", () => {
  it("keep what points needs from a larger event and drop the rest", () => {
    const trigger = PointsTrigger.parse({
      id: eid("evt-1"),
      type: "ReportVerified",
      time: instant("2026-11-28T10:00:00+08:00"),
      stream: "report-r-1",
      version: 3,
      data: {
        reportId: "r-1",
        reporterId: "alice",
        category: "noise",
        verifiedAt: NOW,
        note: "ok",
      },
    });
    expect(trigger).toEqual({
      id: "evt-1",
      type: "ReportVerified",
      time: NOW,
      data: { reportId: "r-1", reporterId: "alice", category: "noise", verifiedAt: NOW },
    });
  });

  it("refuse events that are not triggers or lack what points needs", () => {
    expect(
      PointsTrigger.safeParse({ id: "evt-1", type: "WishClaimed", time: NOW, data: {} }).success,
    ).toBe(false);
    expect(
      PointsTrigger.safeParse({
        id: "evt-1",
        type: "ReportVerified",
        time: NOW,
        data: { reportId: "r-1" },
      }).success,
    ).toBe(false);
  });
});
