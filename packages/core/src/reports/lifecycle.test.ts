import { Either } from "effect";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { commandPermissions } from "../access/permissions.js";
import type { Actor } from "../kernel/actors.js";
import {
  type AggregateRecord,
  type CommandRuntime,
  handleCommand,
  newAggregateRecord,
} from "../kernel/command-handling.js";
import { replay } from "../kernel/decider.js";
import type { CommandEnvelope } from "../kernel/envelope.js";
import { CommandId, CommunityId, CourierId, ReportId, sequentialIds } from "../kernel/ids.js";
import { HOUR, manualClock } from "../kernel/time.js";
import { type ReportCommand, reportCommandTypes } from "./commands.js";
import type { OriginalReportFacts, ReportDecisionContext } from "./decide.js";
import { ReportEvent } from "./events.js";
import { reportDecider } from "./index.js";
import { type ReportState, terminalReportStatuses } from "./state.js";
import {
  COMMUNITY,
  contextOf,
  courierActor,
  handlerActor,
  NOW,
  onReport,
  reportAfter,
  STAFF,
  SYSTEM,
  stepsTo,
  submitReport,
} from "./testing/fixtures.js";

/** One step of a random workload: a command, who sends it, and how much time passes first. */
interface Step {
  readonly command: ReportCommand;
  readonly actor: Actor;
  readonly hoursLater: number;
  readonly originalReport?: OriginalReportFacts;
}

const reporter = courierActor("c-1");
const otherCourier = courierActor("c-2");
const outsider: Actor = {
  role: "staff",
  id: "s-9",
  communities: [CommunityId.parse("elsewhere")],
};

const originals: ReadonlyArray<OriginalReportFacts | undefined> = [
  undefined,
  {
    reportId: ReportId.parse("r-0"),
    reporterId: CourierId.parse("c-9"),
    category: "river-patrol",
    status: "accepted",
    verified: true,
  },
  {
    reportId: ReportId.parse("r-0"),
    reporterId: CourierId.parse("c-1"),
    category: "river-patrol",
    status: "closed",
    verified: true,
  },
  {
    reportId: ReportId.parse("r-0"),
    reporterId: CourierId.parse("c-9"),
    category: "noise",
    status: "submitted",
    verified: false,
  },
];

const locations = [
  { point: { latitude: 30.7416, longitude: 121.3464, datum: "GCJ-02" }, address: "龙胜路桥下" },
  { point: { latitude: 30.742, longitude: 121.347, datum: "WGS-84" }, address: "龙胜路桥东侧" },
];

const anyActor = fc.constantFrom(
  reporter,
  otherCourier,
  STAFF,
  handlerActor("water-affairs"),
  handlerActor("grid-centre"),
  SYSTEM,
  outsider,
);

// Mostly the actor a command is meant for (so workloads get through the whole lifecycle),
// sometimes anyone (so the refusals are exercised too).
const sentBy = (
  command: fc.Arbitrary<ReportCommand>,
  usual: ReadonlyArray<Actor>,
  weight = 4,
): fc.WeightedArbitrary<{ command: ReportCommand; actor: Actor }> => ({
  weight,
  arbitrary: fc.record({
    command,
    actor: fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...usual) },
      { weight: 1, arbitrary: anyActor },
    ),
  }),
});

const handlers = [
  handlerActor("water-affairs"),
  handlerActor("urban-management"),
  handlerActor("grid-centre"),
  STAFF,
];

