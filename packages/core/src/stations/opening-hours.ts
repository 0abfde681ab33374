import { z } from "zod";
import { type LocalizedText, localized } from "../kernel/localized-text.js";
import { type Instant, localDateTime, minutesOfTimeOfDay, TimeOfDay } from "../kernel/time.js";
import { bilingual } from "../kernel/validation.js";

/** The days of the week, Monday first (ISO 8601). */
export const Weekday = z.enum([
  "monday",
  "tuesday",
  "wednesday",
  "thursday",
  "friday",
  "saturday",
  "sunday",
]);
/** A day of the week. */
export type Weekday = z.infer<typeof Weekday>;

/** The days of the week in order, Monday first. */
export const weekdays: ReadonlyArray<Weekday> = Weekday.options;

/** The names of the days in each language. */
export const weekdayNames: Readonly<Record<Weekday, LocalizedText>> = {
  monday: localized("周一", "Monday"),
  tuesday: localized("周二", "Tuesday"),
  wednesday: localized("周三", "Wednesday"),
  thursday: localized("周四", "Thursday"),
  friday: localized("周五", "Friday"),
  saturday: localized("周六", "Saturday"),
  sunday: localized("周日", "Sunday"),
};

/**
 * A window of local time in which a station is open on a day, `from` inclusive, `to`
 * exclusive. A window whose `to` is earlier than its `from` runs past midnight into the
 * next day (`22:00`–`02:00`); `00:00` as `to` means midnight.
 */
export const OpeningWindow = z
  .strictObject({ from: TimeOfDay, to: TimeOfDay })
  .refine(
    (window) => window.from !== window.to,
    bilingual(
      "开放时段的开始与结束不能相同（全天开放请用 around-the-clock）",
      "a window's from and to must differ (use around-the-clock for always open)",
    ),
  );
/** A window of local time in which a station is open. */
export type OpeningWindow = z.infer<typeof OpeningWindow>;

const MINUTES_PER_DAY = 24 * 60;
const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;

interface WeekInterval {
  readonly start: number;
  readonly end: number;
  readonly day: Weekday;
  readonly index: number;
}

// Minutes of the week, Monday 00:00 = 0; a window past Sunday midnight wraps to Monday.
const intervalsOf = (
  days: Readonly<Record<Weekday, ReadonlyArray<OpeningWindow>>>,
): WeekInterval[] => {
  const intervals: WeekInterval[] = [];
  weekdays.forEach((day, dayIndex) => {
    days[day].forEach((window, index) => {
      const from = minutesOfTimeOfDay(window.from);
      const to = minutesOfTimeOfDay(window.to);
      const start = dayIndex * MINUTES_PER_DAY + from;
      const end = dayIndex * MINUTES_PER_DAY + (to > from ? to : to + MINUTES_PER_DAY);
      if (end <= MINUTES_PER_WEEK) {
        intervals.push({ start, end, day, index });
      } else {
        intervals.push({ start, end: MINUTES_PER_WEEK, day, index });
        intervals.push({ start: 0, end: end - MINUTES_PER_WEEK, day, index });
      }
    });
  });
  return intervals.sort((a, b) => a.start - b.start);
};

const windowsOfDay = z.array(OpeningWindow).max(6).default([]);

/** A weekly schedule: the opening windows of each day (none: closed that day). */
export const WeeklyOpeningHours = z
  .strictObject({
    kind: z.literal("weekly"),
    days: z.strictObject({
      monday: windowsOfDay,
      tuesday: windowsOfDay,
      wednesday: windowsOfDay,
      thursday: windowsOfDay,
      friday: windowsOfDay,
      saturday: windowsOfDay,
      sunday: windowsOfDay,
    }),
  })
  .superRefine((hours, context) => {
    const intervals = intervalsOf(hours.days);
    if (intervals.length === 0) {
      context.addIssue({
        code: "custom",
        path: ["days"],
        ...bilingual(
          "每周至少要有一个开放时段",
          "the schedule needs at least one opening window a week",
        ),
      });
      return;
    }
    for (let index = 1; index < intervals.length; index++) {
      const earlier = intervals[index - 1];
      const later = intervals[index];
      if (earlier !== undefined && later !== undefined && later.start < earlier.end) {
        context.addIssue({
          code: "custom",
          path: ["days", later.day, later.index],
          ...bilingual("开放时段不能重叠", "opening windows must not overlap"),
        });
      }
    }
  });
/** A weekly schedule of opening windows. */
export type WeeklyOpeningHours = z.infer<typeof WeeklyOpeningHours>;

/**
 * When a station is open: around the clock (24 小时开放), or by a weekly schedule of
 * local-time windows per weekday, in the community's time zone
 * (`general.timeZone`).
 *
 * @example
 * { kind: "weekly", days: {
 *   monday: [{ from: "09:00", to: "21:00" }], saturday: [{ from: "10:00", to: "16:00" }] } }
 * { kind: "around-the-clock" }
 */
export const OpeningHours = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("around-the-clock") }),
  WeeklyOpeningHours,
]);
/** When a station is open. */
export type OpeningHours = z.infer<typeof OpeningHours>;

/**
 * Whether opening hours include an instant, in a time zone (the community's).
 *
 * @example
 * isWithinOpeningHours(hours, Instant.parse("2026-11-28T02:00:00Z"), "Asia/Shanghai");
 */
export const isWithinOpeningHours = (
  hours: OpeningHours,
  instant: Instant,
  timeZone: string,
): boolean => {
  if (hours.kind === "around-the-clock") return true;
  const local = localDateTime(instant, timeZone);
  const minute = (local.weekday - 1) * MINUTES_PER_DAY + local.hour * 60 + local.minute;
  return intervalsOf(hours.days).some(
    (interval) => interval.start <= minute && minute < interval.end,
  );
};
