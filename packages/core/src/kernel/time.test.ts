import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addMillis,
  DAY,
  HOUR,
  Instant,
  instantFromMillis,
  isAfter,
  isBefore,
  localDateTime,
  localMinuteOfDay,
  MINUTE,
  manualClock,
  millisOf,
  minutesOfTimeOfDay,
  systemClock,
  TimeOfDay,
  TimeZone,
} from "./time.js";

const SHANGHAI = "Asia/Shanghai";

describe("Instant", () => {
  it.each([
    ["2026-11-28T10:00:00+08:00", "2026-11-28T02:00:00.000Z"],
    ["2026-11-28T02:00:00Z", "2026-11-28T02:00:00.000Z"],
    ["2026-11-28T02:00:00.5Z", "2026-11-28T02:00:00.500Z"],
    ["2026-11-28T00:30:00-05:30", "2026-11-28T06:00:00.000Z"],
    ["2027-01-01T07:59:59.999+08:00", "2026-12-31T23:59:59.999Z"],
  ])("normalises %s to %s", (written, normalised) => {
    expect(Instant.parse(written)).toBe(normalised);
  });

  it.each([
    "2026-11-28T10:00:00",
    "2026-11-28",
    "2026-02-29T00:00:00Z",
    "2026-11-28T24:00:00Z",
    "yesterday",
    "9999-12-31T23:59:59-01:00",
    "0000-01-01T00:00:00+08:00",
  ])("refuses %s", (written) => {
    expect(Instant.safeParse(written).success).toBe(false);
  });

  it("reads back every instant it writes, and orders as text as in time", () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date("1970-01-01T00:00:00Z"),
          max: new Date("9999-12-31T00:00:00Z"),
          noInvalidDate: true,
        }),
        fc.date({
          min: new Date("1970-01-01T00:00:00Z"),
          max: new Date("9999-12-31T00:00:00Z"),
          noInvalidDate: true,
        }),
        fc.integer({ min: -14, max: 14 }),
        (a, b, offsetHours) => {
          const first = instantFromMillis(a.getTime());
          const second = instantFromMillis(b.getTime());
          expect(Instant.parse(first)).toBe(first);
          expect(first < second).toBe(a.getTime() < b.getTime());
          // The same moment written with an offset is the same instant.
          const local = new Date(a.getTime() + offsetHours * HOUR).toISOString().slice(0, 19);
          const sign = offsetHours < 0 ? "-" : "+";
          const offset = `${sign}${String(Math.abs(offsetHours)).padStart(2, "0")}:00`;
          const parsed = Instant.safeParse(`${local}${offset}`);
          if (parsed.success)
            expect(millisOf(parsed.data)).toBe(Math.floor(a.getTime() / 1000) * 1000);
        },
      ),
    );
  });

  it("adds time and compares", () => {
    const start = Instant.parse("2026-11-28T02:00:00Z");
    const later = addMillis(start, 90 * MINUTE);
    expect(later).toBe("2026-11-28T03:30:00.000Z");
    expect(addMillis(start, -DAY)).toBe("2026-11-27T02:00:00.000Z");
    expect(isBefore(start, later)).toBe(true);
    expect(isAfter(later, start)).toBe(true);
    expect(isBefore(start, start) || isAfter(start, start)).toBe(false);
  });
});

describe("systemClock", () => {
  it("reads the platform's time as an Instant", () => {
    const before = Date.now();
    const now = systemClock.now();
    const after = Date.now();
    expect(Instant.parse(now)).toBe(now);
    expect(millisOf(now)).toBeGreaterThanOrEqual(before);
    expect(millisOf(now)).toBeLessThanOrEqual(after);
  });
});

