import { Either } from "effect";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { commandPermissions } from "../access/permissions.js";
import { type Actor, systemActor } from "../kernel/actors.js";
import {
  type AggregateRecord,
  type CommandRuntime,
  handleCommand,
  newAggregateRecord,
} from "../kernel/command-handling.js";
import { replay } from "../kernel/decider.js";
import type { CommandEnvelope } from "../kernel/envelope.js";
import { CommandId, CommunityId, sequentialIds } from "../kernel/ids.js";
import { HOUR, manualClock } from "../kernel/time.js";
import { type SuggestionCommand, suggestionCommandTypes } from "./commands.js";
import type { SuggestionDecisionContext } from "./decide.js";
import { SuggestionEvent } from "./events.js";
import { suggestionDecider } from "./index.js";
import type { SuggestionState } from "./state.js";
import {
  COMMUNITY,
  contextOf,
  courierActor,
  NOW,
  onSuggestion,
  STAFF,
  stepsTo,
  submitSuggestion,
  suggestionAfter,
} from "./testing/fixtures.js";
import { terminalSuggestionStatuses } from "./values.js";

interface Step {
  readonly command: SuggestionCommand;
  readonly actor: Actor;
  readonly hoursLater: number;
}

const author = courierActor("c-1");
const couriers = [author, courierActor("c-2"), courierActor("c-3"), courierActor("c-4")];
const outsider: Actor = {
  role: "staff",
  id: "s-9",
  communities: [CommunityId.parse("elsewhere")],
};
const SYSTEM = systemActor("reports-timer");
const anyActor = fc.constantFrom(...couriers, STAFF, SYSTEM, outsider);

// Mostly the actor a command is meant for, sometimes anyone.
const sentBy = (
  command: fc.Arbitrary<SuggestionCommand>,
  usual: ReadonlyArray<Actor>,
  weight: number,
): fc.WeightedArbitrary<{ command: SuggestionCommand; actor: Actor }> => ({
  weight,
  arbitrary: fc.record({
    command,
    actor: fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...usual) },
      { weight: 1, arbitrary: anyActor },
    ),
  }),
});

const response = fc.oneof(
  fc.constant({ kind: "answer", answer: "答复" }),
  fc.constant({ kind: "adopt", plan: "计划" }),
  fc.constant({ kind: "decline", reason: "理由" }),
);

const arbitraryStep: fc.Arbitrary<Step> = fc
  .record({
    hoursLater: fc.integer({ min: 0, max: 48 }),
    sent: fc.oneof(
      sentBy(fc.constant(submitSuggestion()), [author], 1),
      sentBy(fc.constant(onSuggestion("SecondSuggestion")), couriers, 5),
      sentBy(fc.constant(onSuggestion("WithdrawSuggestion")), [author], 1),
      sentBy(fc.constant(onSuggestion("AcknowledgeSuggestion")), [STAFF], 3),
      sentBy(
        response.map((value) => onSuggestion("DraftSuggestionResponse", { response: value })),
        [STAFF],
        3,
      ),
      sentBy(fc.constant(onSuggestion("DiscardSuggestionResponseDraft")), [STAFF], 1),
      sentBy(fc.constant(onSuggestion("PublishSuggestionResponse")), [STAFF], 2),
      sentBy(fc.constant(onSuggestion("AnswerSuggestion", { answer: "答复" })), [STAFF], 1),
      sentBy(fc.constant(onSuggestion("AdoptSuggestion", { plan: "计划" })), [STAFF], 2),
      sentBy(fc.constant(onSuggestion("DeclineSuggestion", { reason: "理由" })), [STAFF], 1),
      sentBy(fc.constant(onSuggestion("RecordSuggestionProgress", { note: "进展" })), [STAFF], 3),
      sentBy(fc.constant(onSuggestion("CompleteSuggestion", { note: "完成" })), [STAFF], 2),
      sentBy(fc.constant(onSuggestion("FlagSuggestionResponseOverdue")), [SYSTEM], 2),
    ),
  })
  .map(({ hoursLater, sent }) => ({ hoursLater, ...sent }));

