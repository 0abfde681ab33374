import { Either } from "effect";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ActivityCommand } from "../activities/commands.js";
import { activityDecider } from "../activities/index.js";
import type { ActivityKind } from "../activities/kinds.js";
import type { ActivityState } from "../activities/state.js";
import { CourierCommand } from "../couriers/commands.js";
import { courierDecider } from "../couriers/index.js";
import { mobileNumberKey } from "../couriers/mobile-number.js";
import { personalDataSeal } from "../couriers/sealed-personal-data.js";
import type { CourierState } from "../couriers/state.js";
import { courierFacts } from "../couriers/views.js";
import type { Actor } from "../kernel/actors.js";
import type { Decider, DecisionContext } from "../kernel/decider.js";
import type { DomainCommand, DomainEvent } from "../kernel/envelope.js";
import { CommunityId, StationId } from "../kernel/ids.js";
import { addMillis, HOUR, Instant } from "../kernel/time.js";
import { jinshanPolicy } from "../policy/schema.js";
import { ReportCommand } from "../reports/commands.js";
import { reportDecider } from "../reports/index.js";
import type { ReportState } from "../reports/state.js";
import { SuggestionCommand } from "../suggestions/commands.js";
import { suggestionDecider } from "../suggestions/index.js";
import type { SuggestionState } from "../suggestions/state.js";
import { type ProgrammeRecords, programmeFigures } from "./figures.js";
import { monthPeriod, periodSince, quarterPeriod } from "./period.js";
import { runningTotals } from "./running-totals.js";

/*
 * A small community with two stations, played through the deciders, and the figures a
 * district reports of it: per station and for the whole community, for a month and a
 * quarter, by party members and platform.
 */

const community = CommunityId.parse("jinshan-wanda");
const policy = jinshanPolicy();
const timeZone = policy.general.timeZone;
const staff: Actor = { role: "staff", id: "s-1", communities: [community] };
const courierActor = (id: string): Actor => ({ role: "courier", id, communities: [community] });
const local = (month: number, day: number, hour = 10): Instant =>
  Instant.parse(
    `2026-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}T${String(hour).padStart(2, "0")}:00:00+08:00`,
  );
const wanda = StationId.parse("wanda");
const longsheng = StationId.parse("longsheng");
const secret = "figures-test-secret-0123456789";

/** Runs commands through a decider's decide and evolve, failing on a refusal. */
const play = <
  Command extends DomainCommand,
  State,
  Event extends DomainEvent,
  Failure,
  Context extends DecisionContext,
>(
  decider: Decider<Command, State, Event, Failure, Context>,
  steps: ReadonlyArray<{ readonly command: Command; readonly context: Context }>,
): State =>
  steps.reduce((state, { command, context }) => {
    const decision = decider.decide(command, state, context);
    if (Either.isLeft(decision)) {
      throw new Error(`${command.type}: ${JSON.stringify(decision.left)}`);
    }
    return decision.right.reduce(decider.evolve, state);
  }, decider.initialState());

interface PlannedCourier {
  readonly id: string;
  readonly stationId?: StationId;
  readonly partyMember: boolean;
  readonly platforms: ReadonlyArray<string>;
  readonly registeredAt: Instant;
}

const courierState = (courier: PlannedCourier, index: number): CourierState => {
  const context = (actor: Actor, now: Instant) => ({
    now,
    actor,
    community,
    policy,
    mobileKeyOf: (number: Parameters<typeof mobileNumberKey>[0]) => mobileNumberKey(number, secret),
    registeredMobileKeys: () => undefined,
    personalData: personalDataSeal(secret),
  });
  return play(courierDecider, [
    {
      command: CourierCommand.parse({
        type: "RegisterCourier",
        data: {
          courierId: courier.id,
          nickname: `小哥${index}`,
          realName: `骑手${index}`,
          mobileNumber: `138${String(10_000_000 + index).padStart(8, "0")}`,
          platforms: courier.platforms,
          employment: "full-time",
          partyMember: courier.partyMember,
          consentPolicyVersion: policy.general.consentPolicyVersion,
          ...(courier.stationId === undefined ? {} : { stationId: courier.stationId }),
        },
      }),
      context: context(courierActor(courier.id), courier.registeredAt),
    },
    {
      command: CourierCommand.parse({ type: "VerifyCourier", data: { courierId: courier.id } }),
      context: context(staff, addMillis(courier.registeredAt, HOUR)),
    },
  ]);
};

interface PlannedActivity {
  readonly id: string;
  readonly stationId: StationId;
  readonly kind: ActivityKind;
  readonly startsAt: Instant;
  readonly attendees: ReadonlyArray<string>;
  readonly fate: "completed" | "cancelled";
}

