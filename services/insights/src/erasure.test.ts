import {
  type Actor,
  type CourierId,
  courierPseudonym,
  erasePersonalData,
  isCourierRegistered,
} from "@courier-station/core";
import { Store } from "@courier-station/kit";
import { Effect } from "effect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  jinshanCommunity,
  type PlayedMonth,
  playJinshanMonth,
} from "../../../examples/jinshan/src/month.js";
import { monthStatistics } from "../../../examples/jinshan/src/statistics.js";
import { catchUpInsights, projectedAggregatesOf, rebuildInsights } from "./projection.js";
import {
  asJson,
  ask,
  type InsightsStation,
  staffOf,
  startInsights,
  storeEvents,
} from "./test-station.js";

/*
 * A courier who leaves and has their personal data erased: the figures still add up (what
 * they did still counts, they count as a courier who left), the projection never held who
 * they were, and one rebuilt from the erased log is the same.
 */

const community = jinshanCommunity;
const staff: Actor = staffOf(community);
const november = { kind: "month", year: 2026, month: 11 } as const;

describe("a courier's erasure", () => {
  let played: PlayedMonth;
  let station: InsightsStation;
  let courierId: CourierId;
  let nickname: string;
  beforeAll(async () => {
    played = playJinshanMonth({ seed: 5, couriers: 24 });
    station = await startInsights({ at: played.endsAt });
    await station.run(storeEvents(played.station.events));
    // The courier with the most confirmed participations.
    const counts = new Map<string, number>();
    for (const { state } of played.station.activities.values()) {
      if (state.status === "draft" || !("participations" in state)) continue;
      for (const participation of state.participations) {
        if (participation.status !== "confirmed") continue;
        counts.set(participation.courierId, (counts.get(participation.courierId) ?? 0) + 1);
      }
    }
    const [top] = [...counts.entries()].sort((a, b) => b[1] - a[1]);
    if (top === undefined) throw new Error("a courier who took part was expected");
    courierId = top[0] as CourierId;
    const courier = played.station.couriers.get(courierId)?.state;
    if (courier === undefined || !isCourierRegistered(courier)) throw new Error("no courier");
    nickname = courier.nickname;
  });
  afterAll(async () => station.close());

  it("was never needed: the projection holds no name, number or nickname", async () => {
    await station.run(catchUpInsights());
    const documents = await station.run(projectedAggregatesOf(community));
    expect(documents.length).toBeGreaterThan(0);
    const text = JSON.stringify(documents);
    const courier = played.station.couriers.get(courierId)?.state;
    if (courier === undefined || !isCourierRegistered(courier)) throw new Error("no courier");
    expect(courier.personal.kind).not.toBe("erased");
    expect(text).not.toContain(JSON.stringify(courier.personal).slice(1, -1));
    expect(text).not.toContain(`"${nickname}"`);
    const projected = documents.find(
      (document) => document.aggregate === "courier" && document.aggregateId === courierId,
    );
    expect(projected?.state).toMatchObject({
      nickname: courierPseudonym(courierId),
      personal: { kind: "erased" },
      mobileKey: null,
    });
  });

  it("leaves the figures adding up, as the example counts them after it, and as a rebuild does", async () => {
    const before = await ask(station, community, "GetFigures", { actor: staff, period: november });
    const sinceBefore = await ask(station, community, "GetFigures", {
      actor: staff,
      period: { kind: "sinceOpening" },
    });
    const courier = played.station.couriers.get(courierId)?.state;
    if (courier === undefined || !isCourierRegistered(courier)) throw new Error("no courier");
    const statusBefore = courier.status;

    // Erased as the registry erases: the command, then the courier's stream rewritten.
    const from = played.station.events.length;
    const answer = played.station.send(
      { role: "staff", id: "staff-wang", communities: [community] },
      { aggregate: "courier", command: { type: "EraseCourierPersonalData", data: { courierId } } },
    );
    expect(answer.ok).toBe(true);
    await station.run(
      Effect.gen(function* () {
        yield* storeEvents(played.station.events.slice(from));
        const store = yield* Store;
        yield* store.rewriteEvents(
          { community, aggregate: "courier", id: courierId },
          (event) => erasePersonalData(event, courierPseudonym(courierId)),
          { eraseReceiptBodies: true },
        );
      }),
    );

    const after = await ask(station, community, "GetFigures", { actor: staff, period: november });
    const sinceAfter = await ask(station, community, "GetFigures", {
      actor: staff,
      period: { kind: "sinceOpening" },
    });
    // What they did still counts.
    expect(after.programme.activities).toEqual(before.programme.activities);
    expect(after.programme.reports).toEqual(before.programme.reports);
    expect(after.points).toEqual(before.points);
    expect(sinceAfter.programme.activities).toEqual(sinceBefore.programme.activities);
    expect(sinceAfter.points).toEqual(sinceBefore.points);
    expect(after.programme.activities.participations).toBeGreaterThan(0);
    expect(after.participationsByWeek).toEqual(before.participationsByWeek);
    expect((after.participationsByWeek ?? []).some((week) => week.participations > 0)).toBe(true);
    // They count as a courier who left.
    const { byStatus } = after.programme.couriers;
    expect(after.programme.couriers.registered).toBe(before.programme.couriers.registered);
    if (statusBefore !== "left") {
      expect(byStatus.left).toBe(before.programme.couriers.byStatus.left + 1);
      expect(byStatus[statusBefore]).toBe(before.programme.couriers.byStatus[statusBefore] - 1);
    }
    expect(Object.values(byStatus).reduce((sum, n) => sum + n, 0)).toBe(
      after.programme.couriers.registered,
    );
    // The example, counting its own aggregates after the erasure, agrees.
    const direct = monthStatistics(played);
    expect(after.programme).toEqual(asJson(direct.november.programme));
    expect(sinceAfter.programme).toEqual(asJson(direct.sinceOpening.programme));

    // Rebuilt from the erased log: the same figures.
    await station.run(rebuildInsights());
    const rebuilt = await ask(station, community, "GetFigures", { actor: staff, period: november });
    expect({ ...rebuilt, asOfPosition: 0 }).toEqual({ ...after, asOfPosition: 0 });
    expect(JSON.stringify(await station.run(projectedAggregatesOf(community)))).not.toContain(
      `"${nickname}"`,
    );
  });
});
