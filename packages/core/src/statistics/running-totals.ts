import type { StationId } from "../kernel/ids.js";
import { type Instant, millisOf } from "../kernel/time.js";
import type { SuggestionPolicy } from "../policy/sections/suggestions.js";
import { type ProgrammeRecords, programmeFigures } from "./figures.js";
import { monthPeriod, monthsOf, periodSince, type StatisticsPeriod } from "./period.js";

/** The additive figures a running total adds up, month by month. */
export interface RunningCounts {
  /** Activities held (completed). */
  readonly activitiesHeld: number;
  /** Confirmed participations (人次). */
  readonly participations: number;
  /** Volunteer hours, to two decimals. */
  readonly volunteerHours: number;
  /** Couriers who checked in. */
  readonly couriersCheckedIn: number;
  readonly reports: number;
  readonly suggestions: number;
}

/** One month of a running total: its own figures and the totals up to its end. */
export interface MonthRunningTotal {
  readonly year: number;
  readonly month: number;
  /** The part of the month counted (the first and last months may be cut by the span). */
  readonly period: StatisticsPeriod;
  readonly inMonth: RunningCounts;
  /** From the start of the span up to the end of this month (累计). */
  readonly cumulative: RunningCounts;
}

const countsOf = (
  records: ProgrammeRecords,
  period: StatisticsPeriod,
  stationId: StationId | undefined,
  policy: Pick<SuggestionPolicy, "firstResponseDays">,
): RunningCounts => {
  const figures = programmeFigures(
    records,
    { period, ...(stationId === undefined ? {} : { stationId }) },
    policy,
  );
  return {
    activitiesHeld: figures.activities.held,
    participations: figures.activities.participations,
    volunteerHours: figures.activities.volunteerHours,
    couriersCheckedIn: figures.couriers.checkedIn,
    reports: figures.reports.total,
    suggestions: figures.suggestions.total,
  };
};

const later = (a: Instant, b: Instant): Instant => (millisOf(a) >= millisOf(b) ? a : b);
const earlier = (a: Instant, b: Instant): Instant => (millisOf(a) <= millisOf(b) ? a : b);

/**
 * Running totals (累计) month by month from a station's opening (or the first station's,
 * for the community) to now: what the programme reports as "200+ activities, 3,500+
 * participations since we opened", with the months that built them up. Each month counts
 * as `programmeFigures` does; volunteer hours add up in hundredths, so they stay exact.
 *
 * @example
 * const totals = runningTotals(records, {
 *   since: station.openedAt, until: clock.now(), timeZone: policy.general.timeZone,
 *   stationId: station.stationId,
 * }, policy.suggestions);
 * totals.at(-1)?.cumulative.participations; // 人次 since the station opened
 */
export const runningTotals = (
  records: ProgrammeRecords,
  span: {
    readonly since: Instant;
    readonly until: Instant;
    readonly timeZone: string;
    readonly stationId?: StationId;
  },
  policy: Pick<SuggestionPolicy, "firstResponseDays">,
): ReadonlyArray<MonthRunningTotal> => {
  // The records are read once per month: keep them.
  const kept: ProgrammeRecords = {
    couriers: [...records.couriers],
    activities: [...records.activities],
    reports: [...records.reports],
    suggestions: [...records.suggestions],
  };
  const whole = periodSince(span.since, span.until);
  let cumulative: RunningCounts = {
    activitiesHeld: 0,
    participations: 0,
    volunteerHours: 0,
    couriersCheckedIn: 0,
    reports: 0,
    suggestions: 0,
  };
  return monthsOf(whole, span.timeZone).map(({ year, month }) => {
    const calendar = monthPeriod(year, month, span.timeZone);
    const period = {
      from: later(calendar.from, whole.from),
      to: earlier(calendar.to, whole.to),
    };
    const inMonth = countsOf(kept, period, span.stationId, policy);
    cumulative = {
      activitiesHeld: cumulative.activitiesHeld + inMonth.activitiesHeld,
      participations: cumulative.participations + inMonth.participations,
      volunteerHours:
        Math.round(cumulative.volunteerHours * 100 + inMonth.volunteerHours * 100) / 100,
      couriersCheckedIn: cumulative.couriersCheckedIn + inMonth.couriersCheckedIn,
      reports: cumulative.reports + inMonth.reports,
      suggestions: cumulative.suggestions + inMonth.suggestions,
    };
    return { year, month, period, inMonth, cumulative };
  });
};
