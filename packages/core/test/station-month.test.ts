import {
  activityDecider,
  activitySummary,
  type CommunityPolicy,
  courierDecider,
  courierFacts,
  type DomainEvent,
  type EventEnvelope,
  HOUR,
  type ReportStatus,
  replay,
  reportDecider,
  type SuggestionStatus,
  suggestionDecider,
  summarizeReports,
  summarizeSuggestions,
} from "@courier-station/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { playStationMonth, type StationMonthRun, type StepResult } from "./play-station-month.js";
import {
  type PlannedReport,
  planStationMonth,
  type ReportPath,
  type StationMonthPlan,
  type SuggestionPath,
  stationMonthEndsAt,
} from "./station-month.js";

/*
 * A month of the Jinshan station, played through core's public API, and the totals that
 * statistics will show — each computed here from the plan (what was meant to happen),
 * then compared with what core's own summaries make of the stored events.
 */

/** Where each report path ends, by the lifecycle of issue 3. */
const reportStatusAfter: Readonly<Record<ReportPath, ReportStatus>> = {
  "closed-by-reporter": "closed",
  "reopened-then-closed": "closed",
  "closed-by-timer": "closed",
  "rejected-invalid": "rejected",
  "duplicate-corroborated": "rejected",
  "duplicate-same-reporter": "rejected",
  "with-handler": "in_progress",
  "accepted-last-day": "accepted",
  "awaiting-reporter": "resolved",
  "submitted-last-day": "submitted",
};
const verifyingPaths: ReadonlySet<ReportPath> = new Set<ReportPath>([
  "closed-by-reporter",
  "reopened-then-closed",
  "closed-by-timer",
  "with-handler",
  "accepted-last-day",
  "awaiting-reporter",
]);

/** Where each suggestion path ends. */
const suggestionStatusAfter: Readonly<Record<SuggestionPath, SuggestionStatus>> = {
  "adopted-and-completed": "completed",
  "adopted-in-progress": "adopted",
  "drafted-then-adopted": "adopted",
  answered: "answered",
  "drafted-then-answered": "answered",
  declined: "declined",
  withdrawn: "withdrawn",
  "acknowledged-only": "acknowledged",
  waiting: "submitted",
};

const countBy = <Item, Key extends string>(
  items: ReadonlyArray<Item>,
  keyOf: (item: Item) => Key,
): Partial<Record<Key, number>> => {
  const counts: Partial<Record<Key, number>> = {};
  for (const item of items) counts[keyOf(item)] = (counts[keyOf(item)] ?? 0) + 1;
  return counts;
};

/** Drops the zero counts, so a summary's full table compares with a plan's sparse one. */
const nonZero = (counts: Readonly<Record<string, number>>): Record<string, number> =>
  Object.fromEntries(Object.entries(counts).filter(([, count]) => count > 0));

const eventsOfType = (run: StationMonthRun, type: string): ReadonlyArray<EventEnvelope> =>
  run.events.filter((event) => event.type === type);

const describeResult = (result: StepResult): string =>
  `${result.step.at} ${result.step.label}: expected ${JSON.stringify(result.step.expect)}, got ${result.outcome}${result.code === undefined ? "" : ` (${result.code})`}`;

const mismatches = (run: StationMonthRun): string[] =>
  run.results
    .filter((result) => {
      const expected = result.step.expect;
      if (expected.kind !== result.outcome) return true;
      return expected.kind === "refused" && expected.code !== result.code;
    })
    .map(describeResult);