const arbitraryStep: fc.Arbitrary<Step> = fc
  .record({
    hoursLater: fc.oneof(fc.integer({ min: 0, max: 24 }), fc.integer({ min: 100, max: 200 })),
    original: fc.constantFrom(...originals),
    sent: fc.oneof(
      sentBy(
        fc.constantFrom("river-patrol", "noise").map((category) => submitReport({ category })),
        [reporter],
        1,
      ),
      sentBy(fc.constant(onReport("AcceptReport")), [STAFF], 6),
      sentBy(fc.constant(onReport("RejectReport", { note: "无效" })), [STAFF], 1),
      sentBy(fc.constant(onReport("MarkReportDuplicate", { originalReportId: "r-0" })), [STAFF], 1),
      sentBy(fc.constant(onReport("StartReportWork")), handlers, 6),
      sentBy(
        fc.boolean().map((internal) => onReport("AddReportStatusNote", { note: "进展", internal })),
        handlers,
        2,
      ),
      sentBy(fc.constant(onReport("ResolveReport", { note: "已处理" })), handlers, 6),
      sentBy(
        fc.boolean().map((fixed) => onReport("AnswerResolutionCheck", { fixed })),
        [reporter],
        6,
      ),
      sentBy(fc.constant(onReport("ConfirmReportResolution")), [STAFF, SYSTEM], 3),
      sentBy(fc.constant(onReport("ReopenReport", { note: "未解决" })), [STAFF], 3),
      sentBy(fc.constant(onReport("HideReport", { reason: "隐私" })), [STAFF], 1),
      sentBy(fc.constant(onReport("UnhideReport", { reason: "已处理" })), [STAFF], 1),
      sentBy(
        fc
          .constantFrom("r-1-a.jpg", "r-1-b.jpg", "none.jpg")
          .map((photo) => onReport("RedactReportPhoto", { photo, reason: "人脸" })),
        [STAFF],
        1,
      ),
      sentBy(
        fc
          .constantFrom("river-patrol", "noise", "safety-hazard")
          .map((category) => onReport("CorrectReportCategory", { category, reason: "更正" })),
        [STAFF],
        1,
      ),
      sentBy(
        fc
          .constantFrom(...locations)
          .map((location) => onReport("CorrectReportLocation", { location, reason: "更正" })),
        [STAFF],
        1,
      ),
      sentBy(fc.constant(onReport("FlagReportOverdue")), [SYSTEM], 3),
    ),
  })
  .map(({ hoursLater, original, sent }) => ({
    hoursLater,
    actor: sent.actor,
    command: sent.command,
    ...(original === undefined ? {} : { originalReport: original }),
  }));

type ReportRuntime = CommandRuntime<ReportDecisionContext>;

/** Runs a workload through handleCommand, checking the invariants after every step. */
const runWorkload = (steps: ReadonlyArray<Step>) => {
  const clock = manualClock(NOW);
  const ids = sequentialIds("evt");
  let record: AggregateRecord<ReportState> = newAggregateRecord(reportDecider, COMMUNITY, "r-1");
  const events: ReportEvent[] = [];
  const accepted: Array<readonly [CommandEnvelope<ReportCommand>, ReportRuntime]> = [];
  steps.forEach((step, index) => {
    clock.advance(step.hoursLater * HOUR);
    const context = contextOf(step.actor, {
      now: clock.now(),
      ...(step.originalReport === undefined ? {} : { originalReport: step.originalReport }),
    });
    const { now: _now, actor: _actor, community: _community, ...facts } = context;
    const runtime = {
      clock,
      ids,
      facts: facts as Omit<ReportDecisionContext, "now" | "actor" | "community">,
    };
    const envelope: CommandEnvelope<ReportCommand> = {
      commandId: CommandId.parse(`cmd-${index}`),
      community: COMMUNITY,
      actor: step.actor,
      command: step.command,
    };
    const before = record;
    const outcome = handleCommand(reportDecider, record, envelope, runtime);
    if (Either.isLeft(outcome)) {
      // A refusal has a code and both languages, and changes nothing.
      expect(outcome.left.code).toMatch(/^[a-z]+\.[a-z_]+$/);
      expect(outcome.left.text["zh-CN"].length).toBeGreaterThan(0);
      expect(outcome.left.text.en.length).toBeGreaterThan(0);
      return;
    }
    expect(outcome.right.kind).toBe("applied");
    if (outcome.right.kind !== "applied") return;
    record = outcome.right.record;
    accepted.push([envelope, runtime]);
    for (const envelopeOut of outcome.right.events) {
      const event = { type: envelopeOut.type, data: envelopeOut.data } as ReportEvent;
      // Every event decide produces is valid by its own schema…
      expect(ReportEvent.safeParse(event).success).toBe(true);
      events.push(event);
    }
    // …and evolve rebuilds the same state from the events alone.
    expect(replay(reportDecider, events)).toEqual(record.state);
    expect(record.version).toBe(events.length);
    // A terminal status is never left.
    if (before.state.status !== "none" && terminalReportStatuses.includes(before.state.status)) {
      expect(record.state.status).toBe(before.state.status);
    }
    // Sending the same command again changes nothing.
    const again = handleCommand(reportDecider, record, envelope, runtime);
    if (outcome.right.events.length > 0) {
      expect(Either.isRight(again) && again.right.kind).toBe("duplicate");
      expect(Either.isRight(again) && again.right.record).toBe(record);
    }
  });
  // Any accepted command sent again later, whatever was decided since, changes nothing.
  for (const [envelope, runtime] of accepted) {
    const later = handleCommand(reportDecider, record, envelope, runtime);
    expect(Either.isRight(later) && later.right.kind).toBe("duplicate");
    expect(Either.isRight(later) && later.right.record).toBe(record);
  }
  return { record, events };
};

