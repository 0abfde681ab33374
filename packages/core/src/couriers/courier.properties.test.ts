import { Either } from "effect";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { commandPermissions } from "../access/permissions.js";
import type { Actor } from "../kernel/actors.js";
import {
  type AggregateRecord,
  handleCommand,
  newAggregateRecord,
} from "../kernel/command-handling.js";
import { replay } from "../kernel/decider.js";
import type { CommandEnvelope, EventEnvelope } from "../kernel/envelope.js";
import { CommandId, type CourierId, sequentialIds } from "../kernel/ids.js";
import { MINUTE, manualClock } from "../kernel/time.js";
import type { CourierCommand } from "./commands.js";
import { CourierEvent } from "./events.js";
import { courierDecider } from "./index.js";
import type { MobileKey } from "./mobile-number.js";
import { type CourierState, isRegistered } from "./state.js";
import {
  COMMUNITY,
  command,
  courierActor,
  keyOf,
  NOW,
  OTHER_COMMUNITY,
  policyWith,
  SEAL,
  STAFF,
  SYSTEM,
} from "./testing/fixtures.js";

const POLICY = policyWith({ activities: { noShowLimit: 2, noShowPauseDays: 7 } });
const COURIERS = ["c-1", "c-2"] as const;

const actors: ReadonlyArray<Actor> = [
  courierActor("c-1"),
  courierActor("c-2"),
  STAFF,
  { role: "staff", id: "s-9", communities: [OTHER_COMMUNITY] },
  SYSTEM,
  { role: "sponsor", id: "sp-1", communities: [COMMUNITY] },
];

const courierId = fc.constantFrom(...COURIERS);
const number = fc.constantFrom("13800138000", "+86 139 0000 0000", "15000000001");
/** What the numbers and names above look like in the clear, to look for in events. */
const RAW_PERSONAL_DATA = ["13800138000", "13900000000", "15000000001", "王小明", "李四"];
const reason = fc.constantFrom("原因", "another reason");

const withId = <const Type extends string>(type: Type) =>
  fc.record({ type: fc.constant(type), data: fc.record({ courierId }) });
const withReason = <const Type extends string>(type: Type, required: boolean) =>
  fc.record({
    type: fc.constant(type),
    data: fc.record(
      { courierId, reason },
      { requiredKeys: required ? ["courierId", "reason"] : ["courierId"] },
    ),
  });

/**
 * Any courier command, with small pools of values so that they collide. Steps that end
 * a lifecycle (leave, reject, erase) are rarer, so that runs also reach the long middle.
 */
const anyCommand: fc.Arbitrary<CourierCommand> = fc
  .oneof(
    {
      weight: 2,
      arbitrary: fc.record({
        type: fc.constant("RegisterCourier"),
        data: fc.record(
          {
            courierId,
            nickname: fc.constantFrom("小王", "阿明"),
            realName: fc.constantFrom("王小明", "李四"),
            mobileNumber: number,
            platforms: fc.constantFrom(["meituan"], ["eleme", "sf"]),
            employment: fc.constantFrom("full-time", "crowd-sourced"),
            consentPolicyVersion: fc.constantFrom("2026-01", "2025-01"),
            partyMember: fc.boolean(),
          },
          {
            requiredKeys: [
              "courierId",
              "nickname",
              "realName",
              "mobileNumber",
              "platforms",
              "employment",
            ],
          },
        ),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        type: fc.constant("GiveConsent"),
        data: fc.record({ courierId, policyVersion: fc.constantFrom("2026-01", "2025-01") }),
      }),
    },
    { weight: 1, arbitrary: withId("WithdrawConsent") },
    { weight: 5, arbitrary: withId("VerifyCourier") },
    { weight: 1, arbitrary: withReason("RejectCourier", true) },
    { weight: 2, arbitrary: withReason("SuspendCourier", true) },
    { weight: 2, arbitrary: withReason("ReinstateCourier", true) },
    { weight: 1, arbitrary: withReason("LeaveProgramme", false) },
    { weight: 1, arbitrary: withId("EraseCourierPersonalData") },
    { weight: 4, arbitrary: withId("JoinVolunteerTeam") },
    { weight: 2, arbitrary: withReason("LeaveVolunteerTeam", false) },
    {
      weight: 2,
      arbitrary: fc.record({
        type: fc.constant("UpdateCourierProfile"),
        data: fc.record({
          courierId,
          nickname: fc.constantFrom("小王", "老王"),
          employment: fc.constantFrom("full-time", "crowd-sourced"),
        }),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        type: fc.constant("CorrectPersonalData"),
        data: fc.record({ courierId, mobileNumber: number }),
      }),
    },
    {
      weight: 6,
      arbitrary: fc.record({
        type: fc.constant("RecordNoShow"),
        data: fc.record({ courierId, activityId: fc.constantFrom("a-1", "a-2", "a-3", "a-4") }),
      }),
    },
  )
  .map((input) => command(input));

