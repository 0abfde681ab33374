import type { ActivityView } from "@courier-station/contracts";
import {
  type Actor,
  type CommandId,
  CommunityPolicy,
  jinshanPolicy,
  systemActor,
} from "@courier-station/core";
import { Store } from "@courier-station/kit";
import { Effect, Option } from "effect";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { activityKey, executeActivityCommand, withCheckInCode } from "./commands.js";
import { activityRowId, activityRows } from "./read-models.js";
import { answered, applied } from "./testing/replies.js";
import {
  type ActivitiesStation,
  activeCourier,
  at,
  COMMUNITY,
  courier,
  detailsWith,
  envelope,
  policyVersion,
  quietLog,
  staff,
  startActivitiesStation,
} from "./testing/station.js";
import {
  completeDueActivities,
  completionCommandId,
  rotateDueCheckInCodes,
  rotationCommandId,
} from "./timers.js";

let station: ActivitiesStation;
let sequence = 0;

const rotatingEveryTenMinutes = CommunityPolicy.parse({
  ...jinshanPolicy(),
  activities: { ...jinshanPolicy().activities, checkInCodeRotationMinutes: 10 },
});

beforeAll(async () => {
  station = await startActivitiesStation();
  for (const id of ["alice", "bob"]) station.registry.couriers.set(id, activeCourier(id));
});
beforeEach(() => {
  station.registry.versions.length = 0;
});
afterAll(async () => station.close());

type Command = { readonly type: string; readonly data: Record<string, unknown> };
const run = async (actor: Actor, command: Command) =>
  applied(await station.request(command.type as never, envelope(actor, command)));

/** A started activity (14:00–16:00) with alice there and bob only signed up. */
const startedActivity = async (checkInCode = "START1") => {
  const activityId = `timed-${++sequence}`;
  station.time.travelTo(at("2026-12-01 09:00"));
  await run(staff, { type: "PlanActivity", data: { activityId, details: detailsWith() } });
  await run(staff, { type: "PublishActivity", data: { activityId } });
  for (const id of ["alice", "bob"]) {
    await run(courier(id), { type: "SignUpForActivity", data: { activityId, courierId: id } });
  }
  station.time.travelTo(at("2026-12-05 13:50"));
  await run(staff, { type: "StartActivity", data: { activityId, checkInCode } });
  station.time.travelTo(at("2026-12-05 14:05"));
  await run(courier("alice"), {
    type: "CheckInToActivity",
    data: { activityId, courierId: "alice", code: checkInCode },
  });
  return activityId;
};

const staffView = async (activityId: string) => {
  const view = answered<ActivityView>(
    await station.request("GetActivity", { actor: staff, activityId }),
  );
  if (view.view !== "staff") throw new Error("expected the staff view");
  return view;
};

const eventsOf = (activityId: string) =>
  station.station.run(
    Effect.gen(function* () {
      const store = yield* Store;
      const events = yield* store.readStream(activityKey(COMMUNITY, activityId));
      return events.map((event) => event.type);
    }),
  );

const completeDue = () => station.station.run(completeDueActivities(quietLog));
const rotateDue = () => station.station.run(rotateDueCheckInCodes(quietLog));

