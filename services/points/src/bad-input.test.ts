import { type Actor, CommunityId } from "@courier-station/core";
import { Store } from "@courier-station/kit";
import { Effect } from "effect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accountRows, holdRows } from "./read-models.js";
import {
  adjustment,
  community,
  courierActor,
  type PointsStation,
  request,
  staff,
  staffElsewhere,
  startPoints,
} from "./test-station.js";

let station: PointsStation;

beforeAll(async () => {
  station = await startPoints();
});
afterAll(async () => station.close());

/** How much the station holds: events in the log and rows of the read models. */
const stored = () =>
  station.run(
    Effect.gen(function* () {
      const store = yield* Store;
      const events = yield* store.readLog({ after: 0, limit: 10_000 });
      const accounts = yield* (yield* store.readModel(accountRows)).count();
      const holds = yield* (yield* store.readModel(holdRows)).count();
      return { events: events.length, accounts, holds };
    }),
  );

const envelope = (
  actor: Actor,
  command: unknown,
  commandId = "adj-bad",
  target: string = community,
) => ({ commandId, community: target, actor, command });

const grantWith = (changes: Record<string, unknown>) => ({
  ...adjustment("adj-bad", "c-1", 10),
  data: { ...adjustment("adj-bad", "c-1", 10).data, ...changes },
});

const otherCommunity = CommunityId.parse("shanyang-town");

describe("bad input sent straight to the service's subjects", () => {
  const cases: ReadonlyArray<{
    readonly name: string;
    readonly payload: () => unknown;
    readonly code: string;
    readonly status: number;
  }> = [
    {
      name: "not JSON (the bus carries it as a string)",
      payload: () => '{"commandId": "adj-1", "command": {',
      code: "input.invalid",
      status: 400,
    },
    {
      name: "the wrong shape: the note missing, an unknown field",
      payload: () => {
        const { note: _note, ...data } = adjustment("adj-bad", "c-1", 10).data;
        return envelope(staff, { type: "AdjustPoints", data: { ...data, bonus: true } });
      },
      code: "input.invalid",
      status: 400,
    },
    {
      name: "an oversize payload",
      payload: () => envelope(staff, grantWith({ note: "补".repeat(70_000) })),
      code: "input.too_large",
      status: 413,
    },
    {
      name: "a __proto__ key",
      payload: () =>
        JSON.parse(
          `{"commandId":"adj-bad","community":"${community}","actor":${JSON.stringify(staff)},"command":{"type":"AdjustPoints","data":${JSON.stringify(adjustment("adj-bad", "c-1", 10).data)},"__proto__":{"admin":true}}}`,
        ),
      code: "input.invalid",
      status: 400,
    },
    {
      name: "a key starting with $",
      payload: () => envelope(staff, grantWith({ $where: "1" })),
      code: "input.invalid",
      status: 400,
    },
    {
      name: "a dotted key",
      payload: () => envelope(staff, grantWith({ "amount.value": 1 })),
      code: "input.invalid",
      status: 400,
    },
    {
      name: "a NUL character in the note",
      payload: () => envelope(staff, grantWith({ note: "补发\u0000积分" })),
      code: "input.invalid",
      status: 400,
    },
    {
      name: "another community's id in the payload",
      payload: () =>
        envelope(
          { ...staff, communities: [community, otherCommunity] },
          adjustment("adj-bad", "c-1", 10),
          "adj-bad",
          otherCommunity,
        ),
      code: "access.community_mismatch",
      status: 403,
    },
    {
      name: "staff of another community",
      payload: () => envelope(staffElsewhere, adjustment("adj-bad", "c-1", 10)),
      code: "access.forbidden",
      status: 403,
    },
    {
      name: "a courier calling a staff command",
      payload: () => envelope(courierActor("c-1"), adjustment("adj-bad", "c-1", 10)),
      code: "access.forbidden",
      status: 403,
    },
    {
      name: "a command id in the namespace the system's flows derive",
      payload: () => envelope(staff, adjustment("adj-bad", "c-1", 10), `d-${"0".repeat(40)}`),
      code: "access.forbidden",
      status: 403,
    },
    {
      name: "a transfer id in the namespace of derived ids",
      payload: () => envelope(staff, adjustment(`d-${"1".repeat(40)}`, "c-1", 10), "adj-derived"),
      code: "input.invalid",
      status: 400,
    },
  ];

  it.each(cases)("refuses $name and stores nothing", async (entry) => {
    const before = await stored();
    const reply = await request(station, "AdjustPoints", entry.payload());
    expect(reply.ok).toBe(false);
    if (reply.ok) return;
    expect(reply.error.code).toBe(entry.code);
    expect(reply.status).toBe(entry.status);
    expect(reply.error.message["zh-CN"]).toMatch(/\p{Script=Han}/u);
    expect(reply.error.message.en).toMatch(/[A-Za-z]{3}/);
    expect(await stored()).toEqual(before);
  });

  it("refuses negative, zero, fractional, oversized and non-number amounts", async () => {
    for (const amount of [-1, 0, 1.5, 2 ** 53, Number.NaN, "10"]) {
      const before = await stored();
      const reply = await request(station, "AdjustPoints", envelope(staff, grantWith({ amount })));
      expect(reply.ok).toBe(false);
      if (!reply.ok) {
        expect(reply.error.code).toBe("input.invalid");
        expect(reply.status).toBe(400);
      }
      expect(await stored()).toEqual(before);
    }
  });

  it("refuses staff placing a hold, which only the system's flows may", async () => {
    const before = await stored();
    const reply = await request(
      station,
      "CreateTransfer",
      envelope(
        staff,
        {
          type: "CreateTransfer",
          data: {
            transferId: "h-staff",
            debitAccount: "courier-c-1",
            creditAccount: "system-redemption",
            amount: 10,
            reason: "wish_redemption",
            reference: "wish-w-1",
            pending: { timeoutAt: "2030-01-01T00:00:00.000Z" },
          },
        },
        "h-staff",
      ),
    );
    expect(reply.ok).toBe(false);
    if (!reply.ok) expect(reply.error.code).toBe("access.forbidden");
    expect(await stored()).toEqual(before);
  });

  it("refuses a query from a role the contract does not name, before reading anything", async () => {
    const reply = await request(station, "GetLedgerTotals", { actor: courierActor("c-1") });
    expect(reply.ok).toBe(false);
    if (!reply.ok) expect(reply.error.code).toBe("access.forbidden");
  });
});
