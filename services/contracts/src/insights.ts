import {
  ActivityKind,
  CourierStatus,
  Instant,
  Platform,
  ReportStatus,
  StationId,
  StatisticsPeriod,
  SuggestionStatus,
} from "@courier-station/core";
import { EarningReason } from "@courier-station/points";
import { z } from "zod";
import { defineContract, publicQueryContract, queryContract } from "./contract.js";

const count = z.number().int().min(0);
const points = z.number().int().min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER);
const hours = z.number().min(0);
const millis = z.number().min(0);
const calendarYear = z.number().int().min(1970).max(9999);
const calendarMonth = z.number().int().min(1).max(12);

/**
 * The period a figure is asked for: a local calendar month, quarter or year in the
 * community's time zone, or since opening (the station's, or for the whole community the
 * first station's) until now.
 */
export const FiguresPeriodRequest = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("month"), year: calendarYear, month: calendarMonth }),
  z.strictObject({
    kind: z.literal("quarter"),
    year: calendarYear,
    quarter: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
  }),
  z.strictObject({ kind: z.literal("year"), year: calendarYear }),
  z.strictObject({ kind: z.literal("sinceOpening") }),
]);
/** The period a figure is asked for. */
export type FiguresPeriodRequest = z.infer<typeof FiguresPeriodRequest>;

const byPlatform = z.record(Platform, count);
const participationCount = z.object({ participants: count, participations: count });
const reportCounts = z.record(ReportStatus, count);
const suggestionCounts = z.record(SuggestionStatus, count);

/** Core's `ProgrammeFigures`: couriers, activities, sentinel reports and suggestions. */
export const ProgrammeFiguresSchema = z.object({
  period: StatisticsPeriod,
  stationId: StationId.optional(),
  couriers: z.object({
    checkedIn: count,
    verified: count,
    partyMembersCheckedIn: count,
    checkedInByPlatform: byPlatform,
    registered: count,
    byStatus: z.record(CourierStatus, count),
    byPlatform,
    active: count,
    volunteerTeam: count,
    partyMembers: count,
    signUpsPaused: count,
  }),
  activities: z.object({
    held: count,
    cancelled: count,
    heldByKind: z.record(ActivityKind, count),
    participations: count,
    participants: count,
    participationsByKind: z.record(ActivityKind, count),
    volunteerHours: hours,
    walkIns: count,
    noShows: count,
    byPartyMembers: participationCount,
    byPlatform: z.record(Platform, participationCount),
  }),
  reports: z.object({
    total: count,
    reporters: count,
    byStatus: reportCounts,
    byCategory: z.record(z.string(), reportCounts),
    verified: count,
    duplicates: count,
    corroborations: count,
    overdue: count,
    reopened: count,
    averageMillisToAcceptance: millis.optional(),
    averageMillisToResolution: millis.optional(),
    medianMillisToResolution: millis.optional(),
  }),
  suggestions: z.object({
    total: count,
    authors: count,
    byStatus: suggestionCounts,
    byTopic: z.record(z.string(), suggestionCounts),
    adopted: count,
    completed: count,
    adoptionRate: z.number().min(0).max(1).optional(),
    seconds: count,
    responded: count,
    overdueFirstResponses: count,
    averageMillisToFirstResponse: millis.optional(),
    medianMillisToFirstResponse: millis.optional(),
  }),
});

/** The wishes package's `WishFigures`: micro-wishes submitted and fulfilled. */
export const WishFiguresSchema = z.object({
  period: StatisticsPeriod,
  stationId: StationId.optional(),
  submitted: count,
  fulfilled: count,
  byPoints: count,
  bySponsor: count,
  byPointsAndSponsor: count,
  byCommunity: count,
  valueFulfilledFen: count,
  pointsSpent: count,
  sponsors: count,
  wishLighting: z.object({ events: count, wishes: count, sponsors: count }),
  open: count,
  awaitingHandOverAtEvents: count,
});

/** The wishes package's `CatalogueFigures`: the reward catalogue. */
export const CatalogueFiguresSchema = z.object({
  period: StatisticsPeriod,
  stationId: StationId.optional(),
  redeemed: count,
  pickedUp: count,
  unitsPickedUp: count,
  pointsSpent: count,
  unitsByItem: z.record(z.string(), count),
});

/** The points package's `PointsSummary`: earned, spent, expired and outstanding points. */
export const PointsSummarySchema = z.object({
  period: StatisticsPeriod,
  earnedByReason: z.record(EarningReason, points),
  earned: points,
  spentByReason: z.object({ wish_redemption: points, catalogue_redemption: points }),
  spent: points,
  expired: points,
  granted: points,
  deducted: points,
  openingOutstanding: points,
  closingOutstanding: points,
  heldAtClose: points,
  couriersEarning: count,
  couriersSpending: count,
  transferCount: count,
});

/**
 * The figures of one scope (the community, or one station) over one period, every one
 * from the packages' statistics functions over the insights projection. `points` is the
 * community's ledger (points belong to the community, not to a station), so only the
 * community's figures carry it. `asOfPosition` is the last event of the log counted.
 * A month's figures also carry its participations by ISO week (`participationsByWeek`).
 */
