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
  stationDecider,
  suggestionDecider,
  yearPeriod,
} from "@courier-station/core";
import {
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
