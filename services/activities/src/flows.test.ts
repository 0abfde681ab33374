import type { ParticipationView } from "@courier-station/contracts";
import type { ActivityState, Actor, EventEnvelope } from "@courier-station/core";
import {
  Bus,
  type ConsumerContext,
  derivedId,
  RemoteError,
  Store,
  VersionConflict,
} from "@courier-station/kit";
import { Effect, Exit, Option } from "effect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activityKey } from "./commands.js";
import { cancelSignUpsOnConsentWithdrawn, followActivity, isPassing } from "./flows.js";
import { participationRowId, participationRows } from "./read-models.js";
import { answered, applied } from "./testing/replies.js";
import {
  type ActivitiesStation,
  activeCourier,
  at,
  COMMUNITY,
  courier,
  detailsWith,
  envelope,
  quietLog,
  staff,
  startActivitiesStation,
} from "./testing/station.js";

let station: ActivitiesStation;
let sequence = 0;
const WITHDRAWN_AT = at("2026-12-02 08:00");

beforeAll(async () => {
  station = await startActivitiesStation({ now: at("2026-12-01 09:00") });
});
afterAll(async () => station.close());

type Command = { readonly type: string; readonly data: Record<string, unknown> };
const run = async (actor: Actor, command: Command) =>
  applied(await station.request(command.type as never, envelope(actor, command)));

/**
 * A courier signed up for two published activities and one they are already at, whose
 * consent is then withdrawn (the registry's facts say so); the activities' ids.
 */
const givenWithdrawal = async (courierId: string) => {
  station.registry.couriers.set(courierId, activeCourier(courierId));
  station.time.travelTo(at("2026-12-01 09:00"));
  const ids = [1, 2, 3].map((index) => `${courierId}-activity-${index}`);
  for (const [index, activityId] of ids.entries()) {
    const date = `2026-12-0${5 + index}`;
    await run(staff, {
      type: "PlanActivity",
      data: {
        activityId,
        details: detailsWith({ startsAt: at(`${date} 14:00`), endsAt: at(`${date} 16:00`) }),
      },
    });
    await run(staff, { type: "PublishActivity", data: { activityId } });
    await run(courier(courierId), { type: "SignUpForActivity", data: { activityId, courierId } });
  }
  // The first is under way and the courier is there: that one is not a sign-up any more.
  station.time.travelTo(at("2026-12-05 13:45"));
  await run(staff, { type: "StartActivity", data: { activityId: ids[0], checkInCode: "FLOW42" } });
  await run(courier(courierId), {
    type: "CheckInToActivity",
    data: { activityId: ids[0], courierId, code: "FLOW42" },
  });
  station.registry.couriers.set(
    courierId,
    activeCourier(courierId, { consentWithdrawnAt: WITHDRAWN_AT }),
  );
  return ids;
};

const consentWithdrawn = (courierId: string): EventEnvelope => ({
  id: `consent-event-${++sequence}` as EventEnvelope["id"],
  type: "ConsentWithdrawn",
  aggregate: "courier",
  stream: `courier-${courierId}`,
  version: 3,
  community: COMMUNITY,
  actor: courier(courierId),
  time: WITHDRAWN_AT,
  causationId: `withdraw-${courierId}`,
  correlationId: `withdraw-${courierId}`,
  data: {
    courierId,
    policyVersion: "2026-01",
    withdrawnAt: WITHDRAWN_AT,
    recordedBy: courierId,
  },
});

/** The context the host gives the consumer, with a hook to crash it on a derived id. */
const contextFor = (
  event: EventEnvelope,
  crashAt?: number,
): ConsumerContext & { readonly derived: () => number } => {
  let derived = 0;
  const consumer = "activities-consent-withdrawn";
  return {
    service: "activities",
    consumer,
    delivery: { consumer, subject: "test", sequence: 1, deliveryCount: 1 },
    log: quietLog,
    derivedId: (purpose) => {
      derived += 1;
      if (derived === crashAt) throw new Error("the process died here");
      return derivedId(consumer, purpose, event.id);
    },
    derived: () => derived,
  };
};

