import { describe, expect, it } from "vitest";
import { accountOf, ISSUANCE, instant } from "../testing/fixtures.js";
import type { Transfer } from "../transfer.js";
import { earnedSoFarOf } from "./earned-so-far.js";
import { isoWeekOf, localMonthIndexOf, localPeriodsOf } from "./periods.js";

describe("local periods", () => {
  it("counts days, ISO weeks and months in the community's time zone", () => {
    expect(localPeriodsOf(instant("2026-11-28T16:30:00Z"), "Asia/Shanghai")).toEqual({
      day: "2026-11-29",
      week: "2026-W48",
      month: "2026-11",
    });
    expect(localPeriodsOf(instant("2026-11-29T16:00:00Z"), "Asia/Shanghai")).toEqual({
      day: "2026-11-30",
      week: "2026-W49",
      month: "2026-11",
    });
    expect(localPeriodsOf(instant("2026-11-30T16:00:00Z"), "Asia/Shanghai").month).toBe("2026-12");
  });

  it("gives the ISO week-year at the turn of the year", () => {
    expect(isoWeekOf(2027, 1, 1)).toEqual({ year: 2026, week: 53 });
    expect(isoWeekOf(2026, 1, 1)).toEqual({ year: 2026, week: 1 });
    expect(isoWeekOf(2024, 12, 30)).toEqual({ year: 2025, week: 1 });
    expect(isoWeekOf(2021, 1, 3)).toEqual({ year: 2020, week: 53 });
  });

  it("numbers months so that they compare as integers", () => {
    const january = localMonthIndexOf(instant("2027-01-01T00:00:00+08:00"), "Asia/Shanghai");
    const december = localMonthIndexOf(instant("2026-12-31T23:59:00+08:00"), "Asia/Shanghai");
    expect(january - december).toBe(1);
  });
});

describe("earned so far", () => {
  const earning = (
    id: string,
    amount: number,
    earnedAt: string,
    reason: Transfer["reason"] = "participation",
  ): Transfer =>
    ({
      id,
      kind: "single",
      debitAccount: ISSUANCE,
      creditAccount: accountOf("alice"),
      amount,
      reason,
      reference: `evt-${id}`,
      actor: "system:test",
      at: instant("2026-12-01T00:00:00Z"),
      earning: {
        rule: reason,
        trigger: "ParticipationConfirmed",
        earnedAt: instant(earnedAt),
        requested: amount,
      },
    }) as Transfer;

  it("sums the capped earnings of the same local day, week and month, by when they were earned", () => {
    const history = [
      earning("a", 5, "2026-11-27T15:59:00Z"), // Friday 23:59 in Shanghai
      earning("b", 7, "2026-11-27T16:00:00Z"), // Saturday 00:00
      earning("c", 11, "2026-11-23T00:00:00+08:00"), // Monday of the same week
      earning("d", 13, "2026-11-22T23:00:00+08:00"), // Sunday of the week before
      earning("e", 100, "2026-11-28T09:00:00+08:00", "welcome"), // not capped
      earning("f", 17, "2026-10-31T23:00:00+08:00"), // last month
    ];
    expect(
      earnedSoFarOf(
        history,
        accountOf("alice"),
        instant("2026-11-28T12:00:00+08:00"),
        "Asia/Shanghai",
      ),
    ).toEqual({ day: 7, week: 23, month: 36 });
    expect(
      earnedSoFarOf(
        history,
        accountOf("bob"),
        instant("2026-11-28T12:00:00+08:00"),
        "Asia/Shanghai",
      ),
    ).toEqual({ day: 0, week: 0, month: 0 });
  });
});
