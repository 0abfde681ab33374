import type { ActivityState } from "@courier-station/core";
import { Store } from "@courier-station/kit";
import { Effect, Option } from "effect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activityKey } from "./commands.js";
import { activityRows, participationRows } from "./read-models.js";
import { refused } from "./testing/replies.js";
import {
  type ActivitiesStation,
  activeCourier,
  at,
  COMMUNITY,
  courier,
  detailsWith,
  envelope,
  OTHER_COMMUNITY,
  otherStaff,
  sponsor,
  staff,
  startActivitiesStation,
} from "./testing/station.js";

let station: ActivitiesStation;

beforeAll(async () => {
  station = await startActivitiesStation({ now: at("2026-12-01 09:00") });
  station.registry.couriers.set("alice", activeCourier("alice"));
});
afterAll(async () => station.close());

/** How much the station holds: events in the log and rows of the lists. */
const stored = () =>
  station.station.run(
    Effect.gen(function* () {
      const store = yield* Store;
      const events = yield* store.readLog({ after: 0, limit: 10_000 });
      const activities = yield* (yield* store.readModel(activityRows)).count();
      const participations = yield* (yield* store.readModel(participationRows)).count();
      return { events: events.length, activities, participations };
    }),
  );

const activityExists = (activityId: string) =>
  station.station.run(
    Effect.gen(function* () {
      const store = yield* Store;
      return Option.isSome(yield* store.load<ActivityState>(activityKey(COMMUNITY, activityId)));
    }),
  );

const planning = (activityId: string, details: unknown = detailsWith()) => ({
  type: "PlanActivity",
  data: { activityId, details },
});

describe("bad input sent straight to the service's subjects", () => {
  const cases: ReadonlyArray<{
    readonly name: string;
    readonly activityId: string;
    readonly payload: () => unknown;
    readonly community?: string;
    readonly code: string;
    readonly status: number;
  }> = [
    {
      name: "not JSON (the bus carries it as a string)",
      activityId: "not-json",
      payload: () => '{"commandId": "c-1", "command": {',
      code: "input.invalid",
      status: 400,
    },
    {
      name: "the wrong shape: a title missing, an unknown field",
      activityId: "wrong-shape",
      payload: () => {
        const { title: _title, ...details } = detailsWith();
        return envelope(staff, {
          type: "PlanActivity",
          data: { activityId: "wrong-shape", details: { ...details, colour: "red" } },
        });
      },
      code: "input.invalid",
      status: 400,
    },
    {
      name: "an oversize payload",
      activityId: "oversize",
      payload: () =>
        envelope(
          staff,
          planning("oversize", { ...detailsWith(), description: "长".repeat(70_000) }),
        ),
      code: "input.too_large",
      status: 413,
    },
    {
      name: "a __proto__ key",
      activityId: "prototype",
      payload: () =>
        JSON.parse(
          `{"commandId":"c-proto","community":"${COMMUNITY}","actor":${JSON.stringify(staff)},"command":{"type":"PlanActivity","data":{"activityId":"prototype","details":${JSON.stringify(detailsWith())},"__proto__":{"admin":true}}}}`,
        ),
      code: "input.invalid",
      status: 400,
    },
    {
      name: "a NUL character",
      activityId: "nul",
      payload: () =>
        envelope(staff, planning("nul", { ...detailsWith(), title: "护河\u0000行动" })),
      code: "input.invalid",
      status: 400,
    },
    {
      name: "another community's id in the payload",
      activityId: "other-community",
      payload: () =>
        envelope(
          { ...staff, communities: [COMMUNITY, OTHER_COMMUNITY] },
          planning("other-community"),
          "c-other",
          OTHER_COMMUNITY,
        ),
      code: "access.community_mismatch",
      status: 403,
    },
    {
      name: "staff of another community",
      activityId: "foreign-staff",
      payload: () => envelope(otherStaff, planning("foreign-staff")),
      code: "access.forbidden",
      status: 403,
    },
    {
      name: "a courier calling a staff command",
      activityId: "courier-plans",
      payload: () => envelope(courier("alice"), planning("courier-plans")),
      code: "access.forbidden",
      status: 403,
    },
    {
      name: "a command id in the namespace the system's flows derive",
      activityId: "derived-id",
      payload: () => envelope(staff, planning("derived-id"), `d-${"0".repeat(40)}`),
      code: "access.forbidden",
      status: 403,
    },
  ];

  it.each(cases)("refuses $name and stores nothing", async (entry) => {
    const before = await stored();
    const reply = await station.request("PlanActivity", entry.payload(), entry.community);
    refused(reply, entry.code, entry.status);
    expect(await stored()).toEqual(before);
    expect(await activityExists(entry.activityId)).toBe(false);
  });

  it("refuses a sign-up with a negative, fractional or huge number where an id belongs", async () => {
    for (const courierId of [-1, 1.5, 2 ** 60, Number.NaN]) {
      const before = await stored();
      const reply = await station.request(
        "SignUpForActivity",
        envelope(courier("alice"), {
          type: "SignUpForActivity",
          data: { activityId: "any", courierId },
        }),
      );
      refused(reply, "input.invalid", 400);
      expect(await stored()).toEqual(before);
    }
  });

  it("refuses a query from a role the contract does not name, before reading anything", async () => {
    refused(
      await station.request("ListActivityRoster", { actor: sponsor, activityId: "any" }),
      "access.forbidden",
      403,
    );
    refused(
      await station.request("GetActivityFacts", { actor: courier("alice"), activityId: "any" }),
      "access.forbidden",
      403,
    );
  });
});
