import { anonymousActor, call, insightsContract } from "@courier-station/contracts";
import { type Actor, CommunityId, StationId } from "@courier-station/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  jinshanCommunity,
  type PlayedMonth,
  playJinshanMonth,
} from "../../../examples/jinshan/src/month.js";
import {
  ask,
  type InsightsStation,
  refusalOf,
  staffOf,
  startInsights,
  storeEvents,
} from "./test-station.js";

/*
 * The year's figures the public reads without signing in: anyone may ask, they are the
 * same numbers staff read for the year, and they carry counts only — no courier's id,
 * name or number.
 */

const community = jinshanCommunity;
const staff = staffOf(community);

describe("the public figures of a year", () => {
  let played: PlayedMonth;
  let station: InsightsStation;
  /** Registered, with nothing done in it yet. */
  const newcomer = CommunityId.parse("xinnong");
  beforeAll(async () => {
    played = playJinshanMonth({ seed: 7, couriers: 20 });
    station = await startInsights({ at: played.endsAt, registered: [newcomer] });
    await station.run(storeEvents(played.station.events));
  });
  afterAll(async () => station.close());

  it("answer the anonymous actor and anyone signed in, with the numbers staff read for the year", async () => {
    const year = await ask(station, community, "GetFigures", {
      actor: staff,
      period: { kind: "year", year: 2026 },
    });
    const elsewhere: Actor = {
      role: "courier",
      id: "c-9",
      communities: [CommunityId.parse("zhujing")],
    };
    for (const actor of [anonymousActor, elsewhere, staff]) {
      const figures = await ask(station, community, "GetPublicFigures", { actor, year: 2026 });
      expect(figures).toMatchObject({
        year: 2026,
        period: year.period,
        couriersRegistered: year.programme.couriers.registered,
        activitiesHeld: year.programme.activities.held,
        participations: year.programme.activities.participations,
        volunteerHours: year.programme.activities.volunteerHours,
        pointsEarned: year.points?.earned,
        wishesFulfilled: year.wishes.fulfilled,
        reportsSubmitted: year.programme.reports.total,
        reportsResolved:
          year.programme.reports.byStatus.resolved + year.programme.reports.byStatus.closed,
        suggestionsAdopted: year.programme.suggestions.adopted,
      });
    }
    const figures = await ask(station, community, "GetPublicFigures", { actor: anonymousActor });
    expect(figures.couriersRegistered).toBeGreaterThan(0);
    expect(figures.activitiesHeld).toBeGreaterThan(0);
  });

  it("default to the year the clock stands in, and carry nothing of a person", async () => {
    const figures = await ask(station, community, "GetPublicFigures", { actor: anonymousActor });
    expect(figures.year).toBe(2026);
    const text = JSON.stringify(figures);
    for (const courier of played.station.couriers.values()) {
      const state = courier.state as { readonly courierId?: string; readonly nickname?: string };
      if (state.courierId !== undefined) expect(text).not.toContain(state.courierId);
    }
    expect(Object.keys(figures).sort()).toEqual(
      [
        "activitiesHeld",
        "couriersCheckedIn",
        "couriersRegistered",
        "participations",
        "period",
        "pointsEarned",
        "reportsResolved",
        "reportsSubmitted",
        "suggestionsAdopted",
        "suggestionsSubmitted",
        "takenAt",
        "volunteerHours",
        "volunteerTeam",
        "wishesFulfilled",
        "year",
      ].sort(),
    );
  });

  it("count one station without the community's points, and refuse a station that never opened", async () => {
    const opened = [...played.station.stations.values()]
      .flatMap(({ state }) => (state.status === "unopened" ? [] : [state]))
      .at(0);
    if (opened === undefined) return expect.fail("the month opens a station");
    const figures = await ask(station, community, "GetPublicFigures", {
      actor: anonymousActor,
      stationId: opened.stationId,
    });
    expect(figures.stationId).toBe(opened.stationId);
    expect(figures.pointsEarned).toBeUndefined();
    expect(
      await refusalOf(
        station,
        call(insightsContract, "GetPublicFigures", community, {
          actor: anonymousActor,
          stationId: StationId.parse("nowhere"),
        }),
      ),
    ).toBe("station.not_found");
  });

  it("refuse a community that exists nowhere, and count zeros for one registered with nothing done yet", async () => {
    expect(
      await refusalOf(
        station,
        call(insightsContract, "GetPublicFigures", CommunityId.parse("no-such-community"), {
          actor: anonymousActor,
        }),
      ),
    ).toBe("community.not_found");
    const fresh = await ask(station, newcomer, "GetPublicFigures", { actor: anonymousActor });
    expect(fresh).toMatchObject({
      year: 2026,
      couriersRegistered: 0,
      activitiesHeld: 0,
      reportsSubmitted: 0,
    });
  });
});