const runWorkload = (steps: ReadonlyArray<Step>) => {
  const clock = manualClock(NOW);
  const ids = sequentialIds("evt");
  let record: AggregateRecord<SuggestionState> = newAggregateRecord(
    suggestionDecider,
    COMMUNITY,
    "sg-1",
  );
  const events: SuggestionEvent[] = [];
  const accepted: Array<
    readonly [CommandEnvelope<SuggestionCommand>, CommandRuntime<SuggestionDecisionContext>]
  > = [];
  steps.forEach((step, index) => {
    clock.advance(step.hoursLater * HOUR);
    const {
      now: _now,
      actor: _actor,
      community: _community,
      ...facts
    } = contextOf(step.actor, {
      now: clock.now(),
    });
    const runtime = {
      clock,
      ids,
      facts: facts as Omit<SuggestionDecisionContext, "now" | "actor" | "community">,
    };
    const envelope: CommandEnvelope<SuggestionCommand> = {
      commandId: CommandId.parse(`cmd-${index}`),
      community: COMMUNITY,
      actor: step.actor,
      command: step.command,
    };
    const before = record;
    const outcome = handleCommand(suggestionDecider, record, envelope, runtime);
    if (Either.isLeft(outcome)) {
      expect(outcome.left.code).toMatch(/^[a-z]+\.[a-z_]+$/);
      expect(outcome.left.text["zh-CN"].length).toBeGreaterThan(0);
      expect(outcome.left.text.en.length).toBeGreaterThan(0);
      return;
    }
    if (outcome.right.kind !== "applied") throw new Error("a new command id was a duplicate");
    record = outcome.right.record;
    accepted.push([envelope, runtime]);
    for (const published of outcome.right.events) {
      const event = { type: published.type, data: published.data } as SuggestionEvent;
      expect(SuggestionEvent.safeParse(event).success).toBe(true);
      events.push(event);
    }
    expect(replay(suggestionDecider, events)).toEqual(record.state);
    if (
      before.state.status !== "none" &&
      terminalSuggestionStatuses.includes(before.state.status)
    ) {
      expect(outcome.right.events).toEqual([]);
    }
    const again = handleCommand(suggestionDecider, record, envelope, runtime);
    expect(Either.isRight(again) && again.right.kind).toBe("duplicate");
    expect(Either.isRight(again) && again.right.record).toBe(record);
  });
  // Any accepted command sent again later, whatever was decided since, changes nothing.
  for (const [envelope, runtime] of accepted) {
    const later = handleCommand(suggestionDecider, record, envelope, runtime);
    expect(Either.isRight(later) && later.right.kind).toBe("duplicate");
    expect(Either.isRight(later) && later.right.record).toBe(record);
  }
  return { record, events };
};

describe("the suggestion lifecycle (properties)", () => {
  it("evolve accepts every event sequence decide produces; replays change nothing", () => {
    fc.assert(
      fc.property(
        fc.array(arbitraryStep, { minLength: 1, maxLength: 40, size: "max" }),
        (steps) => {
          const { record, events } = runWorkload([
            { command: submitSuggestion(), actor: author, hoursLater: 0 },
            ...steps,
          ]);
          const count = (type: SuggestionEvent["type"]) =>
            events.filter((event) => event.type === type).length;
          // One response at most, adopted at most once, completed only after adoption.
          expect(
            count("SuggestionAnswered") + count("SuggestionAdopted") + count("SuggestionDeclined"),
          ).toBeLessThanOrEqual(1);
          expect(count("SuggestionCompleted")).toBeLessThanOrEqual(count("SuggestionAdopted"));
          // Each courier seconds once, and never their own.
          const seconders = events.flatMap((event) =>
            event.type === "SuggestionSeconded" ? [event.data.courierId] : [],
          );
          expect(new Set(seconders).size).toBe(seconders.length);
          expect(seconders).not.toContain("c-1");
          // Exactly one event carries the time to first response, if any response came.
          const firstResponses = events.filter(
            (event) => "firstResponseAfterMillis" in event.data,
          ).length;
          expect(firstResponses).toBe(
            record.state.status !== "none" && record.state.firstResponseAt !== undefined ? 1 : 0,
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it("terminal suggestions refuse every command", () => {
    const commands = [
      onSuggestion("SecondSuggestion"),
      onSuggestion("WithdrawSuggestion"),
      onSuggestion("AcknowledgeSuggestion"),
      onSuggestion("DraftSuggestionResponse", { response: { kind: "answer", answer: "x" } }),
      onSuggestion("AnswerSuggestion", { answer: "x" }),
      onSuggestion("AdoptSuggestion", { plan: "x" }),
      onSuggestion("DeclineSuggestion", { reason: "x" }),
      onSuggestion("RecordSuggestionProgress", { note: "x" }),
      onSuggestion("CompleteSuggestion", { note: "x" }),
      onSuggestion("PublishSuggestionResponse"),
      onSuggestion("DiscardSuggestionResponseDraft"),
      onSuggestion("FlagSuggestionResponseOverdue"),
    ];
    for (const steps of [
      stepsTo.answered(),
      stepsTo.declined(),
      stepsTo.completed(),
      stepsTo.withdrawn(),
    ]) {
      const state = suggestionAfter(steps);
      for (const command of commands) {
        for (const actor of [author, courierActor("c-2"), STAFF, SYSTEM]) {
          expect(Either.isLeft(suggestionDecider.decide(command, state, contextOf(actor)))).toBe(
            true,
          );
        }
      }
    }
  });
});

describe("suggestion permissions", () => {
  it("list every suggestion command", () => {
    for (const type of suggestionCommandTypes) {
      expect(Object.hasOwn(commandPermissions, type)).toBe(true);
    }
  });

  it("refuse a courier adopting, staff suggesting, and staff of another community", () => {
    const record = newAggregateRecord(suggestionDecider, COMMUNITY, "sg-1");
    for (const [actor, command] of [
      [author, onSuggestion("AdoptSuggestion", { plan: "x" })],
      [STAFF, submitSuggestion()],
      [outsider, onSuggestion("AcknowledgeSuggestion")],
    ] as const) {
      const outcome = handleCommand(
        suggestionDecider,
        record,
        { commandId: CommandId.parse("cmd-1"), community: COMMUNITY, actor, command },
        {
          clock: manualClock(NOW),
          ids: sequentialIds("evt"),
          facts: { policy: contextOf(STAFF).policy },
        },
      );
      expect(Either.isLeft(outcome) && outcome.left.code).toBe("access.forbidden");
    }
  });
});