const activityState = (
  activity: PlannedActivity,
  couriers: ReadonlyArray<CourierState>,
): ActivityState => {
  const facts = couriers.flatMap((state) => {
    const of = courierFacts(state);
    return of === undefined ? [] : [{ ...of, volunteerTeamMember: true }];
  });
  const step = (input: unknown, hoursFromStart: number) => ({
    command: ActivityCommand.parse(input),
    context: {
      now: addMillis(activity.startsAt, hoursFromStart * HOUR),
      actor: staff,
      community,
      policy,
      couriers: facts,
    },
  });
  const activityId = activity.id;
  const steps = [
    step(
      {
        type: "PlanActivity",
        data: {
          activityId,
          details: {
            title: "活动",
            kind: activity.kind,
            organiser: { kind: "station", stationId: activity.stationId },
            stationId: activity.stationId,
            place: { description: "活动室" },
            startsAt: activity.startsAt,
            endsAt: addMillis(activity.startsAt, 2 * HOUR),
            signUpRequired: false,
            volunteerHours: 1.5,
          },
        },
      },
      -48,
    ),
    step({ type: "PublishActivity", data: { activityId } }, -47),
  ];
  if (activity.fate === "cancelled") {
    steps.push(step({ type: "CancelActivity", data: { activityId, reason: "暴雨预警" } }, -1));
  } else {
    steps.push(step({ type: "StartActivity", data: { activityId, checkInCode: "J001" } }, 0));
    if (activity.attendees.length > 0) {
      steps.push(
        step({ type: "RecordWalkIns", data: { activityId, courierIds: activity.attendees } }, 1),
      );
    }
    steps.push(step({ type: "CompleteActivity", data: { activityId } }, 3));
  }
  return play(activityDecider, steps);
};

interface PlannedSubmission {
  readonly id: string;
  readonly courierId: string;
  readonly at: Instant;
  /** The station named in the command. */
  readonly stationId?: StationId;
  /** Submitted as before stations were recorded: no station of its own. */
  readonly old?: boolean;
}

const withoutStation = <State extends { readonly stationId?: StationId }>(state: State): State => {
  const { stationId: _stationId, ...rest } = state;
  return rest as State;
};

const reportState = (
  report: PlannedSubmission,
  couriers: ReadonlyMap<string, CourierState>,
): ReportState => {
  const courier = couriers.get(report.courierId);
  const facts = courier === undefined ? undefined : courierFacts(courier);
  const state = play(reportDecider, [
    {
      command: ReportCommand.parse({
        type: "SubmitReport",
        data: {
          reportId: report.id,
          category: "noise",
          description: "夜间施工噪音",
          location: {
            point: { latitude: 30.74, longitude: 121.34, datum: "GCJ-02" },
            address: "龙胜路",
          },
          observedAt: addMillis(report.at, -HOUR),
          ...(report.stationId === undefined ? {} : { stationId: report.stationId }),
        },
      }),
      context: {
        now: report.at,
        actor: courierActor(report.courierId),
        community,
        policy,
        ...(facts === undefined ? {} : { courier: facts }),
      },
    },
  ]);
  return report.old === true ? withoutStation(state as never) : state;
};

const suggestionState = (
  suggestion: PlannedSubmission,
  couriers: ReadonlyMap<string, CourierState>,
): SuggestionState => {
  const courier = couriers.get(suggestion.courierId);
  const facts = courier === undefined ? undefined : courierFacts(courier);
  const state = play(suggestionDecider, [
    {
      command: SuggestionCommand.parse({
        type: "SubmitSuggestion",
        data: {
          suggestionId: suggestion.id,
          topic: "station-services",
          text: "希望驿站晚上开到十点",
          ...(suggestion.stationId === undefined ? {} : { stationId: suggestion.stationId }),
        },
      }),
      context: {
        now: suggestion.at,
        actor: courierActor(suggestion.courierId),
        community,
        policy,
        ...(facts === undefined ? {} : { courier: facts }),
      },
    },
  ]);
  return suggestion.old === true ? withoutStation(state as never) : state;
};

/** The community: couriers of two stations and of none, a month of records and one before. */
const recordsOf = (plan: {
  readonly couriers: ReadonlyArray<PlannedCourier>;
  readonly activities: ReadonlyArray<PlannedActivity>;
  readonly reports: ReadonlyArray<PlannedSubmission>;
  readonly suggestions: ReadonlyArray<PlannedSubmission>;
}): ProgrammeRecords => {
  const couriers = new Map(
    plan.couriers.map((courier, index) => [courier.id, courierState(courier, index)]),
  );
  return {
    couriers: [...couriers.values()],
    activities: plan.activities.map((activity) => activityState(activity, [...couriers.values()])),
    reports: plan.reports.map((report) => reportState(report, couriers)),
    suggestions: plan.suggestions.map((suggestion) => suggestionState(suggestion, couriers)),
  };
};