describe("the report lifecycle (properties)", () => {
  it("evolve accepts every event sequence decide produces; replays change nothing", () => {
    fc.assert(
      fc.property(
        fc.array(arbitraryStep, { minLength: 1, maxLength: 60, size: "max" }),
        (steps) => {
          const { events } = runWorkload([
            { command: submitReport(), actor: reporter, hoursLater: 0 },
            ...steps,
          ]);
          const count = (type: ReportEvent["type"]) =>
            events.filter((event) => event.type === type).length;
          // A report is verified at most once, credited as a corroboration at most once,
          // and never both.
          expect(count("ReportVerified")).toBeLessThanOrEqual(1);
          expect(count("ReportMarkedDuplicate")).toBeLessThanOrEqual(1);
          expect(count("ReportVerified") + count("ReportMarkedDuplicate")).toBeLessThanOrEqual(1);
          expect(count("ReportSubmitted")).toBe(1);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("terminal reports refuse every lifecycle step and accept only moderation", () => {
    const lifecycle = [
      onReport("AcceptReport"),
      onReport("RejectReport", { note: "x" }),
      onReport("MarkReportDuplicate", { originalReportId: "r-0" }),
      onReport("StartReportWork"),
      onReport("AddReportStatusNote", { note: "x" }),
      onReport("ResolveReport", { note: "x" }),
      onReport("AnswerResolutionCheck", { fixed: false }),
      onReport("ConfirmReportResolution"),
      onReport("ReopenReport", { note: "x" }),
      onReport("FlagReportOverdue"),
    ];
    const moderation = [
      onReport("HideReport", { reason: "x" }),
      onReport("RedactReportPhoto", { photo: "r-1-b.jpg", reason: "x" }),
      onReport("CorrectReportCategory", { category: "noise", reason: "x" }),
      onReport("CorrectReportLocation", { location: locations[1], reason: "x" }),
    ];
    const original = originals[1];
    for (const state of [reportAfter(stepsTo.closed()), reportAfter(stepsTo.rejected())]) {
      for (const command of lifecycle) {
        for (const actor of [reporter, STAFF, handlerActor(), SYSTEM]) {
          const decision = reportDecider.decide(
            command,
            state,
            contextOf(actor, {
              now: NOW,
              ...(original === undefined ? {} : { originalReport: original }),
            }),
          );
          expect(Either.isLeft(decision)).toBe(true);
        }
      }
      for (const command of moderation) {
        expect(Either.isRight(reportDecider.decide(command, state, contextOf(STAFF)))).toBe(true);
      }
    }
  });
});

describe("report permissions", () => {
  it("list every report command", () => {
    for (const type of reportCommandTypes) {
      expect(Object.hasOwn(commandPermissions, type)).toBe(true);
    }
  });

  it("refuse a courier triaging, a handler moderating, and staff of another community", () => {
    const clock = manualClock(NOW);
    const record = newAggregateRecord(reportDecider, COMMUNITY, "r-1");
    const send = (actor: Actor, command: ReportCommand) =>
      handleCommand(
        reportDecider,
        record,
        { commandId: CommandId.parse("cmd-1"), community: COMMUNITY, actor, command },
        { clock, ids: sequentialIds("evt"), facts: { policy: contextOf(STAFF).policy } },
      );
    for (const [actor, command] of [
      [reporter, onReport("AcceptReport")],
      [handlerActor(), onReport("HideReport", { reason: "x" })],
      [outsider, onReport("AcceptReport")],
      [STAFF, submitReport()],
      [STAFF, onReport("FlagReportOverdue")],
    ] as const) {
      const outcome = send(actor, command);
      expect(Either.isLeft(outcome) && outcome.left.code).toBe("access.forbidden");
    }
  });
});
