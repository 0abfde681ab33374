import { call, insightsContract } from "@courier-station/contracts";
import { type Actor, CommunityId, localDateTime, StationId } from "@courier-station/core";
import { isoWeekOf } from "@courier-station/points";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  jinshanCommunity,
  type PlayedMonth,
  playJinshanMonth,
} from "../../../examples/jinshan/src/month.js";
import {
  ask,
  auditorOf,
  type InsightsStation,
  refusalOf,
  staffOf,
  startInsights,
  storeEvents,
} from "./test-station.js";

/*
 * The queries over the bus: who may ask, periods and stations, and the monthly report as
 * CSV and as an .xlsx workbook read back with ExcelJS, in both languages, against the
 * figures the service answers.
 */

const community = jinshanCommunity;
const staff = staffOf(community);
const otherCommunity = CommunityId.parse("shanyang-town");
const november = { kind: "month", year: 2026, month: 11 } as const;

describe("the insights queries", () => {
  let played: PlayedMonth;
  let station: InsightsStation;
  beforeAll(async () => {
    played = playJinshanMonth({ seed: 11, couriers: 30 });
    station = await startInsights({ at: played.endsAt });
    await station.run(storeEvents(played.station.events));
  });
  afterAll(async () => station.close());

  it("answer staff and auditors of the community, and refuse everyone else before reading", async () => {
    for (const actor of [staff, auditorOf(community)]) {
      const figures = await ask(station, community, "GetFigures", { actor, period: november });
      expect(figures.programme.activities.held).toBeGreaterThan(0);
    }
    const refused: ReadonlyArray<Actor> = [
      { role: "courier", id: "c-1", communities: [community] },
      { role: "sponsor", id: "sponsor-1", communities: [community] },
      { role: "handler", id: "water-affairs", communities: [community] },
      staffOf(otherCommunity),
      auditorOf(otherCommunity),
    ];
    for (const actor of refused) {
      for (const effect of [
        call(insightsContract, "GetFigures", community, { actor, period: november }),
        call(insightsContract, "GetRunningTotals", community, { actor }),
        call(insightsContract, "GetMonthlyReport", community, {
          actor,
          year: 2026,
          month: 11,
          format: "csv",
          language: "en",
        }),
      ]) {
        expect(await refusalOf(station, effect)).toBe("access.forbidden");
      }
    }
  });

  it("count a quarter as its months together, and a year as its quarters", async () => {
    const month = async (m: number) =>
      ask(station, community, "GetFigures", {
        actor: staff,
        period: { kind: "month", year: 2026, month: m },
      });
    const quarter = await ask(station, community, "GetFigures", {
      actor: staff,
      period: { kind: "quarter", year: 2026, quarter: 4 },
    });
    const months = await Promise.all([10, 11, 12].map(month));
    expect(quarter.period.from).toBe(months[0]?.period.from);
    expect(quarter.period.to).toBe(months[2]?.period.to);
    const sum = (pick: (f: (typeof months)[number]) => number) =>
      months.reduce((total, f) => total + pick(f), 0);
    expect(quarter.programme.activities.participations).toBe(
      sum((f) => f.programme.activities.participations),
    );
    expect(quarter.programme.activities.held).toBe(sum((f) => f.programme.activities.held));
    expect(quarter.wishes.fulfilled).toBe(sum((f) => f.wishes.fulfilled));
    expect(quarter.programme.reports.total).toBe(sum((f) => f.programme.reports.total));
    expect(quarter.programme.activities.participations).toBeGreaterThan(0);
    const year = await ask(station, community, "GetFigures", {
      actor: staff,
      period: { kind: "year", year: 2026 },
    });
    const since = await ask(station, community, "GetFigures", {
      actor: staff,
      period: { kind: "sinceOpening" },
    });
    // The programme opened in 2026 and the clock stands at its end of November.
    expect(year.programme.activities.participations).toBe(
      since.programme.activities.participations,
    );
  });

  it("refuse a station that never opened, and count a station as part of the community", async () => {
    expect(
      await refusalOf(
        station,
        call(insightsContract, "GetFigures", community, {
          actor: staff,
          stationId: StationId.parse("nowhere"),
          period: november,
        }),
      ),
    ).toBe("station.not_found");
    const whole = await ask(station, community, "GetFigures", { actor: staff, period: november });
    const stations = [...played.station.stations.values()].map((record) => record.state);
    let participations = 0;
    for (const state of stations) {
      if (state.status === "unopened") continue;
      const part = await ask(station, community, "GetFigures", {
        actor: staff,
        stationId: state.stationId,
        period: november,
      });
      participations += part.programme.activities.participations;
    }
    expect(participations).toBe(whole.programme.activities.participations);
  });

  it("give a month's participations by ISO week, counted where the month counts them, and none for a quarter", async () => {
    const whole = await ask(station, community, "GetFigures", { actor: staff, period: november });
    const weeks = whole.participationsByWeek ?? [];
    // 1 November 2026 is a Sunday (week 44); 30 November a Monday (week 49).
    expect(weeks.map((w) => `${w.year}-W${w.week}`)).toEqual([
      "2026-W44",
      "2026-W45",
      "2026-W46",
      "2026-W47",
      "2026-W48",
      "2026-W49",
    ]);
    // The weeks cover the month, one after the other, in Shanghai's local midnights.
    expect(weeks[0]?.period.from).toBe(whole.period.from);
    expect(weeks.at(-1)?.period.to).toBe(whole.period.to);
    for (const [index, week] of weeks.entries()) {
      if (index > 0) expect(week.period.from).toBe(weeks[index - 1]?.period.to);
    }
    expect(weeks[1]?.period.from).toBe("2026-11-01T16:00:00.000Z");
    // Counted from the played activities by when each starts, in the community's weeks.
    const expected = new Map<number, number>();
    for (const { state } of played.station.activities.values()) {
      if (state.status !== "completed") continue;
      const local = localDateTime(state.details.startsAt, "Asia/Shanghai");
      if (local.year !== 2026 || local.month !== 11) continue;
      const { week } = isoWeekOf(local.year, local.month, local.day);
      const confirmed = state.participations.filter((p) => p.status === "confirmed").length;
      expected.set(week, (expected.get(week) ?? 0) + confirmed);
    }
    expect(weeks.filter((w) => w.participations > 0).length).toBeGreaterThan(1);
    for (const week of weeks) expect(week.participations).toBe(expected.get(week.week) ?? 0);
    expect(weeks.reduce((sum, w) => sum + w.participations, 0)).toBe(
      whole.programme.activities.participations,
    );
    for (const week of weeks) expect(week.participants).toBeLessThanOrEqual(week.participations);
    // A station's weeks add up to its month, and the stations' to the community's.
    const stations = [...played.station.stations.values()].map((record) => record.state);
    const byStation = new Array<number>(weeks.length).fill(0);
    for (const state of stations) {
      if (state.status === "unopened") continue;
      const part = await ask(station, community, "GetFigures", {
        actor: staff,
        stationId: state.stationId,
        period: november,
      });
      const partWeeks = part.participationsByWeek ?? [];
      expect(partWeeks.reduce((sum, w) => sum + w.participations, 0)).toBe(
        part.programme.activities.participations,
      );
      for (const [index, week] of partWeeks.entries()) {
        byStation[index] = (byStation[index] ?? 0) + week.participations;
      }
    }
    expect(byStation).toEqual(weeks.map((w) => w.participations));
    const quarter = await ask(station, community, "GetFigures", {
      actor: staff,
      period: { kind: "quarter", year: 2026, quarter: 4 },
    });
    expect(quarter.participationsByWeek).toBeUndefined();
  });

  it("answer a community with nothing yet with zeros and an empty time since opening", async () => {
    const empty = await ask(station, otherCommunity, "GetFigures", {
      actor: staffOf(otherCommunity),
      period: { kind: "sinceOpening" },
    });
    expect(empty.period.from).toBe(empty.period.to);
    expect(empty.programme.activities.participations).toBe(0);
    expect(empty.points?.earned).toBe(0);
    const totals = await ask(station, otherCommunity, "GetRunningTotals", {
      actor: staffOf(otherCommunity),
    });
    expect(totals.months).toEqual([]);
  });

  it("give the monthly report as CSV with the figures under zh-CN or en headings", async () => {
    const figures = await ask(station, community, "GetFigures", { actor: staff, period: november });
    for (const [language, participations, heading] of [
      ["zh-CN", "参与人次", "全社区"],
      ["en", "Participations", "Community"],
    ] as const) {
      const file = await ask(station, community, "GetMonthlyReport", {
        actor: staff,
        year: 2026,
        month: 11,
        format: "csv",
        language,
      });
      expect(file.mediaType).toBe("text/csv");
      expect(file.fileName).toMatch(/^jinshan-wanda-2026-11-.+\.csv$/);
      // A byte-order mark first, so spreadsheet programs read the Chinese as UTF-8.
      expect(file.content.startsWith("\uFEFF")).toBe(true);
      // Sections, labels and numbers hold no commas or quotes: a row splits at its commas.
      const rows = file.content
        .slice(1)
        .split("\n")
        .map((line) => line.split(","));
      expect(rows[0]?.[2]).toBe(heading);
      const row = rows.find((cells) => cells[1] === participations);
      expect(Number(row?.[2])).toBe(figures.programme.activities.participations);
    }
  });

  it("give the monthly report as an .xlsx workbook that reads back with the same figures", async () => {
    const figures = await ask(station, community, "GetFigures", { actor: staff, period: november });
    const totals = await ask(station, community, "GetRunningTotals", { actor: staff });
    for (const language of ["zh-CN", "en"] as const) {
      const file = await ask(station, community, "GetMonthlyReport", {
        actor: staff,
        year: 2026,
        month: 11,
        format: "xlsx",
        language,
      });
      expect(file.encoding).toBe("base64");
      expect(file.fileName.endsWith(".xlsx")).toBe(true);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(Buffer.from(file.content, "base64") as unknown as ArrayBuffer);
      const [sheet, runningSheet] = workbook.worksheets;
      if (sheet === undefined || runningSheet === undefined) throw new Error("two sheets expected");
      const rows = new Map<string, ReadonlyArray<unknown>>();
      sheet.eachRow((row) => {
        const values = (row.values as unknown[]).slice(1);
        rows.set(String(values[1]), values);
      });
      const label = (zh: string, en: string) => (language === "zh-CN" ? zh : en);
      const value = (zh: string, en: string) => rows.get(label(zh, en))?.[2];
      expect(value("参与人次", "Participations")).toBe(figures.programme.activities.participations);
      expect(value("开展活动（场）", "Activities held")).toBe(figures.programme.activities.held);
      expect(value("志愿时长（小时）", "Volunteer hours")).toBe(
        figures.programme.activities.volunteerHours,
      );
      expect(value("圆梦心愿", "Wishes fulfilled")).toBe(figures.wishes.fulfilled);
      expect(value("上报", "Reported")).toBe(figures.programme.reports.total);
      expect(value("超期未处置", "Overdue")).toBe(figures.programme.reports.overdue);
      expect(value("提出建议", "Suggestions made")).toBe(figures.programme.suggestions.total);
      // Points are the community's: its column has them, a station's is empty.
      expect(value("发放积分", "Points earned")).toBe(figures.points?.earned);
      expect(rows.get(label("发放积分", "Points earned"))?.[3]).toBeUndefined();
      const heading = sheet.getRow(1).values as unknown[];
      expect(heading[3]).toBe(label("全社区", "Community"));
      // The running totals: one row per month since opening, the last one to date.
      expect(runningSheet.rowCount).toBe(totals.months.length + 1);
      const last = runningSheet.getRow(runningSheet.rowCount).values as unknown[];
      expect(last[3]).toBe(totals.months.at(-1)?.cumulative.participations);
    }
  });
});
