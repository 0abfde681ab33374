import type { Actor } from "@courier-station/core";
import { Store } from "@courier-station/kit";
import { Effect } from "effect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  catalogueItemRows,
  catalogueRedemptionRows,
  sponsorRows,
  wallRows,
  wishRows,
} from "./read-models.js";
import {
  community,
  courierActor,
  draftOf,
  otherCommunity,
  request,
  sponsorActor,
  staff,
  staffElsewhere,
  startWishes,
  type WishesStation,
  wishOnTheWall,
} from "./test-station.js";

let station: WishesStation;

beforeAll(async () => {
  station = await startWishes();
  // One wish on the wall, so commands on it reach the decider.
  await wishOnTheWall(station, "w-1", "c-1");
});
afterAll(async () => station.close());

/** How much the station holds: events in the log and rows of every read model. */
const stored = () =>
  station.run(
    Effect.gen(function* () {
      const store = yield* Store;
      const events = yield* store.readLog({ after: 0, limit: 10_000 });
      const count = (definition: Parameters<typeof store.readModel>[0]) =>
        Effect.flatMap(store.readModel(definition), (rows) => rows.count());
      return {
        events: events.length,
        wishes: yield* count(wishRows),
        wall: yield* count(wallRows),
        sponsors: yield* count(sponsorRows),
        items: yield* count(catalogueItemRows),
        redemptions: yield* count(catalogueRedemptionRows),
      };
    }),
  );

const envelope = (
  actor: Actor,
  command: unknown,
  commandId = "cmd-bad",
  target: string = community,
) => ({ commandId, community: target, actor, command });

const draftWith = (changes: Record<string, unknown>) => ({
  ...draftOf("w-bad"),
  data: { ...draftOf("w-bad").data, ...changes },
});

