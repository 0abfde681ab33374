import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Instant, instantFromMillis, localDateTime } from "../kernel/time.js";
import {
  isWithinPeriod,
  monthPeriod,
  monthsOf,
  periodSince,
  quarterPeriod,
  StatisticsPeriod,
  startOfLocalDay,
  yearPeriod,
} from "./period.js";

describe("statistics periods", () => {
  it("are local calendar months, quarters and years in the community's time zone", () => {
    expect(monthPeriod(2026, 11, "Asia/Shanghai")).toEqual({
      from: "2026-10-31T16:00:00.000Z",
      to: "2026-11-30T16:00:00.000Z",
    });
    expect(monthPeriod(2026, 12, "Asia/Shanghai").to).toBe("2026-12-31T16:00:00.000Z");
    expect(quarterPeriod(2026, 4, "Asia/Shanghai")).toEqual({
      from: "2026-09-30T16:00:00.000Z",
      to: "2026-12-31T16:00:00.000Z",
    });
    expect(yearPeriod(2026, "Asia/Shanghai")).toEqual({
      from: "2025-12-31T16:00:00.000Z",
      to: "2026-12-31T16:00:00.000Z",
    });
  });

  it("begin a local day at its midnight, across a daylight-saving change too", () => {
    expect(startOfLocalDay(2026, 12, 7, "Asia/Shanghai")).toBe("2026-12-06T16:00:00.000Z");
    // Berlin leaves summer time on 25 October 2026: midnight is 22:00Z before, 23:00Z after.
    expect(startOfLocalDay(2026, 10, 25, "Europe/Berlin")).toBe("2026-10-24T22:00:00.000Z");
    expect(startOfLocalDay(2026, 10, 26, "Europe/Berlin")).toBe("2026-10-25T23:00:00.000Z");
  });

  it("follow daylight-saving changes where a time zone has them", () => {
    // Berlin moves to summer time on 29 March 2026; New York back to winter time on 1 November.
    expect(monthPeriod(2026, 3, "Europe/Berlin")).toEqual({
      from: "2026-02-28T23:00:00.000Z",
      to: "2026-03-31T22:00:00.000Z",
    });
    expect(monthPeriod(2026, 11, "America/New_York")).toEqual({
      from: "2026-11-01T04:00:00.000Z",
      to: "2026-12-01T05:00:00.000Z",
    });
  });

  it("hold every instant of their local month, and no other", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2060, 0, 1) }),
        fc.constantFrom("Asia/Shanghai", "Europe/Berlin", "America/New_York", "UTC"),
        (millis, timeZone) => {
          const instant = instantFromMillis(millis);
          const local = localDateTime(instant, timeZone);
          expect(isWithinPeriod(instant, monthPeriod(local.year, local.month, timeZone))).toBe(
            true,
          );
          const next = local.month === 12 ? [local.year + 1, 1] : [local.year, local.month + 1];
          expect(isWithinPeriod(instant, monthPeriod(next[0] ?? 0, next[1] ?? 0, timeZone))).toBe(
            false,
          );
          const quarter = (Math.floor((local.month - 1) / 3) + 1) as 1 | 2 | 3 | 4;
          expect(isWithinPeriod(instant, quarterPeriod(local.year, quarter, timeZone))).toBe(true);
          expect(isWithinPeriod(instant, yearPeriod(local.year, timeZone))).toBe(true);
        },
      ),
    );
  });

  it("include their start and exclude their end", () => {
    const period = monthPeriod(2026, 11, "Asia/Shanghai");
    expect(isWithinPeriod(period.from, period)).toBe(true);
    expect(isWithinPeriod(period.to, period)).toBe(false);
    expect(isWithinPeriod(Instant.parse("2026-11-30T15:59:59.999Z"), period)).toBe(true);
  });

  it("run since a station opened, and refuse one that ends before it starts", () => {
    const opened = Instant.parse("2026-08-01T00:00:00.000Z");
    const now = Instant.parse("2026-11-30T15:00:00.000Z");
    expect(periodSince(opened, now)).toEqual({ from: opened, to: now });
    expect(monthsOf(periodSince(opened, now), "Asia/Shanghai")).toEqual([
      { year: 2026, month: 8 },
      { year: 2026, month: 9 },
      { year: 2026, month: 10 },
      { year: 2026, month: 11 },
    ]);
    expect(() => periodSince(now, opened)).toThrow();
    expect(StatisticsPeriod.safeParse({ from: now, to: now }).success).toBe(true);
    expect(monthsOf(periodSince(now, now), "Asia/Shanghai")).toEqual([]);
    expect(() => monthPeriod(2026, 13, "Asia/Shanghai")).toThrow();
  });
});