/** Who sends a step: an actor the permission table allows (as self or staff), or any other. */
type Sender = "self" | "staff" | "other";

const step: fc.Arbitrary<{
  readonly sender: Sender;
  readonly other: Actor;
  readonly command: CourierCommand;
  readonly reuse: number | null;
}> = fc.record({
  sender: fc.constantFrom<Sender>("self", "self", "self", "staff", "staff", "staff", "other"),
  other: fc.constantFrom(...actors),
  command: anyCommand,
  // Mostly fresh command ids; sometimes one used before, with whatever body (a retry or a conflict).
  reuse: fc.oneof({ arbitrary: fc.constant(null), weight: 9 }, { arbitrary: fc.nat(), weight: 1 }),
});

const actorFor = (sender: Sender, other: Actor, sent: CourierCommand): Actor => {
  if (sender === "other") return other;
  const roles = commandPermissions[sent.type] ?? [];
  if (roles.includes("system")) return SYSTEM;
  if (sender === "self" && roles.includes("courier")) return courierActor(sent.data.courierId);
  return STAFF;
};

/** A store of courier records with the community's unique index of mobile keys. */
const newWorld = () => {
  const records = new Map<string, AggregateRecord<CourierState>>();
  const streams = new Map<string, Array<EventEnvelope<CourierEvent>>>();
  const index = new Map<MobileKey, CourierId>();
  const clock = manualClock(NOW);
  const ids = sequentialIds("evt");
  const runtime = {
    clock,
    ids,
    facts: {
      policy: POLICY,
      mobileKeyOf: keyOf,
      registeredMobileKeys: (key: MobileKey) => index.get(key),
      personalData: SEAL,
    },
  };
  const recordOf = (id: string) =>
    records.get(id) ?? newAggregateRecord(courierDecider, COMMUNITY, id);
  const send = (envelope: CommandEnvelope<CourierCommand>) =>
    handleCommand(courierDecider, recordOf(envelope.command.data.courierId), envelope, runtime);
  const store = (
    record: AggregateRecord<CourierState>,
    events: ReadonlyArray<EventEnvelope<CourierEvent>>,
  ) => {
    records.set(record.id, record);
    streams.set(record.id, [...(streams.get(record.id) ?? []), ...events]);
    // The index follows the events, as a store's unique index would.
    for (const event of events) {
      if (event.type === "CourierRegistered" || event.type === "PersonalDataCorrected") {
        for (const [key, holder] of index) if (holder === event.data.courierId) index.delete(key);
        if (event.data.mobileKey !== null) {
          expect(index.has(event.data.mobileKey)).toBe(false);
          index.set(event.data.mobileKey, event.data.courierId);
        }
      }
      if (event.type === "CourierPersonalDataErased") {
        for (const [key, holder] of index) if (holder === event.data.courierId) index.delete(key);
      }
    }
  };
  return { records, streams, clock, send, store };
};