const plan = {
  couriers: [
    {
      id: "c-1",
      stationId: wanda,
      partyMember: true,
      platforms: ["meituan"],
      registeredAt: local(10, 15),
    },
    {
      id: "c-2",
      stationId: wanda,
      partyMember: false,
      platforms: ["eleme", "meituan"],
      registeredAt: local(10, 15),
    },
    {
      id: "c-3",
      stationId: longsheng,
      partyMember: true,
      platforms: ["sf"],
      registeredAt: local(10, 16),
    },
    { id: "c-4", partyMember: false, platforms: ["jd"], registeredAt: local(11, 3) },
    {
      id: "c-5",
      stationId: wanda,
      partyMember: true,
      platforms: ["meituan"],
      registeredAt: local(12, 2),
    },
  ],
  activities: [
    {
      id: "a-1",
      stationId: wanda,
      kind: "volunteering",
      startsAt: local(11, 5, 14),
      attendees: ["c-1", "c-2"],
      fate: "completed",
    },
    {
      id: "a-2",
      stationId: longsheng,
      kind: "learning-session",
      startsAt: local(11, 10, 14),
      attendees: ["c-3", "c-1"],
      fate: "completed",
    },
    {
      id: "a-3",
      stationId: wanda,
      kind: "community-event",
      startsAt: local(11, 12, 14),
      attendees: [],
      fate: "cancelled",
    },
    {
      id: "a-4",
      stationId: wanda,
      kind: "volunteering",
      startsAt: local(10, 20, 14),
      attendees: ["c-1"],
      fate: "completed",
    },
    {
      id: "a-5",
      stationId: wanda,
      kind: "wish-lighting",
      startsAt: local(11, 22, 14),
      attendees: ["c-2"],
      fate: "completed",
    },
  ],
  reports: [
    // Written before stations were recorded: it counts as its courier's (wanda).
    { id: "r-1", courierId: "c-1", at: local(11, 6), old: true },
    { id: "r-2", courierId: "c-1", at: local(11, 7), stationId: longsheng },
    { id: "r-3", courierId: "c-4", at: local(11, 8) },
    { id: "r-4", courierId: "c-3", at: local(10, 20) },
  ],
  suggestions: [
    { id: "s-1", courierId: "c-1", at: local(11, 6) },
    { id: "s-2", courierId: "c-1", at: local(11, 9) },
    { id: "s-3", courierId: "c-3", at: local(11, 9), old: true },
    { id: "s-4", courierId: "c-4", at: local(11, 11) },
  ],
} as const satisfies Parameters<typeof recordsOf>[0];

const records = recordsOf(plan);
const november = monthPeriod(2026, 11, timeZone);
const figures = (stationId?: StationId, period = november) =>
  programmeFigures(
    records,
    { period, ...(stationId === undefined ? {} : { stationId }) },
    policy.suggestions,
  );

