import { Either } from "effect";
import { expect } from "vitest";
import type { CourierFacts } from "../../couriers/facts.js";
import { type Actor, systemActor } from "../../kernel/actors.js";
import type { Decision } from "../../kernel/decider.js";
import type { DomainErrorShape } from "../../kernel/errors.js";
import { CommunityId, CourierId, ReportId } from "../../kernel/ids.js";
import { addMillis, HOUR, Instant } from "../../kernel/time.js";
import {
  type CommunityPolicy,
  type CommunityPolicyInput,
  CommunityPolicy as PolicySchema,
} from "../../policy/schema.js";
import { ReportCommand } from "../commands.js";
import { decideReport, type OriginalReportFacts, type ReportDecisionContext } from "../decide.js";
import type { ReportEvent } from "../events.js";
import { evolveReport } from "../evolve.js";
import { initialReportState, type ReportState } from "../state.js";

/** The community of the tests. */
export const COMMUNITY = CommunityId.parse("jinshan-wanda");

/** A fixed test time: 2026-11-28 10:00 in Shanghai. */
export const NOW = Instant.parse("2026-11-28T02:00:00.000Z");

/** The instant some hours after {@link NOW} (before it when negative). */
export const hoursAfterNow = (hours: number): Instant => addMillis(NOW, hours * HOUR);

/** The Jinshan policy, with some fields changed. */
export const policyWith = (changes: CommunityPolicyInput = {}): CommunityPolicy =>
  PolicySchema.parse(changes);

/** The default (Jinshan) policy. */
export const POLICY = policyWith();

/** A courier actor of the test community. */
export const courierActor = (id = "c-1"): Actor => ({
  role: "courier",
  id,
  communities: [COMMUNITY],
});

/** A staff actor of the test community. */
export const STAFF: Actor = { role: "staff", id: "s-1", communities: [COMMUNITY] };

/** A handler actor of the test community (by default the river patrol handler). */
export const handlerActor = (id = "water-affairs"): Actor => ({
  role: "handler",
  id,
  communities: [COMMUNITY],
});

/** The system actor of the reports timer. */
export const SYSTEM = systemActor("reports-timer");

/** An active courier's facts. */
export const activeCourier = (id = "c-1"): CourierFacts => ({
  courierId: CourierId.parse(id),
  status: "active",
  volunteerTeamMember: false,
});

/** A report id. */
export const reportId = (id = "r-1"): ReportId => ReportId.parse(id);

/** The decision context of an actor at a time, with extra facts. */
export const contextOf = (
  actor: Actor,
  extra: {
    readonly now?: Instant;
    readonly policy?: CommunityPolicy;
    readonly courier?: CourierFacts;
    readonly originalReport?: OriginalReportFacts;
  } = {},
): ReportDecisionContext => ({
  now: extra.now ?? NOW,
  actor,
  community: COMMUNITY,
  policy: extra.policy ?? POLICY,
  ...(extra.courier === undefined
    ? actor.role === "courier"
      ? { courier: activeCourier(actor.id) }
      : {}
    : { courier: extra.courier }),
  ...(extra.originalReport === undefined ? {} : { originalReport: extra.originalReport }),
});

/** A report command parsed by its schema, as the edge would parse it. */
export const reportCommand = (input: unknown): ReportCommand => ReportCommand.parse(input);

/** A `SubmitReport` of a river problem, with some data changed. */
export const submitReport = (changes: Record<string, unknown> = {}): ReportCommand =>
  reportCommand({
    type: "SubmitReport",
    data: {
      reportId: "r-1",
      category: "river-patrol",
      description: "河面有大片漂浮垃圾",
      location: {
        point: { latitude: 30.7416, longitude: 121.3464, datum: "GCJ-02" },
        address: "龙胜路桥下",
      },
      photos: ["r-1-a.jpg", "r-1-b.jpg"],
      observedAt: hoursAfterNow(-1),
      ...changes,
    },
  });

/** A report command other than `SubmitReport`, for report `r-1` unless given. */
export const onReport = (type: string, data: Record<string, unknown> = {}): ReportCommand =>
  reportCommand({ type, data: { reportId: "r-1", ...data } });

/** The events of an accepted decision; fails the test when it was refused. */
export const eventsOf = (decision: Decision<ReportEvent, DomainErrorShape>): ReportEvent[] => {
  if (Either.isLeft(decision)) {
    throw new Error(`expected the command to be accepted, got ${decision.left.code}`);
  }
  return [...decision.right];
};

/**
 * Asserts a refusal: its code, both languages present, and no events.
 *
 * @example
 * expectRefusal(decideReport(command, state, context), "report.not_found");
 */
export const expectRefusal = (
  decision: Decision<ReportEvent, DomainErrorShape>,
  code: string,
): void => {
  expect(Either.isLeft(decision)).toBe(true);
  expect(Either.getOrUndefined(decision)).toBeUndefined();
  if (Either.isLeft(decision)) {
    expect(decision.left.code).toBe(code);
    expect(decision.left.text["zh-CN"].length).toBeGreaterThan(0);
    expect(decision.left.text.en.length).toBeGreaterThan(0);
  }
};

/** One step of a test history: a command, who sends it, and optional facts. */
export interface ReportStep {
  readonly command: ReportCommand;
  readonly actor: Actor;
  readonly now?: Instant;
  readonly originalReport?: OriginalReportFacts;
}

/** The state after steps that must all be accepted, from the initial state. */
export const reportAfter = (steps: ReadonlyArray<ReportStep>): ReportState =>
  steps.reduce(
    (state, step) =>
      eventsOf(
        decideReport(
          step.command,
          state,
          contextOf(step.actor, {
            ...(step.now === undefined ? {} : { now: step.now }),
            ...(step.originalReport === undefined ? {} : { originalReport: step.originalReport }),
          }),
        ),
      ).reduce(evolveReport, state),
    initialReportState(),
  );

/** Steps that bring report r-1 to a status. */
export const stepsTo = {
  submitted: (): ReportStep[] => [{ command: submitReport(), actor: courierActor() }],
  accepted: (): ReportStep[] => [
    ...stepsTo.submitted(),
    { command: onReport("AcceptReport", { note: "已转河长办" }), actor: STAFF },
  ],
  inProgress: (): ReportStep[] => [
    ...stepsTo.accepted(),
    { command: onReport("StartReportWork"), actor: handlerActor() },
  ],
  resolved: (): ReportStep[] => [
    ...stepsTo.inProgress(),
    { command: onReport("ResolveReport", { note: "已打捞清理" }), actor: handlerActor() },
  ],
  closed: (): ReportStep[] => [
    ...stepsTo.resolved(),
    { command: onReport("AnswerResolutionCheck", { fixed: true }), actor: courierActor() },
  ],
  rejected: (): ReportStep[] => [
    ...stepsTo.submitted(),
    { command: onReport("RejectReport", { note: "不在本社区范围" }), actor: STAFF },
  ],
};
