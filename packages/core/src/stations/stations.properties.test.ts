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
import { CommandId, sequentialIds } from "../kernel/ids.js";
import { addMillis, HOUR, manualClock } from "../kernel/time.js";
import { CommunityCommand, communityCommandTypes } from "./community/commands.js";
import { CommunityEvent } from "./community/events.js";
import { communityDecider } from "./community/index.js";
import type { CommunityState } from "./community/state.js";
import { StationCommand, stationCommandTypes } from "./station/commands.js";
import { StationEvent } from "./station/events.js";
import { stationDecider } from "./station/index.js";
import type { StationState } from "./station/state.js";
import {
  COMMUNITY,
  NOW,
  OPERATOR,
  OTHER_COMMUNITY,
  openingData,
  STAFF,
} from "./testing/fixtures.js";

const actors: ReadonlyArray<Actor> = [
  STAFF,
  STAFF,
  STAFF,
  OPERATOR,
  { role: "staff", id: "s-9", communities: [OTHER_COMMUNITY] },
  { role: "courier", id: "c-1", communities: [COMMUNITY] },
];

const stationCommand: fc.Arbitrary<StationCommand> = fc
  .oneof(
    fc.constant({ type: "OpenStation", data: openingData() }),
    fc.constant({
      type: "OpenStation",
      data: openingData({ openingHours: { kind: "around-the-clock" } }),
    }),
    fc.record({
      type: fc.constant("UpdateStationDetails"),
      data: fc.record(
        {
          stationId: fc.constant("wanda-1"),
          contactPhone: fc.constantFrom("021-5794 0000", null),
          amenities: fc.constantFrom(
            { standard: ["toilets"] },
            { standard: [], others: ["打气筒"] },
          ),
          openingHours: fc.constantFrom({ kind: "around-the-clock" }, openingData().openingHours),
        },
        { requiredKeys: ["stationId", "contactPhone"] },
      ),
    }),
    fc.record({
      type: fc.constant("CloseStationTemporarily"),
      data: fc.record(
        {
          stationId: fc.constant("wanda-1"),
          reason: fc.constantFrom("台风停业", "renovation"),
          expectedReopeningAt: fc
            .integer({ min: -48, max: 480 })
            .map((hours) => addMillis(NOW, hours * HOUR)),
        },
        { requiredKeys: ["stationId", "reason"] },
      ),
    }),
    fc.constant({ type: "ReopenStation", data: { stationId: "wanda-1" } }),
    fc.constant({ type: "RetireStation", data: { stationId: "wanda-1", reason: "场地到期" } }),
  )
  .map((input) => StationCommand.parse(input));

const communityCommand: fc.Arbitrary<CommunityCommand> = fc
  .oneof(
    fc.record({
      type: fc.constant("RegisterCommunity"),
      data: fc.record({
        communityId: fc.constantFrom("jinshan-wanda", "shanyang-town"),
        name: fc.constant({ "zh-CN": "金山万达商圈", en: "Jinshan Wanda" }),
        district: fc.constant({ "zh-CN": "金山区", en: "Jinshan District" }),
        policyVersion: fc.constantFrom("2026-01", "2026-06"),
      }),
    }),
    fc.record({
      type: fc.constant("UpdateCommunityDetails"),
      data: fc.record({
        communityId: fc.constant("jinshan-wanda"),
        name: fc.constantFrom(
          { "zh-CN": "金山万达商圈", en: "Jinshan Wanda" },
          { "zh-CN": "万达商圈", en: "Wanda" },
        ),
      }),
    }),
    fc.record({
      type: fc.constant("PublishCommunityPolicy"),
      data: fc.record({
        communityId: fc.constantFrom("jinshan-wanda", "shanyang-town"),
        policyVersion: fc.constantFrom("2026-01", "2026-06", "2027-01", "2027-06"),
        // Around the clock of the run, which moves an hour a step: some in the past.
        effectiveFrom: fc
          .integer({ min: -48, max: 96 })
          .map((hours) => addMillis(NOW, hours * HOUR)),
        document: fc.constantFrom(
          "points:\n  welcome: 20\n",
          { suggestions: { firstResponseDays: 3 } },
          "points:\n  welcome: -1\n",
        ),
      }),
    }),
  )
  .map((input) => CommunityCommand.parse(input));

const steps = <Command>(command: fc.Arbitrary<Command>) =>
  fc.array(
    fc.record({
      actor: fc.constantFrom(...actors),
      command,
      reuse: fc.oneof(
        { arbitrary: fc.constant(null), weight: 9 },
        { arbitrary: fc.nat(), weight: 1 },
      ),
    }),
    { minLength: 1, maxLength: 40, size: "max" },
  );