const statusesOf = async (courierId: string, activityIds: ReadonlyArray<string>) => {
  const statuses: string[] = [];
  for (const activityId of activityIds) {
    const roster = answered<{ items: ParticipationView[] }>(
      await station.request("ListActivityRoster", { actor: staff, activityId }),
    );
    statuses.push(roster.items.find((item) => item.courierId === courierId)?.status ?? "none");
  }
  return statuses;
};

/** The `SignUpCancelled` events of a courier in the log, with their cause. */
const cancellationsOf = (courierId: string) =>
  station.station.run(
    Effect.gen(function* () {
      const store = yield* Store;
      const events = yield* store.readLog({ after: 0, limit: 10_000 });
      return events
        .map((logged) => logged.event)
        .filter(
          (event) =>
            event.type === "SignUpCancelled" &&
            (event.data as { courierId: string }).courierId === courierId,
        )
        .map((event) => ({
          activityId: (event.data as { activityId: string }).activityId,
          cause: (event.data as { cause?: string }).cause,
          actor: event.actor.role,
        }));
    }),
  );

const handle = (event: EventEnvelope, context: ConsumerContext) =>
  station.station.runExit(cancelSignUpsOnConsentWithdrawn(event, context));

describe("a courier who withdraws consent has their sign-ups cancelled", () => {
  it("through the bus: every sign-up they still hold, by the system, with the cause", async () => {
    const ids = await givenWithdrawal("alice");
    await station.station.run(Effect.flatMap(Bus, (bus) => bus.publish(consentWithdrawn("alice"))));
    for (let wait = 0; wait < 100; wait++) {
      if ((await cancellationsOf("alice")).length >= 2) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await cancellationsOf("alice")).toEqual([
      { activityId: ids[1], cause: "consent-withdrawn", actor: "system" },
      { activityId: ids[2], cause: "consent-withdrawn", actor: "system" },
    ]);
    expect(await statusesOf("alice", ids)).toEqual(["attended", "cancelled", "cancelled"]);
  });

  it("once, however often the event comes again", async () => {
    const ids = await givenWithdrawal("bob");
    const event = consentWithdrawn("bob");
    for (let delivery = 0; delivery < 3; delivery++) {
      expect(Exit.isSuccess(await handle(event, contextFor(event)))).toBe(true);
    }
    expect((await cancellationsOf("bob")).map((entry) => entry.activityId)).toEqual([
      ids[1],
      ids[2],
    ]);
  });

  it("once, after the process died between its two cancellations", async () => {
    const ids = await givenWithdrawal("carol");
    const event = consentWithdrawn("carol");
    const crashed = contextFor(event, 2);
    expect(Exit.isFailure(await handle(event, crashed))).toBe(true);
    expect(crashed.derived()).toBe(2);
    expect((await cancellationsOf("carol")).map((entry) => entry.activityId)).toEqual([ids[1]]);
    expect(Exit.isSuccess(await handle(event, contextFor(event)))).toBe(true);
    expect((await cancellationsOf("carol")).map((entry) => entry.activityId)).toEqual([
      ids[1],
      ids[2],
    ]);
  });

  it("once, after the process died before the rows caught up: the activities say it is done", async () => {
    const ids = await givenWithdrawal("dave");
    const event = consentWithdrawn("dave");
    expect(Exit.isSuccess(await handle(event, contextFor(event)))).toBe(true);
    // As if the rows had never been written after the cancellations.
    await station.station.run(
      Effect.gen(function* () {
        const store = yield* Store;
        const rows = yield* store.readModel(participationRows);
        for (const activityId of [ids[1], ids[2]]) {
          const id = participationRowId(COMMUNITY, activityId ?? "", "dave");
          const found = yield* rows.get(id);
          if (Option.isNone(found)) throw new Error("no row");
          const row = found.value.document;
          yield* rows.upsert(id, {
            ...row,
            version: 1,
            status: "signed-up",
            participation: { ...row.participation, status: "signed-up" },
          });
        }
      }),
    );
    expect(Exit.isSuccess(await handle(event, contextFor(event)))).toBe(true);
    expect(await cancellationsOf("dave")).toHaveLength(2);
  });

  it("does nothing, and does not retry for ever, when the courier consented again meanwhile", async () => {
    const ids = await givenWithdrawal("erin");
    station.registry.couriers.set("erin", activeCourier("erin"));
    const event = consentWithdrawn("erin");
    expect(Exit.isSuccess(await handle(event, contextFor(event)))).toBe(true);
    expect(await cancellationsOf("erin")).toEqual([]);
    expect(await statusesOf("erin", ids)).toEqual(["attended", "signed-up", "signed-up"]);
  });
});