/** The totals of the month as the plan implies them, computed without core. */
const expectedTotals = (plan: StationMonthPlan) => {
  const completed = plan.activities.filter((activity) => activity.fate === "completed");
  const attendances = completed.flatMap((activity) => activity.attendees);
  const hundredths = attendances.reduce(
    (sum, attendee) => sum + Math.round(attendee.hours * 100),
    0,
  );
  const reportStatus = (report: PlannedReport) => reportStatusAfter[report.path];
  const byCategory: Record<string, Record<string, number>> = {};
  for (const report of plan.reports) {
    const counts = byCategory[report.category] ?? {};
    counts[reportStatus(report)] = (counts[reportStatus(report)] ?? 0) + 1;
    byCategory[report.category] = counts;
  }
  const dueHoursOf = (category: string): number =>
    plan.policy.reports.categories.find((candidate) => candidate.id === category)?.dueHours ?? 0;
  const overdueReports = plan.reports.filter(
    (report) =>
      (report.path === "with-handler" || report.path === "accepted-last-day") &&
      report.acceptedAt !== undefined &&
      Date.parse(report.acceptedAt) + dueHoursOf(report.category) * HOUR <
        Date.parse(stationMonthEndsAt),
  ).length;
  const suggestionStatus = plan.suggestions.map(
    (suggestion) => suggestionStatusAfter[suggestion.path],
  );
  const firstResponseMillis = plan.policy.suggestions.firstResponseDays * 24 * HOUR;
  return {
    couriersVerified: plan.couriers.filter((courier) => courier.fate === "verified").length,
    volunteerTeam: plan.couriers.filter((courier) => courier.joinsTeam).length,
    activitiesCompleted: completed.length,
    activitiesCancelled: plan.activities.length - completed.length,
    participations: attendances.length,
    uniqueParticipants: new Set(attendances.map((attendee) => attendee.courierId)).size,
    volunteerHundredths: hundredths,
    walkIns: attendances.filter((attendee) => attendee.attendance === "walk-in").length,
    noShows: completed.reduce((sum, activity) => sum + activity.noShows.length, 0),
    cancelledSignUps: plan.activities.reduce(
      (sum, activity) => sum + activity.cancelledSignUps.length,
      0,
    ),
    pauses: plan.pauses.length,
    reports: plan.reports.length,
    reportsByStatus: countBy(plan.reports, reportStatus),
    reportsByCategory: byCategory,
    reportsVerified: plan.reports.filter((report) => verifyingPaths.has(report.path)).length,
    duplicates: plan.reports.filter((report) => report.originalReportId !== undefined).length,
    corroborations: plan.reports.filter((report) => report.path === "duplicate-corroborated")
      .length,
    reopened: plan.reports.filter((report) => report.path === "reopened-then-closed").length,
    overdueReports,
    suggestions: plan.suggestions.length,
    suggestionsByStatus: countBy(suggestionStatus, (status) => status),
    suggestionsAdopted: suggestionStatus.filter(
      (status) => status === "adopted" || status === "completed",
    ).length,
    suggestionsCompleted: suggestionStatus.filter((status) => status === "completed").length,
    seconds: plan.suggestions.reduce((sum, suggestion) => sum + suggestion.seconders.length, 0),
    suggestionsResponded: plan.suggestions.filter(
      (suggestion) => suggestion.path !== "waiting" && suggestion.path !== "withdrawn",
    ).length,
    suggestionsOverdue: plan.suggestions.filter(
      (suggestion) =>
        suggestion.path === "waiting" &&
        Date.parse(suggestion.submittedAt) + firstResponseMillis < Date.parse(stationMonthEndsAt),
    ).length,
  };
};

/** The month's statistics as core's summaries make them from the stored events. */
const statisticsFromEvents = (run: StationMonthRun, policy: CommunityPolicy) => {
  const streams = new Map<string, DomainEvent[]>();
  for (const event of run.events) {
    const stream = streams.get(event.stream) ?? [];
    stream.push(event as DomainEvent);
    streams.set(event.stream, stream);
  }
  const statesOf = <State, Event extends DomainEvent>(decider: {
    readonly aggregate: string;
    readonly initialState: () => State;
    readonly evolve: (state: State, event: Event) => State;
  }): State[] =>
    [...streams.entries()]
      .filter(([stream]) => stream.startsWith(`${decider.aggregate}-`))
      .map(([, events]) => replay(decider, events as ReadonlyArray<DomainEvent> as Event[]));
  const activities = statesOf(activityDecider).flatMap((state) => {
    const summary = activitySummary(state);
    return summary === undefined ? [] : [summary];
  });
  const couriers = statesOf(courierDecider).flatMap((state) => {
    const facts = courierFacts(state);
    return facts === undefined ? [] : [facts];
  });
  const reports = summarizeReports(statesOf(reportDecider), stationMonthEndsAt);
  const suggestions = summarizeSuggestions(
    statesOf(suggestionDecider),
    stationMonthEndsAt,
    policy.suggestions,
  );
  const completed = activities.filter((summary) => summary.status === "completed");
  const confirmations = eventsOfType(run, "ParticipationConfirmed");
  return {
    couriersVerified: couriers.filter((facts) => facts.status === "active").length,
    volunteerTeam: couriers.filter((facts) => facts.volunteerTeamMember).length,
    activitiesCompleted: completed.length,
    activitiesCancelled: activities.filter((summary) => summary.status === "cancelled").length,
    participations: completed.reduce((sum, summary) => sum + summary.confirmed, 0),
    uniqueParticipants: new Set(
      confirmations.map((event) => (event.data as { courierId: string }).courierId),
    ).size,
    volunteerHundredths: completed.reduce(
      (sum, summary) => sum + Math.round(summary.confirmedHours * 100),
      0,
    ),
    walkIns: completed.reduce((sum, summary) => sum + summary.walkIns, 0),
    noShows: completed.reduce((sum, summary) => sum + summary.noShows, 0),
    cancelledSignUps: activities.reduce((sum, summary) => sum + summary.cancelledSignUps, 0),
    pauses: eventsOfType(run, "SignUpsPaused").length,
    reports: reports.total,
    reportsByStatus: nonZero(reports.byStatus),
    reportsByCategory: Object.fromEntries(
      Object.entries(reports.byCategory).map(([category, counts]) => [category, nonZero(counts)]),
    ),
    reportsVerified: reports.verified,
    duplicates: reports.duplicates,
    corroborations: reports.corroborations,
    reopened: reports.reopened,
    overdueReports: reports.overdue,
    suggestions: suggestions.total,
    suggestionsByStatus: nonZero(suggestions.byStatus),
    suggestionsAdopted: suggestions.adopted,
    suggestionsCompleted: suggestions.completed,
    seconds: suggestions.seconds,
    suggestionsResponded: suggestions.responded,
    suggestionsOverdue: suggestions.overdueFirstResponses,
  };
};

