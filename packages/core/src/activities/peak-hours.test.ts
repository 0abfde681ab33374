import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Instant, instantFromMillis, MINUTE } from "../kernel/time.js";
import { jinshanPolicy } from "../policy/schema.js";
import { ActivityPolicy, type DailyWindow } from "../policy/sections/activities.js";
import { formatDailyWindow, peakWindowsOverlapped } from "./peak-hours.js";

const SHANGHAI = "Asia/Shanghai";
const peaks = jinshanPolicy().activities.peakHours;
const local = (text: string) => Instant.parse(`${text.replace(" ", "T")}:00+08:00`);
const overlapped = (from: string, to: string, windows: ReadonlyArray<DailyWindow> = peaks) =>
  peakWindowsOverlapped({ startsAt: local(from), endsAt: local(to) }, windows, SHANGHAI).map(
    formatDailyWindow,
  );

describe("peak hours", () => {
  it("are by default 11:00–13:30 and 17:00–19:30", () => {
    expect(peaks.map(formatDailyWindow)).toEqual(["11:00–13:30", "17:00–19:30"]);
  });

  it("find the peaks an activity overlaps", () => {
    expect(overlapped("2026-12-05 12:00", "2026-12-05 14:00")).toEqual(["11:00–13:30"]);
    expect(overlapped("2026-12-05 10:00", "2026-12-05 20:00")).toEqual([
      "11:00–13:30",
      "17:00–19:30",
    ]);
    expect(overlapped("2026-12-05 14:00", "2026-12-05 16:00")).toEqual([]);
  });

  it("are half-open: ending as a peak begins or starting as it ends does not overlap", () => {
    expect(overlapped("2026-12-05 09:00", "2026-12-05 11:00")).toEqual([]);
    expect(overlapped("2026-12-05 13:30", "2026-12-05 17:00")).toEqual([]);
    expect(overlapped("2026-12-05 09:00", "2026-12-05 11:01")).toEqual(["11:00–13:30"]);
  });

  it("count an end inside a minute as that minute", () => {
    const startsAt = local("2026-12-05 10:00");
    const endsAt = instantFromMillis(Date.parse(local("2026-12-05 11:00")) + 30_000);
    expect(peakWindowsOverlapped({ startsAt, endsAt }, peaks, SHANGHAI)).toHaveLength(1);
  });

  it("follow activities past midnight and across whole days", () => {
    const night: DailyWindow[] = [{ from: "06:00", to: "07:00" }];
    expect(overlapped("2026-12-05 22:00", "2026-12-06 06:30", night)).toEqual(["06:00–07:00"]);
    expect(overlapped("2026-12-05 22:00", "2026-12-06 05:30", night)).toEqual([]);
    expect(overlapped("2026-12-05 20:00", "2026-12-07 09:00")).toHaveLength(2);
  });

  it("read a window that ends before it starts as running past midnight", () => {
    const lateShift: DailyWindow[] = [{ from: "22:00", to: "02:00" }];
    expect(overlapped("2026-12-05 01:00", "2026-12-05 03:00", lateShift)).toHaveLength(1);
    expect(overlapped("2026-12-05 23:30", "2026-12-06 00:30", lateShift)).toHaveLength(1);
    expect(overlapped("2026-12-05 03:00", "2026-12-05 21:00", lateShift)).toHaveLength(0);
  });

  it("are read in the community's time zone", () => {
    const window = {
      startsAt: Instant.parse("2026-12-05T04:00:00Z"),
      endsAt: Instant.parse("2026-12-05T05:00:00Z"),
    };
    expect(peakWindowsOverlapped(window, peaks, SHANGHAI)).toHaveLength(1);
    expect(peakWindowsOverlapped(window, peaks, "UTC")).toHaveLength(0);
  });

  it("refuse a peak window of no length in the policy", () => {
    expect(ActivityPolicy.safeParse({ peakHours: [{ from: "11:00", to: "11:00" }] }).success).toBe(
      false,
    );
    expect(
      ActivityPolicy.safeParse({ peakHoursApplyTo: ["volunteering", "volunteering"] }).success,
    ).toBe(false);
  });

  it("agree with a minute-by-minute reading of the clock", () => {
    // Shanghai has no summer time: local minutes are UTC minutes plus 480, modulo a day.
    const FIVE = 5 * MINUTE;
    const base = Date.parse("2026-12-05T00:00:00+08:00");
    const slot = (index: number) =>
      `${String(Math.floor((index * 5) / 60)).padStart(2, "0")}:${String((index * 5) % 60).padStart(2, "0")}`;
    const windowArbitrary = fc
      .tuple(fc.integer({ min: 0, max: 287 }), fc.integer({ min: 0, max: 287 }))
      .filter(([from, to]) => from !== to)
      .map(([from, to]): DailyWindow => ({ from: slot(from), to: slot(to) }));
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 600 }),
        fc.integer({ min: 1, max: 400 }),
        fc.array(windowArbitrary, { maxLength: 3 }),
        (startSlot, lengthSlots, windows) => {
          const startMillis = base + startSlot * FIVE;
          const endMillis = startMillis + lengthSlots * FIVE;
          const expected = windows.filter((window) => {
            const from = Number(window.from.slice(0, 2)) * 60 + Number(window.from.slice(3));
            const to = Number(window.to.slice(0, 2)) * 60 + Number(window.to.slice(3));
            for (let millis = startMillis; millis < endMillis; millis += FIVE) {
              const minute = (Math.floor(millis / MINUTE) + 480) % 1440;
              const inside =
                from < to ? minute >= from && minute < to : minute >= from || minute < to;
              if (inside) return true;
            }
            return false;
          });
          const actual = peakWindowsOverlapped(
            { startsAt: instantFromMillis(startMillis), endsAt: instantFromMillis(endMillis) },
            windows,
            SHANGHAI,
          );
          expect(actual).toEqual(expected);
        },
      ),
    );
  });
});
