import {
  decisionTime,
  type InsightsFiguresView,
  type MonthlyReportFile,
  PolicyBook,
  type RunningTotalsView,
} from "@courier-station/contracts";
import {
  CommunityNotFound,
  type CommunityPolicy,
  type Instant,
  millisOf,
  monthPeriod,
  type StationId,
  StationNotFound,
} from "@courier-station/core";
import type { Store } from "@courier-station/kit";
import { Effect } from "effect";
import {
  type InsightsRecords,
  openedAtOf,
  openedStationsOf,
  type PeriodRequest,
  participationsByWeekOf,
  periodOf,
  recordsOf,
  scopeFigures,
  scopeRunningTotals,
} from "./figures.js";
import {
  type MonthlyReport,
  monthlyReportCsv,
  monthlyReportFileName,
  monthlyReportWorkbook,
  type ReportLanguage,
} from "./monthly-report.js";
import {
  catchUpInsights,
  type InsightsProjection,
  projectedAggregatesOf,
  serviceProjection,
} from "./projection.js";

/** What a query reads: the community's records, the log position they are as of, the time and policy. */
export interface InsightsSnapshot {
  readonly records: InsightsRecords;
  readonly position: number;
  readonly now: Instant;
  readonly policy: CommunityPolicy;
}

/**
 * How far a query reads on in the log before it answers: up to 10,000 events. A station's
 * backlog is far smaller; after a rebuild or a long stop the `projection` timer reads the
 * rest, and a query's `asOfPosition` says how far its figures go, instead of a question
 * waiting past the bus's timeout.
 */
const queryCatchUp = { pageSize: 500, maxPages: 20 } as const;

/**
 * The community's records as of the end of the log: the projection is caught up first
 * (within `queryCatchUp`), so the figures include what happened up to the question (as the
 * read-your-writes of the other services' lists), then read with the policy in force now.
 *
 * @example
 * const { records, policy } = yield* insightsSnapshot(community);
 */
export const insightsSnapshot = (
  community: string,
  projection: InsightsProjection = serviceProjection,
): Effect.Effect<InsightsSnapshot, unknown, Store | PolicyBook> =>
  Effect.gen(function* () {
    const position = yield* catchUpInsights({ projection, ...queryCatchUp });
    const documents = yield* projectedAggregatesOf(community, projection);
    const now = yield* decisionTime;
    const book = yield* PolicyBook;
    const { policy } = yield* book.inForceAt(community, now);
    return { records: recordsOf(documents), position, now, policy };
  });

/**
 * Fails with `station.not_found` when a station is named that is unknown or not opened;
 * the community's figures (no station) always pass.
 *
 * @example
 * yield* knownStation(records, request.stationId);
 */
export const knownStation = (
  records: InsightsRecords,
  stationId: StationId | undefined,
): Effect.Effect<void, StationNotFound> =>
  stationId === undefined || openedStationsOf(records).some((s) => s.stationId === stationId)
    ? Effect.void
    : Effect.fail(new StationNotFound({ stationId }));

/**
 * Fails with `community.not_found` for a community of which nothing is recorded and that
 * the registry never registered, as the registry answers for its stations: a name that
 * exists nowhere has no figures, rather than figures of zero. A registered community where
 * nothing has happened yet passes (its figures are zeros).
 *
 * @example
 * yield* knownCommunity(community, records);
 */
export const knownCommunity = (
  community: string,
  records: InsightsRecords,
): Effect.Effect<void, unknown, PolicyBook> =>
  Effect.gen(function* () {
    const kinds: ReadonlyArray<ReadonlyArray<unknown>> = [
      records.couriers,
      records.stations,
      records.activities,
      records.reports,
      records.suggestions,
      records.wishes,
      records.catalogueRedemptions,
      records.transfers,
    ];
    if (kinds.some((kind) => kind.length > 0)) return;
    const book = yield* PolicyBook;
    if (yield* book.isRegistered(community)) return;
    return yield* Effect.fail(new CommunityNotFound({ communityId: community }));
  });

/**
 * `GetFigures`: the figures of the community or one opened station over the period asked
 * (an unknown or unopened station is `station.not_found`); for a month, with its
 * participations by ISO week (`participationsByWeekOf`).
 *
 * @example
 * yield* figuresFor(community, { period: { kind: "month", year: 2026, month: 11 } });
 */
