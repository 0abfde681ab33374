import { z } from "zod";
import { bilingual } from "./validation.js";

const EARLIEST_INSTANT_MILLIS = Date.parse("0000-01-01T00:00:00.000Z");
const LATEST_INSTANT_MILLIS = Date.parse("9999-12-31T23:59:59.999Z");

/**
 * A moment in time as an ISO-8601 UTC string with milliseconds
 * (`2026-11-28T03:00:00.000Z`). Inputs with an offset (`+08:00`) are accepted and
 * normalised to UTC, so instants compare correctly as strings and as numbers.
 */
export const Instant = z.iso
  .datetime({ offset: true })
  // An offset can push year 0000 or 9999 past the four-digit range, where
  // `toISOString` writes a six-digit year this schema would then refuse to read back.
  .refine(
    (text) => {
      const millis = Date.parse(text);
      return millis >= EARLIEST_INSTANT_MILLIS && millis <= LATEST_INSTANT_MILLIS;
    },
    bilingual(
      "时间须在公元 0000 年至 9999 年之间",
      "a time must be between the years 0000 and 9999",
    ),
  )
  .transform((text) => new Date(text).toISOString())
  .brand<"Instant">();
/** A moment in time: an ISO-8601 UTC string with milliseconds. */
export type Instant = z.infer<typeof Instant>;

/**
 * The instant at a number of milliseconds since the Unix epoch.
 *
 * @example
 * instantFromMillis(0); // "1970-01-01T00:00:00.000Z"
 */
export const instantFromMillis = (millis: number): Instant =>
  new Date(millis).toISOString() as Instant;

/** Milliseconds since the Unix epoch of an instant. */
export const millisOf = (instant: Instant): number => Date.parse(instant);

/**
 * The instant a number of milliseconds after (or, when negative, before) another.
 *
 * @example
 * addMillis(instant, 30 * MINUTE);
 */
export const addMillis = (instant: Instant, millis: number): Instant =>
  instantFromMillis(millisOf(instant) + millis);

/** One second in milliseconds. */
export const SECOND = 1_000;
/** One minute in milliseconds. */
export const MINUTE = 60 * SECOND;
/** One hour in milliseconds. */
export const HOUR = 60 * MINUTE;
/** One day (24 hours) in milliseconds. */
export const DAY = 24 * HOUR;

/** Whether `a` is strictly before `b`. */
export const isBefore = (a: Instant, b: Instant): boolean => millisOf(a) < millisOf(b);

/** Whether `a` is strictly after `b`. */
export const isAfter = (a: Instant, b: Instant): boolean => millisOf(a) > millisOf(b);

/**
 * Tells the time. The domain never reads the clock itself: the caller passes a Clock,
 * so a test can fix the time and replays give the same result.
 */
export interface Clock {
  /** The current instant. */
  readonly now: () => Instant;
}

/** The system clock (`Date.now`). Use it at the edges (services), never in the domain. */
export const systemClock: Clock = { now: () => instantFromMillis(Date.now()) };

/** A clock that only moves when told to: for tests and simulations. */
export interface ManualClock extends Clock {
  /** Sets the time. */
  readonly set: (instant: Instant) => void;
  /** Moves the time forward by some milliseconds. */
  readonly advance: (millis: number) => Instant;
}

/**
 * A clock fixed at an instant until moved.
 *
 * @example
 * const clock = manualClock("2026-11-28T02:00:00.000Z");
 * clock.advance(HOUR);
 * clock.now(); // "2026-11-28T03:00:00.000Z"
 */
export const manualClock = (start: string): ManualClock => {
  let current = Instant.parse(start);
  return {
    now: () => current,
    set: (instant) => {
      current = instant;
    },
    advance: (millis) => {
      current = addMillis(current, millis);
      return current;
    },
  };
};

/** An IANA time zone name such as `Asia/Shanghai`, checked against the platform's Intl data. */
export const TimeZone = z.string().refine(
  (zone) => {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  },
  bilingual("须为 IANA 时区名称，例如 Asia/Shanghai", "an IANA time zone such as Asia/Shanghai"),
);
/** An IANA time zone name. */
export type TimeZone = z.infer<typeof TimeZone>;

/** The calendar date and wall-clock time of an instant in a time zone. */
export interface LocalDateTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  /** ISO weekday: 1 is Monday, 7 is Sunday. */
  readonly weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const formatterFor = (timeZone: string): Intl.DateTimeFormat => {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      weekday: "short",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
};

const weekdays: Readonly<Record<string, number>> = {
  Mon: 1,
  Tue: 2,
  Wed: 3,
  Thu: 4,
  Fri: 5,
  Sat: 6,
  Sun: 7,
};

/**
 * The local date and time of an instant in a time zone (pure: uses the platform's
 * time zone data, no clock).
 *
 * @example
 * localDateTime(Instant.parse("2026-11-28T16:30:00Z"), "Asia/Shanghai");
 * // { year: 2026, month: 11, day: 29, hour: 0, minute: 30, weekday: 7 }
 */
export const localDateTime = (instant: Instant, timeZone: string): LocalDateTime => {
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(millisOf(instant)))) {
    parts[part.type] = part.value;
  }
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    weekday: weekdays[parts.weekday ?? ""] ?? 0,
  };
};

/** Minutes since local midnight of an instant in a time zone (0 to 1439). */
export const localMinuteOfDay = (instant: Instant, timeZone: string): number => {
  const local = localDateTime(instant, timeZone);
  return local.hour * 60 + local.minute;
};

/** A wall-clock time of day, `HH:MM` in 24-hour form. */
export const TimeOfDay = z
  .string()
  .regex(
    /^([01]\d|2[0-3]):[0-5]\d$/,
    bilingual("须为 24 小时制时刻 HH:MM", "a time of day as HH:MM (24-hour)"),
  );
/** A wall-clock time of day, `HH:MM`. */
export type TimeOfDay = z.infer<typeof TimeOfDay>;

/** Minutes since midnight of a `HH:MM` time of day. */
export const minutesOfTimeOfDay = (time: TimeOfDay): number =>
  Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