describe("bad input sent straight to the service's subjects", () => {
  const cases: ReadonlyArray<{
    readonly name: string;
    readonly endpoint: string;
    readonly payload: () => unknown;
    readonly code: string;
    readonly status: number;
  }> = [
    {
      name: "not JSON (the bus carries it as a string)",
      endpoint: "DraftWish",
      payload: () => '{"commandId": "cmd-1", "command": {',
      code: "input.invalid",
      status: 400,
    },
    {
      name: "the wrong shape: the title missing, an unknown field",
      endpoint: "DraftWish",
      payload: () => {
        const { title: _title, ...data } = draftOf("w-bad").data;
        return envelope(courierActor("c-2"), {
          type: "DraftWish",
          data: { ...data, urgent: true },
        });
      },
      code: "input.invalid",
      status: 400,
    },
    {
      name: "another endpoint's command",
      endpoint: "DraftWish",
      payload: () => envelope(staff, { type: "ApproveWish", data: { wishId: "w-1" } }),
      code: "input.invalid",
      status: 400,
    },
    {
      name: "a value in fen that is negative, fractional or beyond 2^53",
      endpoint: "DraftWish",
      payload: () => envelope(courierActor("c-2"), draftWith({ estimatedValueFen: 2 ** 53 + 1.5 })),
      code: "input.invalid",
      status: 400,
    },
    {
      name: "an oversize payload",
      endpoint: "DraftWish",
      payload: () => envelope(courierActor("c-2"), draftWith({ description: "想".repeat(70_000) })),
      code: "input.too_large",
      status: 413,
    },
    {
      name: "a __proto__ key",
      endpoint: "DraftWish",
      payload: () =>
        JSON.parse(
          `{"commandId":"cmd-bad","community":"${community}","actor":${JSON.stringify(courierActor("c-2"))},"command":{"type":"DraftWish","data":${JSON.stringify(draftOf("w-bad").data)},"__proto__":{"admin":true}}}`,
        ),
      code: "input.invalid",
      status: 400,
    },
    {
      name: "a key starting with $",
      endpoint: "DraftWish",
      payload: () => envelope(courierActor("c-2"), draftWith({ $where: "1" })),
      code: "input.invalid",
      status: 400,
    },
    {
      name: "a NUL character in the description",
      endpoint: "DraftWish",
      payload: () => envelope(courierActor("c-2"), draftWith({ description: "充电\u0000宝" })),
      code: "input.invalid",
      status: 400,
    },
    {
      name: "another community's id in the payload",
      endpoint: "ApproveWish",
      payload: () =>
        envelope(
          { ...staff, communities: [community, otherCommunity] },
          { type: "ApproveWish", data: { wishId: "w-1" } },
          "cmd-bad",
          otherCommunity,
        ),
      code: "access.community_mismatch",
      status: 403,
    },
    {
      name: "staff of another community",
      endpoint: "RejectWish",
      payload: () =>
        envelope(staffElsewhere, { type: "RejectWish", data: { wishId: "w-1", reason: "不合规" } }),
      code: "access.forbidden",
      status: 403,
    },
    {
      name: "a courier calling a staff command (moderation)",
      endpoint: "RejectWish",
      payload: () =>
        envelope(courierActor("c-2"), {
          type: "RejectWish",
          data: { wishId: "w-1", reason: "不合规" },
        }),
      code: "access.forbidden",
      status: 403,
    },
    {
      name: "a courier calling a staff command (listing a catalogue item)",
      endpoint: "ListCatalogueItem",
      payload: () =>
        envelope(courierActor("c-1"), {
          type: "ListCatalogueItem",
          data: {
            itemId: "free-bike",
            title: "自行车",
            pointsPrice: 1,
            stock: 5,
            stationId: "wanda",
            donor: { kind: "community" },
          },
        }),
      code: "access.forbidden",
      status: 403,
    },
    {
      name: "a courier recording hand-overs in bulk",
      endpoint: "RecordWishHandOvers",
      payload: () =>
        envelope(courierActor("c-1"), {
          type: "RecordWishHandOvers",
          data: { activityId: "lighting-1", wishIds: ["w-1"] },
        }),
      code: "access.forbidden",
      status: 403,
    },
    {
      name: "a sponsor reporting a hold, which only the points flow may",
      endpoint: "ConfirmWishHold",
      payload: () =>
        envelope(sponsorActor("wanda-cafe"), {
          type: "ConfirmWishHold",
          data: { wishId: "w-1", transferId: `d-${"2".repeat(40)}` },
        }),
      code: "access.forbidden",
      status: 403,
    },
    {
      name: "a command id in the namespace the system's flows derive",
      endpoint: "DraftWish",
      payload: () => envelope(courierActor("c-2"), draftOf("w-bad"), `d-${"0".repeat(40)}`),
      code: "access.forbidden",
      status: 403,
    },
  ];

  it.each(cases)("refuses $name and stores nothing", async (entry) => {
    const before = await stored();
    const reply = await request(station, entry.endpoint, entry.payload());
    expect(reply.ok).toBe(false);
    if (reply.ok) return;
    expect(reply.error.code).toBe(entry.code);
    expect(reply.status).toBe(entry.status);
    expect(reply.error.message["zh-CN"]).toMatch(/\p{Script=Han}/u);
    expect(reply.error.message.en).toMatch(/[A-Za-z]{3}/);
    expect(await stored()).toEqual(before);
  });

  it("refuses a query from a role the contract does not name, before reading anything", async () => {
    const reply = await request(station, "ListModerationQueue", { actor: courierActor("c-1") });
    expect(reply.ok).toBe(false);
    if (!reply.ok) {
      expect(reply.error.code).toBe("access.forbidden");
      expect(reply.status).toBe(403);
    }
  });

  it("refuses a query from staff of another community, before reading anything", async () => {
    const reply = await request(station, "GetWish", { actor: staffElsewhere, wishId: "w-1" });
    expect(reply.ok).toBe(false);
    if (!reply.ok) expect(reply.error.code).toBe("access.forbidden");
  });

  it("refuses a forged cursor as an invalid query", async () => {
    const reply = await request(station, "ListWishWall", {
      actor: courierActor("c-1"),
      after: "not-a-cursor",
    });
    expect(reply.ok).toBe(false);
    if (!reply.ok) expect(reply.status).toBeLessThan(500);
  });
});
