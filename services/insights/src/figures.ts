import {
  type ActivityState,
  activityDecider,
  type CourierState,
  courierDecider,
  type Instant,
  type MonthRunningTotal,
  millisOf,
  monthPeriod,
  type ProgrammeFigures,
  type ProgrammeRecords,
  periodSince,
  programmeFigures,
  quarterPeriod,
  type ReportState,
  reportDecider,
  runningTotals,
  type StationId,
  type StationState,
  type StatisticsPeriod,
  type SuggestionPolicy,
  type SuggestionState,
  startOfLocalDay,
  stationDecider,
  suggestionDecider,
  yearPeriod,
} from "@courier-station/core";
import {
  isoWeekOf,
  type PointsSummary,
  pointsAccountDecider,
  pointsSummary,
  type Transfer,
} from "@courier-station/points";
import {
  type CatalogueFigures,
  type CatalogueRedemptionState,
  catalogueFigures,
  catalogueRedemptionDecider,
  type WishFigures,
  type WishState,
  wishDecider,
  wishFigures,
} from "@courier-station/wishes";
import type { ProjectedAccount, ProjectedAggregate } from "./projection.js";

/** What the figures are counted from: the projection's documents of one community. */
export interface InsightsRecords extends ProgrammeRecords {
  readonly couriers: ReadonlyArray<CourierState>;
  readonly activities: ReadonlyArray<ActivityState>;
  readonly reports: ReadonlyArray<ReportState>;
  readonly suggestions: ReadonlyArray<SuggestionState>;
  readonly stations: ReadonlyArray<StationState>;
  readonly wishes: ReadonlyArray<WishState>;
  readonly catalogueRedemptions: ReadonlyArray<CatalogueRedemptionState>;
  /** Every transfer of the community's courier accounts. */
  readonly transfers: ReadonlyArray<Transfer>;
}

/**
 * The records of a community from the projection's documents, each kind in the order of
 * its documents' ids (so the same documents give the same records, however they were read).
 *
 * @example
 * const records = recordsOf(yield* projectedAggregatesOf(community));
 */
export const recordsOf = (documents: ReadonlyArray<ProjectedAggregate>): InsightsRecords => {
  const sorted = [...documents].sort((a, b) =>
    a.aggregate === b.aggregate
      ? a.aggregateId < b.aggregateId
        ? -1
        : a.aggregateId > b.aggregateId
          ? 1
          : 0
      : a.aggregate < b.aggregate
        ? -1
        : 1,
  );
  const of = <State>(aggregate: string): State[] =>
    sorted.filter((document) => document.aggregate === aggregate).map((d) => d.state as State);
  return {
    couriers: of<CourierState>(courierDecider.aggregate),
    activities: of<ActivityState>(activityDecider.aggregate),
    reports: of<ReportState>(reportDecider.aggregate),
    suggestions: of<SuggestionState>(suggestionDecider.aggregate),
    stations: of<StationState>(stationDecider.aggregate),
    wishes: of<WishState>(wishDecider.aggregate),
    catalogueRedemptions: of<CatalogueRedemptionState>(catalogueRedemptionDecider.aggregate),
    transfers: of<ProjectedAccount>(pointsAccountDecider.aggregate).flatMap(
      (account) => account.transfers,
    ),
  };
};

/** The period of a figure as asked: a local month, quarter, year, or since opening. */
export type PeriodRequest =
  | { readonly kind: "month"; readonly year: number; readonly month: number }
  | { readonly kind: "quarter"; readonly year: number; readonly quarter: 1 | 2 | 3 | 4 }
  | { readonly kind: "year"; readonly year: number }
  | { readonly kind: "sinceOpening" };

const earlier = (a: Instant, b: Instant): Instant => (millisOf(a) <= millisOf(b) ? a : b);
const later = (a: Instant, b: Instant): Instant => (millisOf(a) >= millisOf(b) ? a : b);

/**
 * When a scope opened: a station's opening, or for the whole community its first
 * station's; `undefined` while none has opened.
 *
 * @example
 * openedAtOf(records.stations); // the first station's opening
 */
export const openedAtOf = (
  stations: ReadonlyArray<StationState>,
  stationId?: StationId,
): Instant | undefined => {
  let opened: Instant | undefined;
  for (const state of stations) {
    if (state.status === "unopened") continue;
    if (stationId !== undefined && state.stationId !== stationId) continue;
    opened = opened === undefined ? state.openedAt : earlier(opened, state.openedAt);
  }
  return opened;
};

/**
 * The period a request names, in the community's time zone. Since opening runs from the
 * scope's opening to `now`; before anything opened it is empty.
 *
 * @example
 * periodOf({ kind: "quarter", year: 2026, quarter: 4 }, "Asia/Shanghai", undefined, now);
 */
export const periodOf = (
  request: PeriodRequest,
  timeZone: string,
  openedAt: Instant | undefined,
  now: Instant,
): StatisticsPeriod => {
  switch (request.kind) {
    case "month":
      return monthPeriod(request.year, request.month, timeZone);
    case "quarter":
      return quarterPeriod(request.year, request.quarter, timeZone);
    case "year":
      return yearPeriod(request.year, timeZone);
    case "sinceOpening":
      return openedAt === undefined
        ? periodSince(now, now)
        : periodSince(openedAt, later(openedAt, now));
  }
};

/** The figures of one scope over one period, every one from the packages' functions. */
export interface ScopeFigures {
  readonly stationId?: StationId;
  readonly period: StatisticsPeriod;
  readonly programme: ProgrammeFigures;
  readonly wishes: WishFigures;
  readonly catalogue: CatalogueFigures;
  /** The community's points; absent for a station (points belong to the community). */
  readonly points?: PointsSummary;
}

