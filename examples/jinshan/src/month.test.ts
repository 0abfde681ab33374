import {
  CourierId,
  isWithinPeriod,
  type Platform,
  Platform as PlatformSchema,
  type ProgrammeFigures,
  type StationId,
  type StatisticsPeriod,
} from "@courier-station/core";
import { courierAccountId, localMonthIndexOf } from "@courier-station/points";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseMainOptions, runMain } from "./main.js";
import {
  longshengStation,
  type MonthPlan,
  type PlannedSubmission,
  type PlayedMonth,
  playJinshanMonth,
  wandaStation,
} from "./month.js";
import { type MonthStatistics, monthStatistics, type ScopeFigures } from "./statistics.js";

/*
 * The figures the example prints come from the packages' statistics functions over the
 * aggregates' states and the ledger. Here each is computed again from the plan — what the
 * months meant to do, and which of its steps the rules accepted — and the two must agree,
 * for the community and each station, for November and since opening.
 */

/** The figures a scope should show, counted from the plan. */
interface PlannedFigures {
  readonly held: number;
  readonly cancelled: number;
  readonly participations: number;
  readonly participants: number;
  readonly partyParticipations: number;
  readonly partyParticipants: number;
  readonly byPlatform: Readonly<Record<Platform, number>>;
  readonly reports: number;
  readonly suggestions: number;
  readonly suggestionAuthors: number;
  readonly checkedIn: number;
}

const plannedFigures = (
  plan: MonthPlan,
  period: StatisticsPeriod,
  stationId?: StationId,
): PlannedFigures => {
  const here = (station: StationId) => stationId === undefined || station === stationId;
  const couriers = new Map(plan.plannedCouriers.map((entry) => [entry.courierId, entry]));
  const activities = plan.activities.filter(
    (activity) => here(activity.stationId) && isWithinPeriod(activity.startsAt, period),
  );
  const held = activities.filter((activity) => activity.fate === "completed");
  const attendances = held.flatMap((activity) => activity.attendees);
  const party = attendances.filter((courierId) => couriers.get(courierId)?.partyMember === true);
  const submissions = (of: ReadonlyArray<PlannedSubmission>) =>
    of.filter(
      (submission) => here(submission.stationId) && isWithinPeriod(submission.submittedAt, period),
    );
  const suggestions = submissions(plan.suggestions);
  return {
    held: held.length,
    cancelled: activities.length - held.length,
    participations: attendances.length,
    participants: new Set(attendances).size,
    partyParticipations: party.length,
    partyParticipants: new Set(party).size,
    byPlatform: Object.fromEntries(
      PlatformSchema.options.map((platform) => [
        platform,
        attendances.filter((courierId) => couriers.get(courierId)?.platforms.includes(platform))
          .length,
      ]),
    ) as Record<Platform, number>,
    reports: submissions(plan.reports).length,
    suggestions: suggestions.length,
    suggestionAuthors: new Set(suggestions.map((suggestion) => suggestion.courierId)).size,
    checkedIn: plan.plannedCouriers.filter(
      (entry) => here(entry.stationId) && isWithinPeriod(entry.checkedInAt, period),
    ).length,
  };
};

const figuresShown = (programme: ProgrammeFigures): PlannedFigures => ({
  held: programme.activities.held,
  cancelled: programme.activities.cancelled,
  participations: programme.activities.participations,
  participants: programme.activities.participants,
  partyParticipations: programme.activities.byPartyMembers.participations,
  partyParticipants: programme.activities.byPartyMembers.participants,
  byPlatform: Object.fromEntries(
    Object.entries(programme.activities.byPlatform).map(([platform, count]) => [
      platform,
      count.participations,
    ]),
  ) as Record<Platform, number>,
  reports: programme.reports.total,
  suggestions: programme.suggestions.total,
  suggestionAuthors: programme.suggestions.authors,
  checkedIn: programme.couriers.checkedIn,
});

/** Every scope the statistics show, with the plan's figures for it. */
const scopesOf = (statistics: MonthStatistics) => [
  { name: "November", shown: statistics.november, stationId: undefined },
  { name: "since opening", shown: statistics.sinceOpening, stationId: undefined },
  ...statistics.stations.flatMap((station) => [
    {
      name: `${station.stationId} November`,
      shown: station.november,
      stationId: station.stationId,
    },
    {
      name: `${station.stationId} since opening`,
      shown: station.sinceOpening,
      stationId: station.stationId,
    },
  ]),
];

