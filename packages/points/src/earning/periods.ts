import { DAY, type Instant, localDateTime } from "@courier-station/core";

/**
 * The local day, ISO week and month an instant falls in, in a time zone, as keys:
 * `2026-11-28`, `2026-W48`, `2026-11`. Weeks are ISO weeks (from Monday; the week of
 * 1 January may belong to the year before).
 */
export interface LocalPeriods {
  readonly day: string;
  readonly week: string;
  readonly month: string;
}

const pad = (value: number, length = 2): string => String(value).padStart(length, "0");

/**
 * The ISO week-year and week number of a calendar date.
 *
 * @example
 * isoWeekOf(2027, 1, 1); // { year: 2026, week: 53 }
 */
export const isoWeekOf = (
  year: number,
  month: number,
  day: number,
): { readonly year: number; readonly week: number } => {
  const date = Date.UTC(year, month - 1, day);
  const weekday = ((new Date(date).getUTCDay() + 6) % 7) + 1;
  // The ISO week of a date is the week of its Thursday, and belongs to that Thursday's year.
  const thursday = new Date(date + (4 - weekday) * DAY);
  const weekYear = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(weekYear, 0, 1)) / DAY / 7) + 1;
  return { year: weekYear, week };
};

/**
 * The local periods of an instant in a time zone.
 *
 * @example
 * localPeriodsOf(Instant.parse("2026-11-28T16:30:00Z"), "Asia/Shanghai");
 * // { day: "2026-11-29", week: "2026-W48", month: "2026-11" }
 */
export const localPeriodsOf = (instant: Instant, timeZone: string): LocalPeriods => {
  const local = localDateTime(instant, timeZone);
  const week = isoWeekOf(local.year, local.month, local.day);
  return {
    day: `${pad(local.year, 4)}-${pad(local.month)}-${pad(local.day)}`,
    week: `${pad(week.year, 4)}-W${pad(week.week)}`,
    month: `${pad(local.year, 4)}-${pad(local.month)}`,
  };
};

/**
 * The number of a local month counted from year 0 (`year × 12 + month − 1`), so that
 * months compare and add as integers.
 */
export const localMonthIndexOf = (instant: Instant, timeZone: string): number => {
  const local = localDateTime(instant, timeZone);
  return local.year * 12 + local.month - 1;
};
