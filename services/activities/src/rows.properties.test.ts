import { type ActivityState, type Actor, isActivityPlanned, millisOf } from "@courier-station/core";
import { Store } from "@courier-station/kit";
import { Effect, Option } from "effect";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activityKey } from "./commands.js";
import {
  activityRowId,
  activityRowOf,
  activityRows,
  participationRowId,
  participationRows,
} from "./read-models.js";
import {
  type ActivitiesStation,
  activeCourier,
  at,
  COMMUNITY,
  courier,
  detailsWith,
  envelope,
  staff,
  startActivitiesStation,
} from "./testing/station.js";

/*
 * Whatever staff and couriers do to an activity, in whatever order (refusals included),
 * its row is the row of the aggregate's state at its version, and each courier's
 * participation row says what the aggregate says of them — the lists never miss a
 * change a command made: a property over random sequences of commands through the
 * service, its seed printed on failure.
 */

const couriers = ["amy", "ben", "cai"] as const;
type Step = (activityId: string) => {
  readonly actor: Actor;
  readonly command: { readonly type: string; readonly data: Record<string, unknown> };
};

const forCourier = (
  make: (activityId: string, courierId: string) => ReturnType<Step>,
): fc.Arbitrary<Step> =>
  fc
    .constantFrom(...couriers)
    .map((courierId) => (activityId: string) => make(activityId, courierId));

// Weighted so that sign-ups, and changes of the start while couriers hold places, are
// common; starting, completing and cancelling end what the other steps can do.
const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 4,
    arbitrary: forCourier((activityId, courierId) => ({
      actor: courier(courierId),
      command: { type: "SignUpForActivity", data: { activityId, courierId } },
    })),
  },
  forCourier((activityId, courierId) => ({
    actor: staff,
    command: { type: "CancelSignUp", data: { activityId, courierId } },
  })),
  forCourier((activityId, courierId) => ({
    actor: courier(courierId),
    command: { type: "CheckInToActivity", data: { activityId, courierId, code: "PROP42" } },
  })),
  forCourier((activityId, courierId) => ({
    actor: courier(courierId),
    command: { type: "CheckOutOfActivity", data: { activityId, courierId } },
  })),
  forCourier((activityId, courierId) => ({
    actor: staff,
    command: { type: "RecordWalkIns", data: { activityId, courierIds: [courierId] } },
  })),
  forCourier((activityId, courierId) => ({
    actor: staff,
    command: { type: "ConfirmAttendance", data: { activityId, courierIds: [courierId] } },
  })),
  forCourier((activityId, courierId) => ({
    actor: staff,
    command: { type: "MarkNoShows", data: { activityId, courierIds: [courierId] } },
  })),
  {
    weight: 3,
    arbitrary: fc.constantFrom("13:40", "13:50", "14:00").map((start) => (activityId: string) => ({
      actor: staff,
      command: {
        type: "UpdateActivityDetails",
        data: { activityId, changes: { startsAt: at(`2026-12-05 ${start}`) } },
      },
    })),
  },
  fc.constant((activityId: string) => ({
    actor: staff,
    command: { type: "StartActivity", data: { activityId, checkInCode: "PROP42" } },
  })),
  fc.constant((activityId: string) => ({
    actor: staff,
    command: { type: "CompleteActivity", data: { activityId } },
  })),
  fc.constant((activityId: string) => ({
    actor: staff,
    command: { type: "CancelActivity", data: { activityId, reason: "暴雨预警" } },
  })),
);

let station: ActivitiesStation;
let runs = 0;

beforeAll(async () => {
  station = await startActivitiesStation({ now: at("2026-12-05 14:10") });
  for (const id of couriers) station.registry.couriers.set(id, activeCourier(id));
});
afterAll(async () => station.close());

const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

/** The activity's stored record and every row the service wrote for it. */
const readBack = (activityId: string) =>
  station.station.run(
    Effect.gen(function* () {
      const store = yield* Store;
      const record = Option.getOrThrow(
        yield* store.load<ActivityState>(activityKey(COMMUNITY, activityId)),
      );
      const row = yield* (yield* store.readModel(activityRows)).get(
        activityRowId(COMMUNITY, activityId),
      );
      const participations = yield* store.readModel(participationRows);
      const rows = new Map<string, unknown>();
      for (const id of couriers) {
        const found = yield* participations.get(participationRowId(COMMUNITY, activityId, id));
        if (Option.isSome(found)) rows.set(id, found.value.document);
      }
      return { record, row: Option.getOrUndefined(row)?.document, rows };
    }),
  );

describe("the rows of the lists", () => {
  it("say what the activity says after every command, accepted or refused", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), async (steps) => {
        const activityId = `property-${++runs}`;
        for (const command of [
          { type: "PlanActivity", data: { activityId, details: detailsWith({ capacity: 2 }) } },
          { type: "PublishActivity", data: { activityId } },
        ]) {
          await station.request(command.type as never, envelope(staff, command));
        }
        for (const make of steps) {
          const { actor, command } = make(activityId);
          await station.request(command.type as never, envelope(actor, command));
          const { record, row, rows } = await readBack(activityId);
          const state = record.state;
          if (!isActivityPlanned(state)) throw new Error("the activity was planned");
          expect(row).toEqual(plain(activityRowOf(COMMUNITY, state, record.version)));
          expect([...rows.keys()].sort()).toEqual(
            state.participations.map((participation) => participation.courierId).sort(),
          );
          for (const participation of state.participations) {
            expect(rows.get(participation.courierId)).toMatchObject({
              status: participation.status,
              startsAtMillis: millisOf(state.details.startsAt),
              participation: plain(participation),
            });
          }
        }
      }),
      { numRuns: 40 },
    );
  });
});