describe("programmeFigures", () => {
  it("counts a station's month: activities held by kind, 人次 and 人数, by party members and platform", () => {
    const { activities } = figures(wanda);
    expect(activities).toMatchObject({
      held: 2,
      cancelled: 1,
      participations: 3,
      participants: 2,
      volunteerHours: 4.5,
      walkIns: 3,
      noShows: 0,
      byPartyMembers: { participations: 1, participants: 1 },
    });
    expect(activities.heldByKind).toMatchObject({
      volunteering: 1,
      "wish-lighting": 1,
      "learning-session": 0,
    });
    expect(activities.participationsByKind).toMatchObject({ volunteering: 2, "wish-lighting": 1 });
    expect(activities.byPlatform.meituan).toEqual({ participations: 3, participants: 2 });
    expect(activities.byPlatform.eleme).toEqual({ participations: 2, participants: 1 });
    expect(activities.byPlatform.sf).toEqual({ participations: 0, participants: 0 });
    const other = figures(longsheng).activities;
    expect(other).toMatchObject({ held: 1, participations: 2, participants: 2 });
    expect(other.byPartyMembers).toEqual({ participations: 2, participants: 2 });
  });

  it("counts the whole community, couriers of no known station included", () => {
    const { activities, couriers, reports, suggestions } = figures();
    expect(activities).toMatchObject({ held: 3, cancelled: 1, participations: 5, participants: 3 });
    expect(couriers).toMatchObject({
      checkedIn: 1,
      verified: 1,
      partyMembersCheckedIn: 0,
      registered: 4,
      active: 4,
      partyMembers: 2,
    });
    expect(couriers.checkedInByPlatform.jd).toBe(1);
    // Every courier registered by the end of the month, by status and by platform.
    expect(couriers.byStatus).toEqual({
      registered: 0,
      active: 4,
      rejected: 0,
      suspended: 0,
      left: 0,
    });
    // A courier of two platforms counts in each.
    expect(couriers.byPlatform).toEqual({
      meituan: 2,
      eleme: 1,
      dingdong: 0,
      sf: 1,
      jd: 1,
      other: 0,
    });
    expect(reports).toMatchObject({ total: 3, reporters: 2 });
    expect(suggestions).toMatchObject({ total: 4, authors: 3 });
  });

  it("places reports and suggestions at their own station, else their courier's, old ones too", () => {
    expect(figures(wanda).reports).toMatchObject({ total: 1, reporters: 1 });
    expect(figures(longsheng).reports).toMatchObject({ total: 1, reporters: 1 });
    // Two suggestions by one courier: one author.
    expect(figures(wanda).suggestions).toMatchObject({ total: 2, authors: 1 });
    expect(figures(longsheng).suggestions).toMatchObject({ total: 1, authors: 1 });
    expect(figures(wanda).couriers).toMatchObject({ registered: 2, checkedIn: 0 });
  });

  it("takes any period: a quarter holds its months, and nothing falls outside", () => {
    const quarter = figures(wanda, quarterPeriod(2026, 4, timeZone));
    expect(quarter.activities).toMatchObject({ held: 3, participations: 4 });
    const october = figures(wanda, monthPeriod(2026, 10, timeZone));
    const december = figures(wanda, monthPeriod(2026, 12, timeZone));
    for (const key of ["held", "cancelled", "participations", "walkIns"] as const) {
      expect(quarter.activities[key], key).toBe(
        october.activities[key] + figures(wanda).activities[key] + december.activities[key],
      );
    }
    expect(quarter.couriers.checkedIn).toBe(3);
    expect(december.couriers).toMatchObject({ checkedIn: 1, registered: 3 });
  });

  it("adds up: the stations and the unknown make the community, in any month", () => {
    fc.assert(
      fc.property(fc.integer({ min: 9, max: 12 }), (month) => {
        const period = monthPeriod(2026, month, timeZone);
        const whole = figures(undefined, period);
        const parts = [figures(wanda, period), figures(longsheng, period)];
        const sum = (pick: (of: ReturnType<typeof figures>) => number) =>
          parts.reduce((total, part) => total + pick(part), 0);
        // Activities always have a station; couriers and their records may not.
        expect(sum((of) => of.activities.held)).toBe(whole.activities.held);
        expect(sum((of) => of.activities.participations)).toBe(whole.activities.participations);
        const ofNoStation = (submissions: ReadonlyArray<PlannedSubmission>) =>
          submissions.filter(
            (submission) =>
              submission.stationId === undefined &&
              !plan.couriers.some(
                (courier) => courier.id === submission.courierId && "stationId" in courier,
              ) &&
              Date.parse(submission.at) >= Date.parse(period.from) &&
              Date.parse(submission.at) < Date.parse(period.to),
          ).length;
        expect(sum((of) => of.reports.total) + ofNoStation(plan.reports)).toBe(whole.reports.total);
        expect(sum((of) => of.suggestions.total) + ofNoStation(plan.suggestions)).toBe(
          whole.suggestions.total,
        );
      }),
    );
  });

  it("adds running totals up month by month since a station opened", () => {
    const since = local(10, 1, 9);
    const until = local(11, 30, 23);
    const totals = runningTotals(
      records,
      { since, until, timeZone, stationId: wanda },
      policy.suggestions,
    );
    expect(totals.map(({ year, month }) => `${year}-${month}`)).toEqual(["2026-10", "2026-11"]);
    expect(totals[0]?.period.from).toBe(since);
    expect(totals[0]?.inMonth).toMatchObject({
      activitiesHeld: 1,
      participations: 1,
      couriersCheckedIn: 2,
    });
    const whole = figures(wanda, periodSince(since, until));
    expect(totals.at(-1)?.cumulative).toEqual({
      activitiesHeld: whole.activities.held,
      participations: whole.activities.participations,
      volunteerHours: whole.activities.volunteerHours,
      couriersCheckedIn: whole.couriers.checkedIn,
      reports: whole.reports.total,
      suggestions: whole.suggestions.total,
    });
    expect(totals.at(-1)?.cumulative).toMatchObject({ activitiesHeld: 3, participations: 4 });
  });
});