/** What holds for every run, whatever the seed and the size of the community. */
const expectConsistent = (played: PlayedMonth, statistics: MonthStatistics): void => {
  const { plan, policy, station } = played;
  const { november, sinceOpening, ledger } = statistics;
  // Double entry: every account's balance adds up to zero, posted and pending alike.
  expect(ledger.postedSum).toBe(0);
  expect(ledger.pendingSum).toBe(0);
  expect(ledger.couriersBelowZero).toBe(0);

  // Per station and for the community, in November and since opening, as planned.
  for (const { name, shown, stationId } of scopesOf(statistics)) {
    expect(figuresShown(shown.programme), name).toEqual(
      plannedFigures(plan, shown.period, stationId),
    );
  }
  // Every report and suggestion has a station here: the stations add up to the community.
  for (const scope of ["november", "sinceOpening"] as const) {
    const sum = (pick: (figures: ScopeFigures) => number) =>
      statistics.stations.reduce((total, entry) => total + pick(entry[scope]), 0);
    expect(sum((figures) => figures.programme.reports.total)).toBe(
      statistics[scope].programme.reports.total,
    );
    expect(sum((figures) => figures.programme.activities.participations)).toBe(
      statistics[scope].programme.activities.participations,
    );
  }
  // A station's time since opening is the community's since the first one opened.
  expect(statistics.stations.map((entry) => entry.openedAt)).toEqual(
    plan.stations.map((entry) => entry.openedAt),
  );

  // Running totals add up month by month to the figures since opening.
  const last = sinceOpening.runningTotals.at(-1);
  expect(sinceOpening.runningTotals.map((month) => month.month)).toEqual([8, 9, 10, 11]);
  expect(last?.cumulative).toEqual({
    activitiesHeld: sinceOpening.programme.activities.held,
    participations: sinceOpening.programme.activities.participations,
    volunteerHours: sinceOpening.programme.activities.volunteerHours,
    couriersCheckedIn: sinceOpening.programme.couriers.checkedIn,
    reports: sinceOpening.programme.reports.total,
    suggestions: sinceOpening.programme.suggestions.total,
  });
  expect(sinceOpening.runningTotals.at(-1)?.inMonth.participations).toBe(
    november.programme.activities.participations,
  );

  // The wishes the month meant to make come true did, and cost what they were priced at.
  const { wishes, points, catalogue } = november;
  const lighting = plan.wishLighting;
  expect(wishes.byPoints).toBe(plan.wishesByPoints);
  expect(wishes.bySponsor).toBe(plan.wishesBySponsor);
  expect(wishes.fulfilled).toBe(plan.wishesByPoints + plan.wishesBySponsor);
  expect(wishes.wishLighting).toEqual({
    events: lighting.handedOver.length > 0 ? 1 : 0,
    wishes: lighting.handedOver.length,
    sponsors: lighting.sponsors.length,
  });
  // A wish not handed over at the event stays open, still linked to it.
  expect(wishes.awaitingHandOverAtEvents).toBe(lighting.linked.length - lighting.handedOver.length);
  expect(points.spentByReason.wish_redemption).toBe(plan.pointsForWishes);
  expect(points.spentByReason.catalogue_redemption).toBe(plan.bicycle?.points ?? 0);
  expect(catalogue.pointsSpent).toBe(plan.bicycle?.points ?? 0);
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
  expect(sinceOpening.points.openingOutstanding).toBe(0);
  expect(sinceOpening.points.closingOutstanding).toBe(points.closingOutstanding);
  // Welcome points for every courier verified, never capped.
  expect(sinceOpening.points.earnedByReason.welcome).toBe(
    plan.plannedCouriers.filter((entry) => entry.verified).length * policy.points.welcome,
  );

  // The bicycle, when there is one, was paid with points earned in the months before.
  if (plan.bicycle !== undefined) {
    const { bicycle } = plan;
    expect(bicycle.availableBefore).toBeGreaterThanOrEqual(bicycle.points);
    const bicycleTitle = "通勤自行车";
    expect(catalogue.unitsByItem[bicycleTitle]).toBe(1);
    const earnedMonths = new Set(
      station.ledger
        .historyOf(courierAccountId(CourierId.parse(bicycle.courierId)))
        .filter((transfer) => transfer.reason === "participation")
        .map((transfer) => localMonthIndexOf(transfer.at, policy.general.timeZone)),
    );
    expect(earnedMonths.size).toBeGreaterThanOrEqual(2);
  } else {
    expect(catalogue.pickedUp).toBe(0);
  }
};

