import { medianOf } from "../kernel/median.js";
import { type Instant, millisOf } from "../kernel/time.js";
import { isReportOverdue } from "./deadlines.js";
import { isSubmitted, type ReportState } from "./state.js";
import { type ReportStatus, ReportStatus as ReportStatusSchema } from "./values.js";

/** How many reports are in each status. */
export type ReportCountsByStatus = Readonly<Record<ReportStatus, number>>;

/** A summary of many reports, for statistics and dashboards. */
export interface ReportSummary {
  readonly total: number;
  /** How many couriers made the reports (each counted once). */
  readonly reporters: number;
  readonly byStatus: ReportCountsByStatus;
  /** Per category id, how many reports are in each status. */
  readonly byCategory: Readonly<Record<string, ReportCountsByStatus>>;
  /** Reports staff verified as real and useful. */
  readonly verified: number;
  /** Reports rejected as duplicates, and of those, how many credited a corroborator. */
  readonly duplicates: number;
  readonly corroborations: number;
  /** Reports with their handler past their due time at `now`. */
  readonly overdue: number;
  /** Reports reopened at least once. */
  readonly reopened: number;
  /** From submission to acceptance, over the reports accepted (milliseconds), or `undefined`. */
  readonly averageMillisToAcceptance: number | undefined;
  /** From acceptance to the latest resolution, over the reports resolved or closed, or `undefined`. */
  readonly averageMillisToResolution: number | undefined;
  /** The median of the same times to resolution (处置用时中位数), or `undefined`. */
  readonly medianMillisToResolution: number | undefined;
}

const zeroCounts = (): Record<ReportStatus, number> =>
  Object.fromEntries(ReportStatusSchema.options.map((status) => [status, 0])) as Record<
    ReportStatus,
    number
  >;

const average = (values: ReadonlyArray<number>): number | undefined =>
  values.length === 0 ? undefined : values.reduce((sum, value) => sum + value, 0) / values.length;

/**
 * Summarises reports (their states) at `now`: by status and by category, the couriers who
 * made them, verified, duplicates, overdue, reopened and average times to acceptance and
 * resolution. `programmeFigures` applies it to a period and a station. Pure;
 * the insights service feeds it from its read model.
 *
 * @example
 * const summary = summarizeReports(states, clock.now());
 * summary.byCategory["river-patrol"]?.accepted; // 3
 */
export const summarizeReports = (states: Iterable<ReportState>, now: Instant): ReportSummary => {
  const byStatus = zeroCounts();
  const byCategory: Record<string, Record<ReportStatus, number>> = {};
  let total = 0;
  let verified = 0;
  let duplicates = 0;
  let corroborations = 0;
  let overdue = 0;
  let reopened = 0;
  const toAcceptance: number[] = [];
  const toResolution: number[] = [];
  const reporters = new Set<string>();
  for (const state of states) {
    if (!isSubmitted(state)) continue;
    total += 1;
    reporters.add(state.reporterId);
    byStatus[state.status] += 1;
    const counts = byCategory[state.category] ?? zeroCounts();
    counts[state.status] += 1;
    byCategory[state.category] = counts;
    if (state.verifiedAt !== undefined) verified += 1;
    if (state.rejection?.reason === "duplicate") {
      duplicates += 1;
      if (state.rejection.corroborated) corroborations += 1;
    }
    if (isReportOverdue(state, now)) overdue += 1;
    if (state.reopenCount > 0) reopened += 1;
    if (state.acceptedAt !== undefined) {
      toAcceptance.push(millisOf(state.acceptedAt) - millisOf(state.submittedAt));
      // A closed report keeps the resolution that closed it; a reopened one has none yet.
      const resolvedAt = state.resolution?.resolvedAt;
      if (resolvedAt !== undefined) {
        toResolution.push(millisOf(resolvedAt) - millisOf(state.acceptedAt));
      }
    }
  }
  return {
    total,
    reporters: reporters.size,
    byStatus,
    byCategory,
    verified,
    duplicates,
    corroborations,
    overdue,
    reopened,
    averageMillisToAcceptance: average(toAcceptance),
    averageMillisToResolution: average(toResolution),
    medianMillisToResolution: medianOf(toResolution),
  };
};
