import { z } from "zod";
import {
  type Instant,
  Instant as InstantSchema,
  instantFromMillis,
  localDateTime,
  millisOf,
} from "../kernel/time.js";
import { bilingual } from "../kernel/validation.js";

/**
 * A span of time the figures are counted over: from `from` (inclusive) to `to`
 * (exclusive), as instants; an empty period (`from` = `to`) counts nothing. A month, a quarter or a year are local calendar periods in the
 * community's time zone ({@link monthPeriod}, {@link quarterPeriod}, {@link yearPeriod});
 * "since the station opened" runs from its opening to now ({@link periodSince}).
 *
 * @example
 * StatisticsPeriod.parse({ from: "2026-10-31T16:00:00Z", to: "2026-11-30T16:00:00Z" });
 */
export const StatisticsPeriod = z
  .strictObject({ from: InstantSchema, to: InstantSchema })
  .refine(
    (period) => millisOf(period.from) <= millisOf(period.to),
    bilingual("统计时段的开始不能晚于结束", "a period's from must not be after its to"),
  );
/** A span of time the figures are counted over. */
export type StatisticsPeriod = z.infer<typeof StatisticsPeriod>;

/**
 * Whether an instant falls in a period (`from` inclusive, `to` exclusive).
 *
 * @example
 * isWithinPeriod(report.submittedAt, monthPeriod(2026, 11, "Asia/Shanghai")); // true
 */
export const isWithinPeriod = (instant: Instant, period: StatisticsPeriod): boolean => {
  const millis = millisOf(instant);
  return millis >= millisOf(period.from) && millis < millisOf(period.to);
};

/** The offset of local time from UTC at an instant, in milliseconds (whole minutes). */
const offsetAt = (millis: number, timeZone: string): number => {
  const local = localDateTime(instantFromMillis(millis), timeZone);
  const asUtc = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
  const minuteStart = millis - (((millis % 60_000) + 60_000) % 60_000);
  return asUtc - minuteStart;
};

/**
 * The instant a local calendar day begins in a time zone (its first minute). Months and
 * days past the end roll over as `Date.UTC` does (month 13 is January of the next year).
 *
 * @example
 * startOfLocalDay(2026, 12, 7, "Asia/Shanghai"); // "2026-12-06T16:00:00.000Z"
 */
export const startOfLocalDay = (
  year: number,
  month: number,
  day: number,
  timeZone: string,
): Instant => {
  const wall = Date.UTC(year, month - 1, day);
  // Local midnight is the wall time less the offset in force then; a second pass settles
  // the offset when a daylight-saving change lies between the guess and the answer.
  let guess = wall - offsetAt(wall, timeZone);
  guess = wall - offsetAt(guess, timeZone);
  return instantFromMillis(guess);
};

const month = z.number().int().min(1).max(12);
const year = z.number().int().min(1970).max(9999);

/**
 * A local calendar month in a time zone, from its first day's midnight to the next
 * month's.
 *
 * @example
 * monthPeriod(2026, 11, "Asia/Shanghai");
 * // { from: "2026-10-31T16:00:00.000Z", to: "2026-11-30T16:00:00.000Z" }
 */
export const monthPeriod = (
  calendarYear: number,
  calendarMonth: number,
  timeZone: string,
): StatisticsPeriod => {
  year.parse(calendarYear);
  month.parse(calendarMonth);
  return {
    from: startOfLocalDay(calendarYear, calendarMonth, 1, timeZone),
    to: startOfLocalDay(calendarYear, calendarMonth + 1, 1, timeZone),
  };
};

/**
 * A local calendar quarter (1: January to March, … 4: October to December).
 *
 * @example
 * quarterPeriod(2026, 4, "Asia/Shanghai"); // 1 October to 1 January, local midnights
 */
export const quarterPeriod = (
  calendarYear: number,
  quarter: 1 | 2 | 3 | 4,
  timeZone: string,
): StatisticsPeriod => {
  year.parse(calendarYear);
  z.number().int().min(1).max(4).parse(quarter);
  const firstMonth = (quarter - 1) * 3 + 1;
  return {
    from: startOfLocalDay(calendarYear, firstMonth, 1, timeZone),
    to: startOfLocalDay(calendarYear, firstMonth + 3, 1, timeZone),
  };
};

/**
 * A local calendar year.
 *
 * @example
 * yearPeriod(2026, "Asia/Shanghai"); // { from: "2025-12-31T16:00:00.000Z", to: "2026-12-31T16:00:00.000Z" }
 */
export const yearPeriod = (calendarYear: number, timeZone: string): StatisticsPeriod => {
  year.parse(calendarYear);
  return {
    from: startOfLocalDay(calendarYear, 1, 1, timeZone),
    to: startOfLocalDay(calendarYear + 1, 1, 1, timeZone),
  };
};

/**
 * The period from an instant — a station's opening (`station.openedAt`), the first
 * station's for the whole community — up to another (now), for running totals.
 *
 * @example
 * periodSince(station.openedAt, clock.now()); // "since the station opened"
 */
export const periodSince = (from: Instant, to: Instant): StatisticsPeriod =>
  StatisticsPeriod.parse({ from, to });

/**
 * The local calendar months a period touches, oldest first, as `{ year, month }`: the
 * months to show running totals for.
 *
 * @example
 * monthsOf(periodSince(openedAt, now), "Asia/Shanghai"); // [{ year: 2026, month: 8 }, … { year: 2026, month: 11 }]
 */
export const monthsOf = (
  period: StatisticsPeriod,
  timeZone: string,
): ReadonlyArray<{ readonly year: number; readonly month: number }> => {
  if (millisOf(period.to) <= millisOf(period.from)) return [];
  const first = localDateTime(period.from, timeZone);
  // The last instant inside the period (its `to` is exclusive).
  const last = localDateTime(instantFromMillis(millisOf(period.to) - 1), timeZone);
  const months: Array<{ readonly year: number; readonly month: number }> = [];
  for (
    let index = first.year * 12 + first.month - 1;
    index <= last.year * 12 + last.month - 1;
    index++
  ) {
    months.push({ year: Math.floor(index / 12), month: (index % 12) + 1 });
  }
  return months;
};
