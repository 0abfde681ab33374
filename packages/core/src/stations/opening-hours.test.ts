import { Either } from "effect";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Instant } from "../kernel/time.js";
import { parseInput } from "../kernel/validation.js";
import { isWithinOpeningHours, OpeningHours } from "./opening-hours.js";

const ZONE = "Asia/Shanghai";
/** An instant given as Shanghai local time. */
const at = (local: string): Instant => Instant.parse(`${local}+08:00`);

const weekly = (days: Record<string, ReadonlyArray<{ from: string; to: string }>>) =>
  OpeningHours.parse({ kind: "weekly", days });

describe("OpeningHours", () => {
  it("accepts a weekly schedule, days without windows being closed", () => {
    const hours = weekly({
      monday: [
        { from: "09:00", to: "12:00" },
        { from: "13:00", to: "21:00" },
      ],
    });
    expect(hours).toEqual({
      kind: "weekly",
      days: {
        monday: [
          { from: "09:00", to: "12:00" },
          { from: "13:00", to: "21:00" },
        ],
        tuesday: [],
        wednesday: [],
        thursday: [],
        friday: [],
        saturday: [],
        sunday: [],
      },
    });
  });

  it("accepts windows that touch, and a window past midnight", () => {
    expect(() =>
      weekly({
        monday: [
          { from: "09:00", to: "12:00" },
          { from: "12:00", to: "02:00" },
        ],
        tuesday: [{ from: "02:00", to: "05:00" }],
      }),
    ).not.toThrow();
  });

  it.each([
    [
      "overlapping windows of a day",
      {
        monday: [
          { from: "09:00", to: "12:00" },
          { from: "11:00", to: "14:00" },
        ],
      },
      "days.monday.1",
    ],
    [
      "a window past midnight overlapping the next day's",
      { monday: [{ from: "22:00", to: "03:00" }], tuesday: [{ from: "02:00", to: "05:00" }] },
      "days.tuesday.0",
    ],
    [
      "Sunday night running into Monday morning's window",
      { sunday: [{ from: "22:00", to: "08:00" }], monday: [{ from: "07:00", to: "10:00" }] },
      "days.monday.0",
    ],
    [
      "a window that starts where it ends",
      { friday: [{ from: "09:00", to: "09:00" }] },
      "days.friday.0",
    ],
    ["no window at all", {}, "days"],
    ["a time that is not HH:MM", { monday: [{ from: "9:00", to: "12:00" }] }, "days.monday.0.from"],
  ])("refuses %s, naming where", (_name, days, field) => {
    const result = parseInput(OpeningHours, { kind: "weekly", days });
    if (Either.isRight(result)) throw new Error("expected a refusal");
    expect(result.left.issues.map((issue) => issue.field)).toContain(field);
    for (const issue of result.left.issues) {
      expect(issue.message["zh-CN"].length).toBeGreaterThan(0);
      expect(issue.message.en.length).toBeGreaterThan(0);
    }
  });

  it("refuses an unknown day or kind", () => {
    expect(OpeningHours.safeParse({ kind: "weekly", days: { funday: [] } }).success).toBe(false);
    expect(OpeningHours.safeParse({ kind: "sometimes" }).success).toBe(false);
  });
});

describe("isWithinOpeningHours", () => {
  const hours = weekly({
    // 2026-11-27 is a Friday, 2026-11-28 a Saturday.
    friday: [
      { from: "09:00", to: "12:00" },
      { from: "22:00", to: "02:00" },
    ],
    sunday: [{ from: "23:00", to: "01:00" }],
  });

  it.each([
    ["2026-11-27T08:59:00", false],
    ["2026-11-27T09:00:00", true],
    ["2026-11-27T11:59:00", true],
    ["2026-11-27T12:00:00", false],
    ["2026-11-27T23:30:00", true],
    ["2026-11-28T01:59:00", true],
    ["2026-11-28T02:00:00", false],
    ["2026-11-29T23:30:00", true],
    ["2026-11-30T00:30:00", true],
    ["2026-11-30T01:00:00", false],
  ])("at %s (Shanghai) is %s", (local, open) => {
    expect(isWithinOpeningHours(hours, at(local), ZONE)).toBe(open);
  });

  it("counts in the community's time zone, not UTC", () => {
    // 01:30 UTC on Friday is 09:30 in Shanghai: open; in London it is 01:30: closed.
    const instant = Instant.parse("2026-11-27T01:30:00Z");
    expect(isWithinOpeningHours(hours, instant, ZONE)).toBe(true);
    expect(isWithinOpeningHours(hours, instant, "Europe/London")).toBe(false);
  });

  it("is always open around the clock", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_102_444_800_000 }), (millis) => {
        const instant = Instant.parse(new Date(millis).toISOString());
        expect(isWithinOpeningHours({ kind: "around-the-clock" }, instant, ZONE)).toBe(true);
      }),
    );
  });

  it("agrees with a minute-by-minute reading of a single daily window", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1439 }),
        fc.integer({ min: 0, max: 1439 }),
        fc.integer({ min: 0, max: 7 * 1440 - 1 }),
        (fromMinute, toMinute, minuteOfWeek) => {
          fc.pre(fromMinute !== toMinute);
          const time = (minute: number) =>
            `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;
          const window = { from: time(fromMinute), to: time(toMinute) };
          const schedule = weekly({ wednesday: [window] });
          // Monday 2026-11-23 00:00 in Shanghai, plus the minute of the week.
          const instant = Instant.parse(
            new Date(Date.parse("2026-11-23T00:00:00+08:00") + minuteOfWeek * 60_000).toISOString(),
          );
          const wednesdayStart = 2 * 1440 + fromMinute;
          const length =
            toMinute > fromMinute ? toMinute - fromMinute : toMinute + 1440 - fromMinute;
          const expected = minuteOfWeek >= wednesdayStart && minuteOfWeek < wednesdayStart + length;
          expect(isWithinOpeningHours(schedule, instant, ZONE)).toBe(expected);
        },
      ),
    );
  });
});