describe("the Jinshan community from its opening to November", () => {
  const played = playJinshanMonth();
  const statistics = monthStatistics(played);
  const { plan } = played;

  it("plays two stations, 70 couriers and four months of activities", () => {
    expect(statistics.stations.map((entry) => entry.stationId)).toEqual([
      wandaStation,
      longshengStation,
    ]);
    expect(statistics.november.programme.couriers.registered).toBe(70);
    expect(statistics.sinceOpening.programme.activities.held).toBeGreaterThanOrEqual(120);
    expect(statistics.november.programme.activities.participations).toBeGreaterThan(
      statistics.november.programme.activities.participants,
    );
  });

  it("adds up, for the community and each station, in November and since opening", () => {
    expectConsistent(played, statistics);
  });

  it("has a long-standing volunteer take a bicycle with the points they earned", () => {
    const bicycle = plan.bicycle;
    expect(bicycle?.points).toBe(299);
    expect(bicycle?.earnedBeforeNovember).toBeGreaterThanOrEqual(200);
    const courier = plan.plannedCouriers.find((entry) => entry.courierId === bicycle?.courierId);
    expect(courier?.checkedInAt.slice(0, 7)).toBe("2026-08");
  });

  it("lights the wishes at the event: five handed over, one left open for its courier", () => {
    expect(plan.wishLighting.linked).toHaveLength(6);
    expect(plan.wishLighting.handedOver).toHaveLength(5);
    expect(statistics.november.programme.activities.heldByKind["wish-lighting"]).toBe(1);
    expect(statistics.stations[0]?.november.wishes.wishLighting.wishes).toBe(5);
  });

  it("earns exactly the policy's points when no cap is reached", () => {
    const { policy } = played;
    const { points, programme } = statistics.november;
    const corroboration = Math.floor(
      (policy.points.reportVerified.default * policy.reports.corroboratorSharePercent) / 100,
    );
    // The wish-lighting event earns nothing (its own points override is 0).
    const lit = plan.activities.find((activity) => activity.kind === "wish-lighting");
    expect(points.earnedByReason.participation).toBe(
      (programme.activities.participations - (lit?.attendees.length ?? 0)) *
        policy.points.participation.flat,
    );
    expect(points.earnedByReason.report).toBe(
      programme.reports.verified * policy.points.reportVerified.default +
        programme.reports.corroborations * corroboration,
    );
    expect(points.earnedByReason.suggestion).toBe(
      programme.suggestions.adopted * policy.points.suggestionAdopted,
    );
  });

  it("prints November, each station and since opening, every label in zh-CN and en", () => {
    const text = runMain([]);
    const { november, sinceOpening } = statistics;
    const planned = plannedFigures(plan, sinceOpening.period);
    for (const label of [
      `参与人次 participations: ${november.programme.activities.participations}`,
      `党员参与 by party members: ${plannedFigures(plan, november.period).partyParticipations} 人次 participations`,
      `提建议的小哥 couriers who suggested ${plannedFigures(plan, november.period).suggestionAuthors}`,
      `开站以来 since opening: ${planned.held} 场活动 activities, ${planned.participations.toLocaleString("en-US")} 人次 participations`,
      "点亮微心愿 wish-lighting events: 1 场 events, 5 个心愿点亮 wishes lit",
      "已圆梦 fulfilled: 7 (积分兑换 with points 2, 圆梦人 by sponsors 5)",
      "领取 picked up: 1 (通勤自行车 ×1) · 积分 points 299",
      "金山万达商圈党群服务站 Jinshan Wanda Party–Community Station (2026-08-01 开站 opened)",
      "龙胜路小哥驿站 Longsheng Road Courier Station (2026-10-01 开站 opened)",
      "━━ 开站以来 Since opening (2026-08-01 – 2026-11-30) ━━",
      "账本平衡 ledger sums to zero: 是 yes",
    ]) {
      expect(text).toContain(label);
    }
    for (const station of statistics.stations) {
      expect(text).toContain(
        `  参与人次 participations: ${station.november.programme.activities.participations.toLocaleString("en-US")} | ${station.sinceOpening.programme.activities.participations.toLocaleString("en-US")}`,
      );
    }
  });

  it("plays the same months for the same seed, and others for another", () => {
    expect(runMain(["--seed", "7"])).toBe(runMain(["--seed", "7"]));
    expect(runMain(["--seed", "7"])).not.toBe(runMain(["--seed", "8"]));
    expect(runMain(["--couriers", "120"])).toContain("报到 registered: 120");
  });

  it("refuses flags it does not understand, naming them in both languages", () => {
    expect(parseMainOptions(["--seed", "42", "--couriers", "30"])).toEqual({
      seed: 42,
      couriers: 30,
      through: "packages",
    });
    expect(parseMainOptions(["--through", "services"])).toMatchObject({ through: "services" });
    expect(() => parseMainOptions(["--through", "carrier-pigeon"])).toThrow(
      /--through 须为 packages 或 services \/ --through must be packages or services/,
    );
    expect(() => parseMainOptions(["--couriers", "ten"])).toThrow(/--couriers 须为.*must be/);
    expect(() => parseMainOptions(["--couriers", "5"])).toThrow(RangeError);
    expect(() => parseMainOptions(["--seed", "1.5"])).toThrow(/--seed/);
    expect(() => parseMainOptions(["--colour", "red"])).toThrow();
  });

  it("adds up for any seed and size of community", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        fc.integer({ min: 10, max: 120 }),
        (seed, couriers) => {
          const month = playJinshanMonth({ seed, couriers });
          expectConsistent(month, monthStatistics(month));
        },
      ),
      { numRuns: 4 },
    );
  });
});
