import { type CourierState, isCourierRegistered } from "@courier-station/core";
import { Store } from "@courier-station/kit";
import { Effect, Option } from "effect";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { courierKey } from "./commands.js";
import { courierRowId, courierRowOf, courierRows } from "./read-models.js";
import {
  ask,
  community,
  courierActor,
  operator,
  type RegistryStation,
  registration,
  send,
  staff,
  startRegistry,
} from "./test-station.js";

/*
 * Whatever couriers do, in whatever order (refusals included), the registry's row of a
 * courier is the row of the aggregate's state at its version, and the facts other
 * services read say what the aggregate says: a property over random sequences of
 * commands through the service, its seed printed on failure.
 */

type Step = (courierId: string) => {
  readonly actor: ReturnType<typeof courierActor>;
  readonly command: { readonly type: string; readonly data: object };
};

const steps: ReadonlyArray<Step> = [
  (id) => ({ actor: courierActor(id), command: registration(id, numberOf(id)) }),
  (id) => ({
    actor: courierActor(id),
    command: { type: "GiveConsent", data: { courierId: id, policyVersion: "2026-01" } },
  }),
  (id) => ({
    actor: courierActor(id),
    command: { type: "WithdrawConsent", data: { courierId: id } },
  }),
  (id) => ({ actor: staff, command: { type: "VerifyCourier", data: { courierId: id } } }),
  (id) => ({
    actor: staff,
    command: { type: "RejectCourier", data: { courierId: id, reason: "信息不全" } },
  }),
  (id) => ({
    actor: staff,
    command: { type: "SuspendCourier", data: { courierId: id, reason: "违规" } },
  }),
  (id) => ({
    actor: staff,
    command: { type: "ReinstateCourier", data: { courierId: id, reason: "申诉通过" } },
  }),
  (id) => ({
    actor: courierActor(id),
    command: { type: "LeaveProgramme", data: { courierId: id } },
  }),
  (id) => ({
    actor: courierActor(id),
    command: { type: "UpdateCourierProfile", data: { courierId: id, platforms: ["eleme", "sf"] } },
  }),
  (id) => ({
    actor: staff,
    command: { type: "UpdateCourierProfile", data: { courierId: id, stationId: "wanda-2" } },
  }),
  (id) => ({
    actor: courierActor(id),
    command: { type: "JoinVolunteerTeam", data: { courierId: id } },
  }),
  (id) => ({
    actor: courierActor(id),
    command: { type: "LeaveVolunteerTeam", data: { courierId: id } },
  }),
  (id) => ({
    actor: operator,
    command: {
      type: "RecordNoShow",
      data: { courierId: id, activityId: `a-${numberOf(id).slice(-3)}` },
    },
  }),
  (id) => ({
    actor: courierActor(id),
    command: { type: "EraseCourierPersonalData", data: { courierId: id } },
  }),
];

let couriers = 0;
const numbers = new Map<string, string>();
const numberOf = (courierId: string): string => {
  const known = numbers.get(courierId);
  if (known !== undefined) return known;
  const number = `139${String(numbers.size).padStart(8, "0")}`;
  numbers.set(courierId, number);
  return number;
};

describe("a courier's row and facts", () => {
  let station: RegistryStation;
  beforeAll(async () => {
    station = await startRegistry({ service: { rosterImportEveryMs: 3_600_000 } });
  });
  afterAll(() => station.close());

  const expectConsistent = async (courierId: string) => {
    const [record, row] = await station.run(
      Effect.gen(function* () {
        const store = yield* Store;
        const rows = yield* store.readModel(courierRows);
        return [
          yield* store.load<CourierState>(courierKey(community, courierId)),
          yield* rows.get(courierRowId(community, courierId)),
        ] as const;
      }),
    );
    if (Option.isNone(record) || !isCourierRegistered(record.value.state)) {
      expect(Option.isNone(row)).toBe(true);
      return;
    }
    const state = record.value.state;
    expect(Option.getOrThrow(row).document).toEqual(
      courierRowOf(state, record.value.version, undefined),
    );
    const facts = await ask(station, "GetCourierFacts", {
      actor: operator,
      courierIds: [courierId],
    });
    expect(facts.couriers[0]?.status).toBe(state.status);
    expect(facts.couriers[0]?.volunteerTeamMember).toBe(state.volunteerTeamMember);
  };

  it("agree with the aggregate after every command, accepted or refused", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: steps.length - 1 }), { minLength: 1, maxLength: 12 }),
        async (chosen) => {
          couriers += 1;
          const courierId = `p-${couriers}`;
          for (const index of [0, ...chosen]) {
            const step = steps[index];
            if (step === undefined) continue;
            const { actor, command } = step(courierId);
            await send(station, command.type as never, actor, command).catch(() => undefined);
            await expectConsistent(courierId);
          }
        },
      ),
      { numRuns: 25 },
    );
  });
});