export const figuresFor = (
  community: string,
  request: { readonly stationId?: StationId | undefined; readonly period: PeriodRequest },
): Effect.Effect<InsightsFiguresView, unknown, Store | PolicyBook> =>
  Effect.gen(function* () {
    const { records, position, now, policy } = yield* insightsSnapshot(community);
    const { stationId } = request;
    yield* knownStation(records, stationId);
    const period = periodOf(
      request.period,
      policy.general.timeZone,
      openedAtOf(records.stations, stationId),
      now,
    );
    const figures = scopeFigures(
      records,
      { period, now, ...(stationId === undefined ? {} : { stationId }) },
      policy.suggestions,
    );
    const byWeek =
      request.period.kind === "month"
        ? {
            participationsByWeek: [
              ...participationsByWeekOf(
                records,
                {
                  year: request.period.year,
                  month: request.period.month,
                  timeZone: policy.general.timeZone,
                  ...(stationId === undefined ? {} : { stationId }),
                },
                policy.suggestions,
              ),
            ],
          }
        : {};
    return { ...figures, ...byWeek, takenAt: now, asOfPosition: position };
  });

/**
 * `GetRunningTotals`: month by month since the station (or the community's first
 * station) opened, to now.
 *
 * @example
 * yield* runningTotalsFor(community, {});
 */
export const runningTotalsFor = (
  community: string,
  request: { readonly stationId?: StationId | undefined },
): Effect.Effect<RunningTotalsView, unknown, Store | PolicyBook> =>
  Effect.gen(function* () {
    const { records, now, policy } = yield* insightsSnapshot(community);
    const { stationId } = request;
    yield* knownStation(records, stationId);
    const since = openedAtOf(records.stations, stationId);
    const months = scopeRunningTotals(
      records,
      { now, timeZone: policy.general.timeZone, ...(stationId === undefined ? {} : { stationId }) },
      policy.suggestions,
    );
    return {
      ...(stationId === undefined ? {} : { stationId }),
      ...(since === undefined ? {} : { since }),
      months: [...months],
    };
  });

/**
 * The report of one local month from a snapshot: the community's column, then each opened
 * station's, and the community's running totals to the month's end (or now, if sooner).
 *
 * @example
 * monthlyReportOf(community, snapshot, 2026, 11);
 */
export const monthlyReportOf = (
  community: string,
  snapshot: InsightsSnapshot,
  year: number,
  month: number,
): MonthlyReport => {
  const { records, now, policy } = snapshot;
  const period = monthPeriod(year, month, policy.general.timeZone);
  const until = millisOf(period.to) < millisOf(now) ? period.to : now;
  return {
    community,
    year,
    month,
    columns: [
      {
        heading: { "zh-CN": "全社区", en: "Community" },
        figures: scopeFigures(records, { period, now }, policy.suggestions),
      },
      ...openedStationsOf(records).map((station) => ({
        heading: station.name,
        figures: scopeFigures(
          records,
          { period, now, stationId: station.stationId },
          policy.suggestions,
        ),
      })),
    ],
    runningTotals: scopeRunningTotals(
      records,
      { now: until, timeZone: policy.general.timeZone },
      policy.suggestions,
    ),
    takenAt: now,
  };
};

/**
 * `GetMonthlyReport`: a month's report as CSV text or an .xlsx workbook in base64, with
 * headings in the language asked.
 *
 * @example
 * yield* monthlyReportFor(community, { year: 2026, month: 11, format: "xlsx", language: "zh-CN" });
 */
export const monthlyReportFor = (
  community: string,
  request: {
    readonly year: number;
    readonly month: number;
    readonly format: "csv" | "xlsx";
    readonly language: ReportLanguage;
  },
): Effect.Effect<MonthlyReportFile, unknown, Store | PolicyBook> =>
  Effect.gen(function* () {
    const snapshot = yield* insightsSnapshot(community);
    const report = monthlyReportOf(community, snapshot, request.year, request.month);
    const fileName = monthlyReportFileName(report, request.language, request.format);
    if (request.format === "csv") {
      return {
        fileName,
        mediaType: "text/csv",
        encoding: "utf-8",
        content: monthlyReportCsv(report, snapshot.policy, request.language),
      } as const;
    }
    const bytes = yield* Effect.promise(() =>
      monthlyReportWorkbook(report, snapshot.policy, request.language),
    );
    return {
      fileName,
      mediaType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      encoding: "base64",
      content: Buffer.from(bytes).toString("base64"),
    } as const;
  });