describe("station lifecycle properties", () => {
  it("random commands never break evolve, replays change nothing, a retired station stays retired", () => {
    fc.assert(
      fc.property(steps(stationCommand), (sequence) => {
        const clock = manualClock(NOW);
        const ids = sequentialIds("evt");
        let record: AggregateRecord<StationState> = newAggregateRecord(
          stationDecider,
          COMMUNITY,
          "wanda-1",
        );
        const stream: Array<EventEnvelope<StationEvent>> = [];
        const used: CommandId[] = [];
        for (const { actor, command, reuse } of sequence) {
          clock.advance(HOUR);
          const commandId =
            reuse === null || used.length === 0
              ? CommandId.parse(`cmd-${used.length + 1}`)
              : (used[reuse % used.length] as CommandId);
          used.push(commandId);
          const envelope = { commandId, community: COMMUNITY, actor, command };
          const outcome = handleCommand(stationDecider, record, envelope, {
            clock,
            ids,
            facts: {},
          });
          if (Either.isLeft(outcome) || outcome.right.kind === "duplicate") {
            if (Either.isRight(outcome)) expect(outcome.right.record).toBe(record);
            continue;
          }
          const wasRetired = record.state.status === "retired";
          const { events } = outcome.right;
          if (wasRetired) expect(events).toEqual([]);
          if (events.length === 0) continue;
          record = outcome.right.record;
          stream.push(...events);
          for (const event of events) StationEvent.parse({ type: event.type, data: event.data });
          expect(stream.map((event) => event.version)).toEqual(stream.map((_, index) => index + 1));
          expect(replay(stationDecider, stream)).toEqual(record.state);
          const state = record.state;
          if (state.status !== "unopened") {
            expect(state.closure !== undefined).toBe(state.status === "temporarily-closed");
          }
          const again = handleCommand(stationDecider, record, envelope, { clock, ids, facts: {} });
          expect(Either.isRight(again) && again.right.kind).toBe("duplicate");
          expect(Either.isRight(again) && again.right.record).toBe(record);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("community lifecycle properties", () => {
  it("random commands never break evolve and replays change nothing", () => {
    fc.assert(
      fc.property(steps(communityCommand), (sequence) => {
        const clock = manualClock(NOW);
        const ids = sequentialIds("evt");
        let record: AggregateRecord<CommunityState> = newAggregateRecord(
          communityDecider,
          COMMUNITY,
          COMMUNITY,
        );
        const stream: Array<EventEnvelope<CommunityEvent>> = [];
        const accepted: Array<CommandEnvelope<CommunityCommand>> = [];
        for (const [index, { actor, command }] of sequence.entries()) {
          clock.advance(HOUR);
          const envelope = {
            commandId: CommandId.parse(`cmd-${index}`),
            community: COMMUNITY,
            actor,
            command,
          };
          const outcome = handleCommand(communityDecider, record, envelope, {
            clock,
            ids,
            facts: {},
          });
          if (Either.isLeft(outcome) || outcome.right.kind === "duplicate") continue;
          if (outcome.right.events.length === 0) continue;
          record = outcome.right.record;
          accepted.push(envelope);
          stream.push(...outcome.right.events);
          for (const event of outcome.right.events) {
            CommunityEvent.parse({ type: event.type, data: event.data });
            expect(event.data.communityId).toBe(COMMUNITY);
          }
          expect(replay(communityDecider, stream)).toEqual(record.state);
          if (record.state.status === "registered") {
            // Versions stay in the order they take effect, each name once.
            const versions = record.state.policyVersions;
            const times = versions.map((version) => version.effectiveFrom);
            expect([...times].sort()).toEqual(times);
            expect(new Set(times).size).toBe(times.length);
            const names = versions.map((version) => version.policyVersion);
            expect(new Set(names).size).toBe(names.length);
          }
          const again = handleCommand(communityDecider, record, envelope, {
            clock,
            ids,
            facts: {},
          });
          expect(Either.isRight(again) && again.right.kind).toBe("duplicate");
        }
        // Any accepted command sent again later, whatever was decided since, changes nothing.
        for (const envelope of accepted) {
          const later = handleCommand(communityDecider, record, envelope, {
            clock,
            ids,
            facts: {},
          });
          expect(Either.isRight(later) && later.right.kind).toBe("duplicate");
          expect(Either.isRight(later) && later.right.record).toBe(record);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe("station and community permissions", () => {
  it("lists every command in the permission table", () => {
    const unions = [
      ...CommunityCommand.options.map((option) => option.shape.type.value),
      ...StationCommand.options.map((option) => option.shape.type.value),
    ];
    expect([...communityCommandTypes, ...stationCommandTypes].sort()).toEqual([...unions].sort());
    for (const type of unions) expect(commandPermissions[type]?.length).toBeGreaterThan(0);
  });

  it("lets only the system register communities, and staff run stations", () => {
    expect(commandPermissions.RegisterCommunity).toEqual(["system"]);
    for (const type of stationCommandTypes) expect(commandPermissions[type]).toEqual(["staff"]);
  });
});