const checkInvariants = (state: CourierState) => {
  if (!isRegistered(state)) return;
  if (state.volunteerTeamMember) expect(["active", "suspended"]).toContain(state.status);
  if (state.status === "active") expect(state.verifiedAt).toBeDefined();
  expect(state.noShows.count).toBeLessThan(POLICY.activities.noShowLimit);
  // A withdrawn consent and a consent in force never stand together.
  if (state.consentWithdrawnAt !== undefined) expect(state.consent).toBeUndefined();
  if (state.erasedAt !== undefined) {
    expect(["left", "rejected"]).toContain(state.status);
    expect(state.personal.kind).toBe("erased");
    expect(state.mobileKey).toBeNull();
  } else {
    expect(state.personal.kind).toBe("sealed");
    const opened =
      state.personal.kind === "sealed"
        ? Either.getOrUndefined(
            SEAL.open(state.personal, { community: state.community, courierId: state.courierId }),
          )
        : undefined;
    expect(opened).toBeDefined();
    if (opened !== undefined) expect(state.mobileKey).toBe(keyOf(opened.mobileNumber));
  }
};

describe("courier lifecycle properties", () => {
  it("random commands never break evolve, replays change nothing, terminal states hold", () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 10, maxLength: 80, size: "max" }), (steps) => {
        const world = newWorld();
        const used: CommandId[] = [];
        // Both couriers register first (the random steps may register them again, or not).
        const prelude = COURIERS.map((id, index) => ({
          sender: "self" as const,
          other: STAFF,
          reuse: null,
          command: command({
            type: "RegisterCourier",
            data: {
              courierId: id,
              nickname: "小王",
              realName: "王小明",
              mobileNumber: index === 0 ? "13800138000" : "15000000001",
              platforms: ["meituan"],
              employment: "full-time",
              consentPolicyVersion: "2026-01",
            },
          }),
        }));
        for (const { sender, other, command: sent, reuse } of [...prelude, ...steps]) {
          world.clock.advance(7 * MINUTE);
          const actor = actorFor(sender, other, sent);
          const commandId =
            reuse === null || used.length === 0
              ? CommandId.parse(`cmd-${used.length + 1}`)
              : (used[reuse % used.length] as CommandId);
          used.push(commandId);
          const envelope = { commandId, community: COMMUNITY, actor, command: sent };
          const before = world.records.get(sent.data.courierId);
          const outcome = world.send(envelope);
          if (Either.isLeft(outcome)) continue;
          if (outcome.right.kind === "duplicate") {
            expect(outcome.right.record).toBe(before);
            continue;
          }
          const { record, events } = outcome.right;
          const wasLeft = before !== undefined && before.state.status === "left";
          const wasErased =
            before !== undefined &&
            isRegistered(before.state) &&
            before.state.erasedAt !== undefined;
          if (wasErased) expect(events).toEqual([]);
          if (events.length === 0) continue;
          world.store(record, events);

          // Every event is one the schema accepts, in consecutive versions, and no event
          // holds a raw mobile number or real name, however the number was written.
          for (const event of events) {
            CourierEvent.parse({ type: event.type, data: event.data });
            const text = JSON.stringify(event);
            for (const raw of RAW_PERSONAL_DATA) expect(text).not.toContain(raw);
          }
          const stream = world.streams.get(record.id) ?? [];
          expect(stream.map((event) => event.version)).toEqual(stream.map((_, index) => index + 1));
          // The state is the replay of the whole stream.
          expect(replay(courierDecider, stream)).toEqual(record.state);
          checkInvariants(record.state);
          if (wasLeft) {
            // A courier who left may only withdraw consent or be erased.
            expect(record.state.status).toBe("left");
            for (const event of events) {
              expect(["ConsentWithdrawn", "CourierPersonalDataErased"]).toContain(event.type);
            }
          }

          // Sending the same command again changes nothing.
          const again = world.send(envelope);
          expect(Either.isRight(again) && again.right.kind).toBe("duplicate");
          if (Either.isRight(again)) expect(again.right.record).toBe(record);
        }
        // No two couriers hold the same number.
        const keys = [...world.records.values()]
          .map((record) => record.state)
          .filter(isRegistered)
          .map((state) => state.mobileKey)
          .filter((key) => key !== null);
        expect(new Set(keys).size).toBe(keys.length);
      }),
      { numRuns: 300 },
    );
  });
});