describe("a month of the Jinshan station (November 2026)", () => {
  const plan = planStationMonth({ seed: 20_261_101, couriers: 70 });
  const run = playStationMonth(plan);

  it("is the month issue 3 asks for: 70 couriers, a few dozen activities, about 100 suggestions, some reports", () => {
    expect(plan.couriers).toHaveLength(70);
    expect(plan.activities.length).toBeGreaterThanOrEqual(24);
    expect(plan.activities.length).toBeLessThanOrEqual(48);
    expect(plan.suggestions).toHaveLength(100);
    expect(plan.reports.length).toBeGreaterThanOrEqual(20);
    expect(plan.steps.length).toBeGreaterThan(1_000);
  });

  it("answers every command as the rules say: accepted, refused with its code, or a duplicate", () => {
    expect(mismatches(run)).toEqual([]);
    // The month exercises the rules, not only the happy paths.
    const refusedCodes = new Set(run.results.flatMap((result) => result.code ?? []));
    for (const code of [
      "access.forbidden",
      "command.id_conflict",
      "courier.mobile_already_registered",
      "courier.consent_required",
      "activity.in_peak_hours",
      "activity.full",
      "activity.volunteer_team_only",
      "activity.sign_ups_paused",
      "activity.wrong_check_in_code",
      "activity.outside_check_in_window",
      "activity.too_early_to_start",
      "report.not_assigned_handler",
      "report.original_not_verified",
      "report.confirmation_pending",
      "suggestion.own_suggestion",
      "suggestion.no_draft",
    ]) {
      expect(refusedCodes, code).toContain(code);
    }
  });

  it("stores nothing for a refused or repeated command, and explains every refusal in zh-CN and en", () => {
    const unchanged = run.results.filter((result) => result.outcome !== "accepted");
    expect(unchanged.length).toBeGreaterThan(30);
    for (const result of unchanged) {
      expect(result.events, describeResult(result)).toBe(0);
      expect(result.versionAfter, describeResult(result)).toBe(result.versionBefore);
    }
    for (const result of unchanged.filter((entry) => entry.outcome === "refused")) {
      expect(result.text?.["zh-CN"], describeResult(result)).toMatch(/\S/);
      expect(result.text?.en, describeResult(result)).toMatch(/\S/);
    }
    const accepted = run.results.filter((result) => result.outcome === "accepted");
    expect(
      accepted.reduce((sum, result) => sum + result.events, 0) +
        run.flows.reduce((sum, result) => sum + result.events, 0),
    ).toBe(run.events.length);
  });

  it("counts every no-show on its courier and pauses sign-ups where the plan's model says", () => {
    expect(run.flows.every((result) => result.outcome === "accepted")).toBe(true);
    const noShowEvents = eventsOfType(run, "ParticipationMarkedNoShow");
    expect(run.flows).toHaveLength(noShowEvents.length);
    const paused = eventsOfType(run, "SignUpsPaused").map((event) => ({
      courierId: (event.data as { courierId: string }).courierId,
      at: event.time,
    }));
    expect(paused).toEqual(plan.pauses);
    expect(plan.pauses.length).toBeGreaterThan(0);
  });

  it("rebuilds every aggregate from its events to the state that was stored", () => {
    const streams = new Map<string, DomainEvent[]>();
    for (const event of run.events) {
      streams.set(event.stream, [...(streams.get(event.stream) ?? []), event as DomainEvent]);
    }
    const check = <State, Event extends DomainEvent>(
      records: ReadonlyMap<
        string,
        {
          readonly state: State;
          readonly version: number;
          readonly aggregate: string;
          readonly id: string;
        }
      >,
      decider: {
        readonly initialState: () => State;
        readonly evolve: (state: State, event: Event) => State;
      },
    ) => {
      for (const record of records.values()) {
        const events = streams.get(`${record.aggregate}-${record.id}`) ?? [];
        expect(events).toHaveLength(record.version);
        expect(replay(decider, events as ReadonlyArray<DomainEvent> as Event[])).toEqual(
          record.state,
        );
      }
    };
    check(run.couriers, courierDecider);
    check(run.activities, activityDecider);
    check(run.reports, reportDecider);
    check(run.suggestions, suggestionDecider);
  });

  it("shows the totals the plan implies: activities, 人次, unique participants, hours, reports, suggestions", () => {
    const expected = expectedTotals(plan);
    const actual = statisticsFromEvents(run, plan.policy);
    expect(actual).toEqual(expected);
    // The figures are not trivially empty.
    expect(expected.participations).toBeGreaterThan(expected.uniqueParticipants);
    expect(expected.volunteerHundredths).toBeGreaterThan(0);
    expect(expected.suggestionsAdopted).toBeGreaterThan(0);
    expect(expected.corroborations).toBeGreaterThan(0);
  });

  it("ends every lifecycle where the plan says", () => {
    for (const activity of plan.activities) {
      const state = run.activities.get(activity.activityId)?.state;
      expect(state?.status, activity.activityId).toBe(activity.fate);
    }
    for (const report of plan.reports) {
      expect(run.reports.get(report.reportId)?.state.status, report.reportId).toBe(
        reportStatusAfter[report.path],
      );
    }
    for (const suggestion of plan.suggestions) {
      expect(
        run.suggestions.get(suggestion.suggestionId)?.state.status,
        suggestion.suggestionId,
      ).toBe(suggestionStatusAfter[suggestion.path]);
    }
    for (const courier of plan.couriers) {
      const record = run.couriers.get(courier.courierId);
      expect(record?.state.status, courier.courierId).toBe(
        courier.fate === "verified" ? "active" : "rejected",
      );
    }
  });

  it("emits the events points will earn from, one per fact", () => {
    const expected = expectedTotals(plan);
    expect(eventsOfType(run, "CourierVerified")).toHaveLength(expected.couriersVerified);
    expect(eventsOfType(run, "ParticipationConfirmed")).toHaveLength(expected.participations);
    expect(eventsOfType(run, "ReportVerified")).toHaveLength(expected.reportsVerified);
    expect(eventsOfType(run, "ReportMarkedDuplicate")).toHaveLength(expected.corroborations);
    expect(eventsOfType(run, "SuggestionAdopted")).toHaveLength(expected.suggestionsAdopted);
  });

  it("is the same month for the same seed, and another month for another", () => {
    expect(planStationMonth({ seed: 20_261_101, couriers: 70 }).steps).toEqual(plan.steps);
    expect(planStationMonth({ seed: 7, couriers: 70 }).steps).not.toEqual(plan.steps);
  });

  it("holds for other seeds and station sizes too", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        fc.integer({ min: 20, max: 90 }),
        (seed, couriers) => {
          const otherPlan = planStationMonth({ seed, couriers });
          const otherRun = playStationMonth(otherPlan);
          expect(mismatches(otherRun)).toEqual([]);
          expect(statisticsFromEvents(otherRun, otherPlan.policy)).toEqual(
            expectedTotals(otherPlan),
          );
        },
      ),
      // 88 couriers once put the no-consent courier's verification after its consent.
      { numRuns: 5, examples: [[15, 88]] },
    );
  });
});
