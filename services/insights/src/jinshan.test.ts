import { isCourierAccount } from "@courier-station/points";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  jinshanCommunity,
  type PlayedMonth,
  playJinshanMonth,
} from "../../../examples/jinshan/src/month.js";
import { type MonthStatistics, monthStatistics } from "../../../examples/jinshan/src/statistics.js";
import {
  asJson,
  ask,
  auditorOf,
  type InsightsStation,
  playedLogOf,
  staffOf,
  startInsights,
  storeEvents,
} from "./test-station.js";

/*
 * The figures the service keeps equal those examples/jinshan computes directly from its
 * aggregates for the same commands: the Jinshan community from its opening to the end of
 * November played through the packages, its event log written to the store as the
 * services would have written it (`playedLogOf`), and every figure asked over the bus.
 */

const community = jinshanCommunity;
const staff = staffOf(community);

describe("the figures of the Jinshan month", () => {
  let played: PlayedMonth;
  let direct: MonthStatistics;
  let station: InsightsStation;
  beforeAll(async () => {
    played = playJinshanMonth({ seed: 7, couriers: 40 });
    direct = monthStatistics(played);
    station = await startInsights({ at: played.endsAt });
    await station.run(storeEvents(playedLogOf(played)));
  });
  afterAll(async () => station.close());

  it("are November's for the whole community, as the example counts them", async () => {
    const november = await ask(station, community, "GetFigures", {
      actor: staff,
      period: { kind: "month", year: 2026, month: 11 },
    });
    expect(november.programme).toEqual(asJson(direct.november.programme));
    expect(november.wishes).toEqual(asJson(direct.november.wishes));
    expect(november.catalogue).toEqual(asJson(direct.november.catalogue));
    const { year: _year, month: _month, timeZone: _timeZone, ...points } = direct.november.points;
    expect(november.points).toEqual(asJson(points));
    // The month had something of everything, so the comparison compares something.
    expect(november.programme.activities.participations).toBeGreaterThan(0);
    expect(november.wishes.fulfilled).toBeGreaterThan(0);
    expect(november.points?.earned).toBeGreaterThan(0);
    expect(november.programme.reports.total).toBeGreaterThan(0);
  });

  it("are each station's November and time since it opened", async () => {
    expect(direct.stations.length).toBeGreaterThan(1);
    for (const expected of direct.stations) {
      const november = await ask(station, community, "GetFigures", {
        actor: auditorOf(community),
        stationId: expected.stationId,
        period: { kind: "month", year: 2026, month: 11 },
      });
      expect(november.programme).toEqual(asJson(expected.november.programme));
      expect(november.wishes).toEqual(asJson(expected.november.wishes));
      expect(november.catalogue).toEqual(asJson(expected.november.catalogue));
      expect(november.points).toBeUndefined();
      const since = await ask(station, community, "GetFigures", {
        actor: staff,
        stationId: expected.stationId,
        period: { kind: "sinceOpening" },
      });
      expect(since.period).toEqual(expected.sinceOpening.period);
      expect(since.programme).toEqual(asJson(expected.sinceOpening.programme));
      expect(since.wishes).toEqual(asJson(expected.sinceOpening.wishes));
    }
  });

  it("are the community's since its first station opened, with the running totals", async () => {
    const since = await ask(station, community, "GetFigures", {
      actor: staff,
      period: { kind: "sinceOpening" },
    });
    expect(since.period).toEqual(direct.sinceOpening.period);
    expect(since.programme).toEqual(asJson(direct.sinceOpening.programme));
    expect(since.wishes).toEqual(asJson(direct.sinceOpening.wishes));
    expect(since.catalogue).toEqual(asJson(direct.sinceOpening.catalogue));
    expect(since.points).toEqual(asJson(direct.sinceOpening.points));
    const totals = await ask(station, community, "GetRunningTotals", { actor: staff });
    expect(totals.months).toEqual(asJson(direct.sinceOpening.runningTotals));
    expect(totals.months.at(-1)?.cumulative.participations).toBe(
      direct.sinceOpening.programme.activities.participations,
    );
  });

  it("keep the points outstanding equal to what the couriers' accounts hold", async () => {
    const since = await ask(station, community, "GetFigures", {
      actor: staff,
      period: { kind: "sinceOpening" },
    });
    let held = 0;
    for (const account of played.station.ledger.accounts()) {
      if (!isCourierAccount(account)) continue;
      const balances = played.station.ledger.balancesOf(account);
      held += balances.creditsPosted - balances.debitsPosted;
    }
    expect(held).toBeGreaterThan(0);
    expect(since.points?.closingOutstanding).toBe(held);
  });
});