/**
 * The figures of the community or one station over a period, as examples/jinshan counts
 * them: core's `programmeFigures`, wishes' `wishFigures` and `catalogueFigures`, and for
 * the community points' `pointsSummary`. Standing figures (overdue reports, open wishes,
 * couriers by status) are taken at `now`, or at the period's end when that came first.
 *
 * @example
 * scopeFigures(records, { period: monthPeriod(2026, 11, timeZone), now }, policy.suggestions);
 */
export const scopeFigures = (
  records: InsightsRecords,
  scope: {
    readonly period: StatisticsPeriod;
    readonly stationId?: StationId;
    readonly now: Instant;
  },
  policy: Pick<SuggestionPolicy, "firstResponseDays">,
): ScopeFigures => {
  const { period, stationId } = scope;
  const filter = { period, ...(stationId === undefined ? {} : { stationId }) };
  return {
    ...(stationId === undefined ? {} : { stationId }),
    period,
    programme: programmeFigures(records, { ...filter, now: earlier(scope.now, period.to) }, policy),
    wishes: wishFigures(records.wishes, filter),
    catalogue: catalogueFigures(records.catalogueRedemptions, filter),
    ...(stationId === undefined ? { points: pointsSummary(records.transfers, period) } : {}),
  };
};

/**
 * Running totals (累计) month by month from the scope's opening to `now` (core's
 * `runningTotals`); none before anything opened.
 *
 * @example
 * scopeRunningTotals(records, { now, timeZone }, policy.suggestions).at(-1)?.cumulative;
 */
export const scopeRunningTotals = (
  records: InsightsRecords,
  scope: { readonly stationId?: StationId; readonly now: Instant; readonly timeZone: string },
  policy: Pick<SuggestionPolicy, "firstResponseDays">,
): ReadonlyArray<MonthRunningTotal> => {
  const since = openedAtOf(records.stations, scope.stationId);
  if (since === undefined) return [];
  return runningTotals(
    records,
    {
      since,
      until: later(since, scope.now),
      timeZone: scope.timeZone,
      ...(scope.stationId === undefined ? {} : { stationId: scope.stationId }),
    },
    policy,
  );
};

/** The stations of a community that have opened, in id order, with their names. */
export const openedStationsOf = (
  records: InsightsRecords,
): ReadonlyArray<Extract<StationState, { readonly stationId: StationId }>> =>
  records.stations
    .flatMap((state) => (state.status === "unopened" ? [] : [state]))
    .sort((a, b) => (a.stationId < b.stationId ? -1 : a.stationId > b.stationId ? 1 : 0));

/** One ISO week of a month, cut to the month: its week-year, number and period. */
export interface MonthWeek {
  /** The ISO week-year (the week of 1 January may belong to the year before). */
  readonly year: number;
  /** The ISO week number, 1 to 53. */
  readonly week: number;
  /** From the week's Monday (or the month's first day) to the next Monday (or the month's end). */
  readonly period: StatisticsPeriod;
}

/**
 * The ISO weeks (from Monday, local midnights in the community's time zone) a local
 * calendar month touches, oldest first, each cut to the month: together they cover the
 * month exactly, so what is counted by week adds up to the month.
 *
 * @example
 * monthWeeksOf(2026, 11, "Asia/Shanghai").map((w) => w.week); // [44, 45, 46, 47, 48, 49]
 */
export const monthWeeksOf = (
  year: number,
  month: number,
  timeZone: string,
): ReadonlyArray<MonthWeek> => {
  const monthly = monthPeriod(year, month, timeZone);
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const starts = [1];
  for (let day = 2; day <= days; day++) {
    // getUTCDay: 1 is Monday; a calendar date's weekday does not depend on the time zone.
    if (new Date(Date.UTC(year, month - 1, day)).getUTCDay() === 1) starts.push(day);
  }
  return starts.map((day, index) => {
    const next = starts[index + 1];
    return {
      ...isoWeekOf(year, month, day),
      period: {
        from: index === 0 ? monthly.from : startOfLocalDay(year, month, day, timeZone),
        to: next === undefined ? monthly.to : startOfLocalDay(year, month, next, timeZone),
      },
    };
  });
};

/** Participations (人次) and participants (人数) of one ISO week of a month. */
export interface WeekParticipations extends MonthWeek {
  readonly participations: number;
  readonly participants: number;
}

/**
 * Participations by ISO week in a local month, for the community or one station: core's
 * `programmeFigures` over each of the month's weeks (`monthWeeksOf`), so an activity counts
 * in the week it starts, as it counts in the month, and the weeks' participations add up to
 * the month's.
 *
 * @example
 * participationsByWeekOf(records, { year: 2026, month: 11, timeZone }, policy.suggestions);
 */
export const participationsByWeekOf = (
  records: InsightsRecords,
  scope: {
    readonly year: number;
    readonly month: number;
    readonly timeZone: string;
    readonly stationId?: StationId;
  },
  policy: Pick<SuggestionPolicy, "firstResponseDays">,
): ReadonlyArray<WeekParticipations> =>
  monthWeeksOf(scope.year, scope.month, scope.timeZone).map((week) => {
    const { activities } = programmeFigures(
      records,
      {
        period: week.period,
        ...(scope.stationId === undefined ? {} : { stationId: scope.stationId }),
      },
      policy,
    );
    return {
      ...week,
      participations: activities.participations,
      participants: activities.participants,
    };
  });
