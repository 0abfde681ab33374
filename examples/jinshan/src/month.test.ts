import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseMainOptions, runMain } from "./main.js";
import { type PlayedMonth, playJinshanMonth } from "./month.js";
import { type MonthStatistics, monthStatistics } from "./statistics.js";

/** What holds for every month, whatever the seed and the size of the station. */
const expectConsistent = (played: PlayedMonth, statistics: MonthStatistics): void => {
  const { plan, policy, station } = played;
  const { points, ledger, wishes, activities, reports, suggestions } = statistics;
  // Double entry: every account's balance adds up to zero, posted and pending alike.
  expect(ledger.postedSum).toBe(0);
  expect(ledger.pendingSum).toBe(0);
  expect(ledger.couriersBelowZero).toBe(0);
  // The wishes the month meant to make come true did, and cost what they were priced at.
  expect(wishes.byPoints).toBe(plan.wishesByPoints);
  expect(wishes.bySponsor).toBe(plan.wishesBySponsor);
  expect(wishes.fulfilled).toBe(plan.wishesByPoints + plan.wishesBySponsor);
  expect(wishes.onSponsorPages).toBe(plan.wishesBySponsor);
  expect(points.spentByReason.wish_redemption).toBe(plan.pointsForWishes);
  expect(points.spent).toBe(plan.pointsForWishes);
  expect(points.heldAtClose).toBe(0);
  // What couriers hold at the close is what they held, earned and were given, less what they spent.
  expect(points.closingOutstanding).toBe(
    points.openingOutstanding +
      points.earned -
      points.spent -
      points.expired +
      points.granted -
      points.deducted,
  );
  // Welcome points for every verified courier, never capped.
  expect(points.earnedByReason.welcome).toBe(statistics.couriers.verified * policy.points.welcome);
  // At most the policy's points per fact (caps may cut some).
  expect(points.earnedByReason.participation).toBeLessThanOrEqual(
    activities.participations * policy.points.participation.flat,
  );
  expect(points.earnedByReason.suggestion).toBeLessThanOrEqual(
    suggestions.adopted * policy.points.suggestionAdopted,
  );
  expect(reports.verified).toBeGreaterThan(0);
  // 人次 are the confirmations; every participant took part at least once.
  expect(activities.participations).toBe(
    station.events.filter((event) => event.type === "ParticipationConfirmed").length,
  );
  expect(activities.uniqueParticipants).toBeLessThanOrEqual(activities.participations);
  expect(activities.uniqueParticipants).toBeLessThanOrEqual(statistics.couriers.verified);
};

describe("a month of the Jinshan station", () => {
  const played = playJinshanMonth();
  const statistics = monthStatistics(played);

  it("plays the month the README's first command shows: 70 couriers, a few dozen activities", () => {
    expect(statistics.couriers.registered).toBe(70);
    expect(statistics.activities.completed).toBeGreaterThanOrEqual(25);
    expect(statistics.activities.cancelled).toBe(1);
    expect(statistics.activities.participations).toBeGreaterThan(
      statistics.activities.uniqueParticipants,
    );
    expect(statistics.activities.volunteerHours).toBeGreaterThan(0);
    expect(statistics.suggestions.total).toBe(60);
    expect(statistics.reports.total).toBe(22);
  });

  it("adds up: a zero-sum ledger, the planned wishes fulfilled, points spent as priced", () => {
    expect(played.plan.wishesByPoints).toBe(2);
    expect(played.plan.wishesBySponsor).toBe(1);
    expectConsistent(played, statistics);
  });

  it("earns exactly the policy's points when no cap is reached", () => {
    const { policy } = played;
    const { points, activities, reports, suggestions } = statistics;
    const corroboration = Math.floor(
      (policy.points.reportVerified.default * policy.reports.corroboratorSharePercent) / 100,
    );
    expect(points.earnedByReason.participation).toBe(
      activities.participations * policy.points.participation.flat,
    );
    expect(points.earnedByReason.report).toBe(
      reports.verified * policy.points.reportVerified.default +
        reports.corroborations * corroboration,
    );
    expect(points.earnedByReason.suggestion).toBe(
      suggestions.adopted * policy.points.suggestionAdopted,
    );
    expect(points.earned).toBe(
      Object.values(points.earnedByReason).reduce((sum, amount) => sum + amount, 0),
    );
  });

  it("prints every figure with its label in zh-CN and en", () => {
    const text = runMain([]);
    for (const label of [
      "参与人次 participations: ",
      "参与人数 unique participants: ",
      "志愿时长 volunteer hours: ",
      "民情前哨 Sentinel reports: 22",
      "小哥有话说 Suggestions: 60",
      "账本平衡 ledger sums to zero: 是 yes",
      "已圆梦 fulfilled: 3 (积分兑换 with points 2, 圆梦人 by sponsors 1)",
      `兑换 spent: ${played.plan.pointsForWishes}`,
    ]) {
      expect(text).toContain(label);
    }
    expect(text).toContain(`参与人次 participations: ${statistics.activities.participations}`);
  });

  it("plays the same month for the same seed, and another for another", () => {
    expect(runMain(["--seed", "7"])).toBe(runMain(["--seed", "7"]));
    expect(runMain(["--seed", "7"])).not.toBe(runMain(["--seed", "8"]));
    expect(runMain(["--couriers", "120"])).toContain("报到 registered: 120");
  });

  it("refuses flags it does not understand, naming them in both languages", () => {
    expect(parseMainOptions(["--seed", "42", "--couriers", "30"])).toEqual({
      seed: 42,
      couriers: 30,
    });
    expect(() => parseMainOptions(["--couriers", "ten"])).toThrow(/--couriers 须为.*must be/);
    expect(() => parseMainOptions(["--couriers", "5"])).toThrow(RangeError);
    expect(() => parseMainOptions(["--seed", "1.5"])).toThrow(/--seed/);
    expect(() => parseMainOptions(["--colour", "red"])).toThrow();
  });

  it("adds up for any seed and size of station", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        fc.integer({ min: 10, max: 150 }),
        (seed, couriers) => {
          const month = playJinshanMonth({ seed, couriers });
          expectConsistent(month, monthStatistics(month));
        },
      ),
      { numRuns: 6 },
    );
  });
});