export const InsightsFiguresView = z.object({
  stationId: StationId.optional(),
  period: StatisticsPeriod,
  takenAt: Instant,
  asOfPosition: count,
  programme: ProgrammeFiguresSchema,
  wishes: WishFiguresSchema,
  catalogue: CatalogueFiguresSchema,
  points: PointsSummarySchema.optional(),
  /**
   * For a month only: participations (人次) and participants (人数) in each ISO week (from
   * Monday, in the community's time zone) the month touches, each week cut to the month,
   * so the weeks' participations add up to the month's.
   */
  participationsByWeek: z
    .array(
      z.object({
        year: calendarYear,
        week: z.number().int().min(1).max(53),
        period: StatisticsPeriod,
        participations: count,
        participants: count,
      }),
    )
    .optional(),
});
/** The figures of one scope over one period. */
export type InsightsFiguresView = z.infer<typeof InsightsFiguresView>;

const runningCounts = z.object({
  activitiesHeld: count,
  participations: count,
  volunteerHours: hours,
  couriersCheckedIn: count,
  reports: count,
  suggestions: count,
});

/** Core's running totals (累计) month by month since opening. */
export const RunningTotalsView = z.object({
  stationId: StationId.optional(),
  since: Instant.optional(),
  months: z.array(
    z.object({
      year: calendarYear,
      month: calendarMonth,
      period: StatisticsPeriod,
      inMonth: runningCounts,
      cumulative: runningCounts,
    }),
  ),
});
/** Running totals month by month since opening. */
export type RunningTotalsView = z.infer<typeof RunningTotalsView>;

/**
 * The year's figures as the public may read them (公开数据): aggregate counts of the
 * community or one station over a local calendar year, nothing of any person. Points
 * belong to the community, so only the community's figures carry `pointsEarned`.
 */
export const PublicFiguresView = z.strictObject({
  stationId: StationId.optional(),
  year: calendarYear,
  period: StatisticsPeriod,
  takenAt: Instant,
  /** Couriers checked in (小哥报到) by the year's end, whatever became of them. */
  couriersRegistered: count,
  /** Couriers who checked in during the year. */
  couriersCheckedIn: count,
  /** Members of the volunteer team (e哥志愿服务队) at the year's end. */
  volunteerTeam: count,
  activitiesHeld: count,
  /** Participations (人次). */
  participations: count,
  volunteerHours: hours,
  pointsEarned: points.optional(),
  wishesFulfilled: count,
  reportsSubmitted: count,
  /** Reports resolved or closed after resolution. */
  reportsResolved: count,
  suggestionsSubmitted: count,
  suggestionsAdopted: count,
});
/** The year's figures as the public may read them. */
export type PublicFiguresView = z.infer<typeof PublicFiguresView>;

/** The formats a monthly report comes in. */
export const MonthlyReportFormat = z.enum(["csv", "xlsx"]);
/** The format of a monthly report. */
export type MonthlyReportFormat = z.infer<typeof MonthlyReportFormat>;

/** The languages a monthly report's headings come in. */
export const ReportLanguage = z.enum(["zh-CN", "en"]);
/** The language of a monthly report's headings. */
export type ReportLanguage = z.infer<typeof ReportLanguage>;

/**
 * A monthly report as a file: its name, media type and content — UTF-8 text for CSV (with
 * a byte-order mark, so spreadsheet programs read the Chinese headings), base64 for an
 * .xlsx workbook.
 */
export const MonthlyReportFile = z.strictObject({
  fileName: z.string().min(1).max(200),
  mediaType: z.enum([
    "text/csv",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  ]),
  encoding: z.enum(["utf-8", "base64"]),
  content: z.string(),
});
/** A monthly report as a file. */
export type MonthlyReportFile = z.infer<typeof MonthlyReportFile>;

/**
 * The insights service's contract (`cs.<community>.insights.<Endpoint>`): the statistics
 * a district reports, read from a projection of the event log. Staff and auditors ask;
 * the year's public figures anyone may read.
 */
export const insightsContract = defineContract({
  service: "insights",
  description:
    "The statistics a district reports (统计): per community and station, for any month, quarter, year or since opening, projected from the event log; the monthly report as CSV or .xlsx.",
  endpoints: {
    GetFigures: queryContract({
      name: "GetFigures",
      description:
        "The figures of the community or one station over a period: couriers, activities and participation (人次, 人数, volunteer hours), sentinel reports, suggestions, micro-wishes, the catalogue, (for the community) points, and for a month its participations by ISO week.",
      roles: ["staff", "auditor"],
      parameters: { stationId: StationId.optional(), period: FiguresPeriodRequest },
      output: InsightsFiguresView,
    }),
    GetPublicFigures: publicQueryContract({
      name: "GetPublicFigures",
      description:
        "The year's figures of the community or one station as the public may read them, without signing in: couriers registered, activities held, participations and volunteer hours, points earned (the community's), wishes fulfilled, reports resolved, suggestions adopted. Counts only; the year defaults to the current one in the community's time zone.",
      parameters: { stationId: StationId.optional(), year: calendarYear.optional() },
      output: PublicFiguresView,
    }),
    GetRunningTotals: queryContract({
      name: "GetRunningTotals",
      description:
        "Running totals (累计) month by month since the station opened, or the community's first station.",
      roles: ["staff", "auditor"],
      parameters: { stationId: StationId.optional() },
      output: RunningTotalsView,
    }),
    GetMonthlyReport: queryContract({
      name: "GetMonthlyReport",
      description:
        "A month's report (月报) of the community and each station as a CSV file or an .xlsx workbook, with headings in zh-CN or en.",
      roles: ["staff", "auditor"],
      parameters: {
        year: calendarYear,
        month: calendarMonth,
        format: MonthlyReportFormat,
        language: ReportLanguage,
      },
      output: MonthlyReportFile,
    }),
  },
});
