import { millisOf } from "@courier-station/core";
import { describe, expect, it } from "vitest";
import { monthWeeksOf } from "./figures.js";

/*
 * A month's ISO weeks: from Monday, at local midnights, cut to the month, covering it with
 * no gap and no overlap — in a time zone without daylight saving and in one with it.
 */

describe("a month's ISO weeks", () => {
  it("cover the month one after the other, and the first days of January may be last year's week 53", () => {
    const january = monthWeeksOf(2027, 1, "Asia/Shanghai");
    // 1 January 2027 is a Friday: its week is 2026's 53rd.
    expect(january.map((w) => [w.year, w.week])).toEqual([
      [2026, 53],
      [2027, 1],
      [2027, 2],
      [2027, 3],
      [2027, 4],
    ]);
    expect(january[0]?.period).toEqual({
      from: "2026-12-31T16:00:00.000Z",
      to: "2027-01-03T16:00:00.000Z",
    });
    expect(january.at(-1)?.period.to).toBe("2027-01-31T16:00:00.000Z");
  });

  it("start each Monday at local midnight across a daylight-saving change", () => {
    // Berlin moves to summer time on Sunday 29 March 2026.
    const march = monthWeeksOf(2026, 3, "Europe/Berlin");
    expect(march.map((w) => w.week)).toEqual([9, 10, 11, 12, 13, 14]);
    expect(march[1]?.period.from).toBe("2026-03-01T23:00:00.000Z");
    expect(march.at(-1)?.period).toEqual({
      from: "2026-03-29T22:00:00.000Z",
      to: "2026-03-31T22:00:00.000Z",
    });
    for (const [index, week] of march.entries()) {
      expect(millisOf(week.period.from)).toBeLessThan(millisOf(week.period.to));
      if (index > 0) expect(week.period.from).toBe(march[index - 1]?.period.to);
    }
  });

  it("make a month that starts on a Monday begin with a whole week", () => {
    // 1 June 2026 is a Monday.
    const june = monthWeeksOf(2026, 6, "Asia/Shanghai");
    expect(june.map((w) => w.week)).toEqual([23, 24, 25, 26, 27]);
    expect(june[0]?.period).toEqual({
      from: "2026-05-31T16:00:00.000Z",
      to: "2026-06-07T16:00:00.000Z",
    });
  });
});