describe("the completion timer", () => {
  it("completes a started activity once check-in has closed: those there confirmed, the rest no-shows", async () => {
    const activityId = await startedActivity();
    station.time.travelTo(at("2026-12-05 16:29"));
    await completeDue();
    expect((await staffView(activityId)).status).toBe("started");
    station.time.travelTo(at("2026-12-05 16:31"));
    await completeDue();
    const view = await staffView(activityId);
    expect(view.status).toBe("completed");
    expect(view.roster.map((entry) => [entry.courierId, entry.status, entry.hours])).toEqual([
      ["alice", "confirmed", 2],
      ["bob", "no-show", undefined],
    ]);
    const events = await eventsOf(activityId);
    expect(events.slice(-3)).toEqual([
      "ParticipationConfirmed",
      "ParticipationMarkedNoShow",
      "ActivityCompleted",
    ]);
    await completeDue();
    expect(await eventsOf(activityId)).toEqual(events);
  });

  it("completes once when two instances run it at the same time", async () => {
    const activityId = await startedActivity();
    station.time.travelTo(at("2026-12-05 16:45"));
    await Promise.all([completeDue(), completeDue(), completeDue()]);
    const completed = (await eventsOf(activityId)).filter((type) => type === "ActivityCompleted");
    expect(completed).toHaveLength(1);
  });

  it("completes once after a run that died before its rows were written", async () => {
    const activityId = await startedActivity();
    station.time.travelTo(at("2026-12-05 16:45"));
    const staleRow = await station.station.run(
      Effect.gen(function* () {
        const store = yield* Store;
        const rows = yield* store.readModel(activityRows);
        return Option.getOrThrow(yield* rows.get(activityRowId(COMMUNITY, activityId))).document;
      }),
    );
    // What the timer's first run wrote before it died: the command, not the rows.
    await station.station.run(
      executeActivityCommand({
        commandId: completionCommandId(COMMUNITY, activityId) as CommandId,
        community: COMMUNITY,
        actor: systemActor("activities-completion"),
        command: { type: "CompleteActivity", data: { activityId } },
      } as never),
    );
    await station.station.run(
      Effect.gen(function* () {
        const store = yield* Store;
        const rows = yield* store.readModel(activityRows);
        yield* rows.upsert(activityRowId(COMMUNITY, activityId), staleRow);
      }),
    );
    await completeDue();
    await completeDue();
    const completed = (await eventsOf(activityId)).filter((type) => type === "ActivityCompleted");
    expect(completed).toHaveLength(1);
  });

  it("leaves an activity staff completed themselves, without a refusal to retry", async () => {
    const activityId = await startedActivity();
    station.time.travelTo(at("2026-12-05 16:10"));
    await run(staff, {
      type: "CompleteActivity",
      data: { activityId, hoursAdjustments: [{ courierId: "alice", hours: 1.5 }] },
    });
    const events = await eventsOf(activityId);
    station.time.travelTo(at("2026-12-05 17:00"));
    await completeDue();
    expect(await eventsOf(activityId)).toEqual(events);
    const alice = (await staffView(activityId)).roster.find((entry) => entry.courierId === "alice");
    expect(alice?.hours).toBe(1.5);
  });
});

describe("the check-in code rotation timer", () => {
  it("changes no code when the policy in force sets no rotation", async () => {
    const activityId = await startedActivity();
    station.time.travelTo(at("2026-12-05 15:00"));
    await rotateDue();
    expect((await staffView(activityId)).checkInCodes?.current).toBe("START1");
  });

  it("replaces the code the policy's minutes after it was shown, and again after each rotation", async () => {
    station.registry.versions.push(
      policyVersion("rotating", at("2026-01-01 00:00"), rotatingEveryTenMinutes),
    );
    const activityId = await startedActivity();
    station.time.travelTo(at("2026-12-05 13:59"));
    await rotateDue();
    expect((await staffView(activityId)).checkInCodes?.current).toBe("START1");
    station.time.travelTo(at("2026-12-05 14:01"));
    await rotateDue();
    const first = (await staffView(activityId)).checkInCodes;
    expect(first?.current).not.toBe("START1");
    expect(first?.previous?.code).toBe("START1");
    await rotateDue();
    expect((await staffView(activityId)).checkInCodes?.current).toBe(first?.current);
    station.time.travelTo(at("2026-12-05 14:12"));
    await rotateDue();
    const second = (await staffView(activityId)).checkInCodes;
    expect(second?.current).not.toBe(first?.current);
    expect(second?.previous?.code).toBe(first?.current);
    const rotations = (await eventsOf(activityId)).filter((type) => type === "CheckInCodeRotated");
    expect(rotations).toHaveLength(2);
  });

  it("sends a rotation again as the same command, with the code its first attempt chose", async () => {
    station.registry.versions.push(
      policyVersion("rotating", at("2026-01-01 00:00"), rotatingEveryTenMinutes),
    );
    const activityId = await startedActivity();
    const since = (await staffView(activityId)).checkInCodes?.since;
    if (since === undefined) throw new Error("no since");
    station.time.travelTo(at("2026-12-05 14:01"));
    await rotateDue();
    const chosen = (await staffView(activityId)).checkInCodes?.current;
    const retry = await station.station.run(
      Effect.flatMap(
        withCheckInCode({
          commandId: rotationCommandId(COMMUNITY, activityId, since) as CommandId,
          community: COMMUNITY,
          actor: systemActor("activities-check-in-codes"),
          command: { type: "RotateCheckInCode", data: { activityId } as never },
        }),
        (ready) => executeActivityCommand(ready),
      ),
    );
    expect(retry.kind).toBe("duplicate");
    expect((await staffView(activityId)).checkInCodes?.current).toBe(chosen);
  });

  it("stops once check-in has closed", async () => {
    station.registry.versions.push(
      policyVersion("rotating", at("2026-01-01 00:00"), rotatingEveryTenMinutes),
    );
    const activityId = await startedActivity();
    station.time.travelTo(at("2026-12-05 16:31"));
    await rotateDue();
    expect((await eventsOf(activityId)).filter((type) => type === "CheckInCodeRotated")).toEqual(
      [],
    );
  });
});
