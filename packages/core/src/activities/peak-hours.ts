import {
  type Instant,
  localDateTime,
  localMinuteOfDay,
  MINUTE,
  millisOf,
  minutesOfTimeOfDay,
} from "../kernel/time.js";
import type { DailyWindow } from "../policy/sections/activities.js";

const MINUTES_PER_DAY = 24 * 60;

/** A span of local minutes of one day, `from` inclusive, `to` exclusive. */
type MinuteSpan = readonly [from: number, to: number];

const spansOfDailyWindow = (window: DailyWindow): MinuteSpan[] => {
  const from = minutesOfTimeOfDay(window.from);
  const to = minutesOfTimeOfDay(window.to);
  if (from === to) return [];
  // A window that ends "before" it starts runs past midnight.
  return from < to
    ? [[from, to]]
    : [
        [from, MINUTES_PER_DAY],
        [0, to],
      ];
};

const sameLocalDate = (a: Instant, b: Instant, timeZone: string): boolean => {
  const left = localDateTime(a, timeZone);
  const right = localDateTime(b, timeZone);
  return left.year === right.year && left.month === right.month && left.day === right.day;
};

/**
 * The local minutes of the day an activity covers, or `"whole-day"` when it lasts a day
 * or more. Both ends are converted to local time on their own, so a change of offset
 * (summer time) inside the window is handled.
 */
const spansOfActivity = (
  startsAt: Instant,
  endsAt: Instant,
  timeZone: string,
): MinuteSpan[] | "whole-day" => {
  const startMillis = millisOf(startsAt);
  const endMillis = millisOf(endsAt);
  if (endMillis - startMillis >= MINUTES_PER_DAY * MINUTE) return "whole-day";
  const start = localMinuteOfDay(startsAt, timeZone);
  // An end inside a minute covers that minute: 11:00:30 overlaps a window from 11:00.
  const end = localMinuteOfDay(endsAt, timeZone) + (endMillis % MINUTE === 0 ? 0 : 1);
  if (sameLocalDate(startsAt, endsAt, timeZone)) {
    // An end "before" the start on the same date only happens when the clocks go back
    // inside the window; count the whole day rather than miss an overlap.
    return end > start ? [[start, end]] : "whole-day";
  }
  return [
    [start, MINUTES_PER_DAY],
    [0, end],
  ];
};

const overlaps = (a: MinuteSpan, b: MinuteSpan): boolean => a[0] < b[1] && b[0] < a[1];

/**
 * The daily windows (the policy's delivery peak hours, 送餐高峰) that a time window
 * overlaps, in local time of `timeZone`. Windows are half-open: an activity that ends at
 * 11:00 does not overlap a peak from 11:00.
 *
 * @example
 * peakWindowsOverlapped(
 *   { startsAt: "2026-12-05T04:00:00Z", endsAt: "2026-12-05T06:00:00Z" }, // 12:00–14:00 in Shanghai
 *   policy.activities.peakHours,
 *   "Asia/Shanghai",
 * ); // [{ from: "11:00", to: "13:30" }]
 */
export const peakWindowsOverlapped = (
  window: { readonly startsAt: Instant; readonly endsAt: Instant },
  peakHours: ReadonlyArray<DailyWindow>,
  timeZone: string,
): DailyWindow[] => {
  if (millisOf(window.endsAt) <= millisOf(window.startsAt)) return [];
  const activity = spansOfActivity(window.startsAt, window.endsAt, timeZone);
  return peakHours.filter((peak) => {
    const peakSpans = spansOfDailyWindow(peak);
    if (activity === "whole-day") return peakSpans.length > 0;
    return peakSpans.some((peakSpan) => activity.some((span) => overlaps(span, peakSpan)));
  });
};

/**
 * A daily window as people read it: `11:00–13:30`.
 *
 * @example
 * formatDailyWindow({ from: "17:00", to: "19:30" }); // "17:00–19:30"
 */
export const formatDailyWindow = (window: DailyWindow): string => `${window.from}–${window.to}`;