describe("the rows of the lists", () => {
  it("catch up from the stored activity when an event comes, whatever the row says", async () => {
    const ids = await givenWithdrawal("frank");
    const activityId = ids[1] ?? "";
    const id = participationRowId(COMMUNITY, activityId, "frank");
    const read = () =>
      station.station.run(
        Effect.gen(function* () {
          const store = yield* Store;
          const rows = yield* store.readModel(participationRows);
          return Option.getOrUndefined(yield* rows.get(id))?.document.status;
        }),
      );
    await station.station.run(
      Effect.gen(function* () {
        const store = yield* Store;
        yield* (yield* store.readModel(participationRows)).delete(id);
      }),
    );
    expect(await read()).toBeUndefined();
    const [signedUp] = await station.station.run(
      Effect.gen(function* () {
        const store = yield* Store;
        const events = yield* store.readStream(activityKey(COMMUNITY, activityId));
        return events.filter((event) => event.type === "ParticipantSignedUp");
      }),
    );
    if (signedUp === undefined) throw new Error("no sign-up event");
    await station.station.run(followActivity(signedUp));
    expect(await read()).toBe("signed-up");
    const state = await station.station.run(
      Effect.gen(function* () {
        const store = yield* Store;
        return yield* store.load<ActivityState>(activityKey(COMMUNITY, activityId));
      }),
    );
    expect(Option.isSome(state)).toBe(true);
  });
});

describe("a retry answered as a duplicate", () => {
  it("writes the rows of the couriers it names again, in case the first attempt stopped before it had", async () => {
    station.registry.couriers.set("grace", activeCourier("grace"));
    station.time.travelTo(at("2026-12-01 09:00"));
    const activityId = "retry-rows";
    await run(staff, { type: "PlanActivity", data: { activityId, details: detailsWith() } });
    await run(staff, { type: "PublishActivity", data: { activityId } });
    const signUp = envelope(
      courier("grace"),
      { type: "SignUpForActivity", data: { activityId, courierId: "grace" } },
      "grace-signs-up",
    );
    applied(await station.request("SignUpForActivity", signUp));
    const id = participationRowId(COMMUNITY, activityId, "grace");
    const rowExists = () =>
      station.station.run(
        Effect.gen(function* () {
          const store = yield* Store;
          return Option.isSome(yield* (yield* store.readModel(participationRows)).get(id));
        }),
      );
    await station.station.run(
      Effect.gen(function* () {
        const store = yield* Store;
        yield* (yield* store.readModel(participationRows)).delete(id);
      }),
    );
    expect(await rowExists()).toBe(false);
    const again = answered<{ outcome: string }>(await station.request("SignUpForActivity", signUp));
    expect(again.outcome).toBe("duplicate");
    expect(await rowExists()).toBe(true);
  });
});

describe("which failures a flow waits out", () => {
  it("retries a busy store, a race, an unreachable service; not a refusal", () => {
    expect(
      isPassing(
        new VersionConflict({
          community: COMMUNITY,
          aggregate: "activity",
          id: "a",
          expectedVersion: 1,
        }),
      ),
    ).toBe(true);
    expect(
      isPassing(
        RemoteError.fromReport(
          {
            code: "bus.unavailable",
            tag: "BusUnavailable",
            message: { "zh-CN": "不可用", en: "down" },
            details: {},
          },
          503,
        ),
      ),
    ).toBe(true);
    expect(
      isPassing(
        RemoteError.fromReport(
          {
            code: "activity.full",
            tag: "ActivityFull",
            message: { "zh-CN": "已满", en: "full" },
            details: {},
          },
          422,
        ),
      ),
    ).toBe(false);
    expect(isPassing(new Error("a defect"))).toBe(true);
  });
});