describe("manualClock", () => {
  it("moves only when told to", () => {
    const clock = manualClock("2026-11-28T10:00:00+08:00");
    expect(clock.now()).toBe("2026-11-28T02:00:00.000Z");
    expect(clock.advance(HOUR)).toBe("2026-11-28T03:00:00.000Z");
    expect(clock.now()).toBe("2026-11-28T03:00:00.000Z");
    clock.set(Instant.parse("2027-01-01T00:00:00Z"));
    expect(clock.now()).toBe("2027-01-01T00:00:00.000Z");
  });
});

describe("localDateTime in Asia/Shanghai", () => {
  it("crosses local midnight at 16:00 UTC", () => {
    expect(localDateTime(Instant.parse("2026-11-28T15:59:00Z"), SHANGHAI)).toEqual({
      year: 2026,
      month: 11,
      day: 28,
      hour: 23,
      minute: 59,
      weekday: 6,
    });
    expect(localDateTime(Instant.parse("2026-11-28T16:00:00Z"), SHANGHAI)).toEqual({
      year: 2026,
      month: 11,
      day: 29,
      hour: 0,
      minute: 0,
      weekday: 7,
    });
  });

  it("crosses the new year a day ahead of UTC's evening", () => {
    expect(localDateTime(Instant.parse("2026-12-31T16:30:00Z"), SHANGHAI)).toEqual({
      year: 2027,
      month: 1,
      day: 1,
      hour: 0,
      minute: 30,
      weekday: 5,
    });
  });

  it("agrees with UTC+8 for any instant (Shanghai keeps no daylight saving)", () => {
    fc.assert(
      fc.property(
        fc.integer({
          min: Date.parse("2000-01-01T00:00:00Z"),
          max: Date.parse("2100-01-01T00:00:00Z"),
        }),
        (millis) => {
          const local = localDateTime(instantFromMillis(millis), SHANGHAI);
          const shifted = new Date(millis + 8 * HOUR);
          expect(local).toEqual({
            year: shifted.getUTCFullYear(),
            month: shifted.getUTCMonth() + 1,
            day: shifted.getUTCDate(),
            hour: shifted.getUTCHours(),
            minute: shifted.getUTCMinutes(),
            weekday: shifted.getUTCDay() === 0 ? 7 : shifted.getUTCDay(),
          });
          expect(localMinuteOfDay(instantFromMillis(millis), SHANGHAI)).toBe(
            shifted.getUTCHours() * 60 + shifted.getUTCMinutes(),
          );
        },
      ),
    );
  });

  it("follows daylight saving where a zone has it", () => {
    // New York: 2026-03-08 02:00 EST jumps to 03:00 EDT (07:00 UTC).
    expect(localDateTime(Instant.parse("2026-03-08T06:59:00Z"), "America/New_York").hour).toBe(1);
    expect(localDateTime(Instant.parse("2026-03-08T07:00:00Z"), "America/New_York").hour).toBe(3);
  });
});

describe("TimeOfDay", () => {
  it.each(["00:00", "09:05", "23:59"])("accepts %s", (time) => {
    expect(TimeOfDay.safeParse(time).success).toBe(true);
  });

  it.each(["24:00", "9:00", "12:60", "12:00:00", "noon"])("refuses %s", (time) => {
    expect(TimeOfDay.safeParse(time).success).toBe(false);
  });

  it("counts minutes since midnight", () => {
    expect(minutesOfTimeOfDay(TimeOfDay.parse("00:00"))).toBe(0);
    expect(minutesOfTimeOfDay(TimeOfDay.parse("17:30"))).toBe(1050);
    expect(minutesOfTimeOfDay(TimeOfDay.parse("23:59"))).toBe(1439);
  });
});

describe("TimeZone", () => {
  it("accepts IANA zones and refuses others", () => {
    expect(TimeZone.safeParse("Asia/Shanghai").success).toBe(true);
    expect(TimeZone.safeParse("Europe/London").success).toBe(true);
    expect(TimeZone.safeParse("Mars/Olympus_Mons").success).toBe(false);
    expect(TimeZone.safeParse("").success).toBe(false);
  });
});
