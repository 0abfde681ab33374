import { Either } from "effect";
import { expect } from "vitest";
import type { CourierFacts } from "../../couriers/facts.js";
import type { Actor } from "../../kernel/actors.js";
import type { Decision } from "../../kernel/decider.js";
import type { DomainErrorShape } from "../../kernel/errors.js";
import { CommunityId, CourierId } from "../../kernel/ids.js";
import { addMillis, HOUR, Instant } from "../../kernel/time.js";
import {
  type CommunityPolicy,
  type CommunityPolicyInput,
  CommunityPolicy as PolicySchema,
} from "../../policy/schema.js";
import { SuggestionCommand } from "../commands.js";
import { decideSuggestion, type SuggestionDecisionContext } from "../decide.js";
import type { SuggestionEvent } from "../events.js";
import { evolveSuggestion } from "../evolve.js";
import { initialSuggestionState, type SuggestionState } from "../state.js";

/** The community of the tests. */
export const COMMUNITY = CommunityId.parse("jinshan-wanda");

/** A fixed test time: 2026-11-28 10:00 in Shanghai. */
export const NOW = Instant.parse("2026-11-28T02:00:00.000Z");

/** The instant some hours after {@link NOW}. */
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

/** An active courier's facts. */
export const activeCourier = (id = "c-1"): CourierFacts => ({
  courierId: CourierId.parse(id),
  status: "active",
  volunteerTeamMember: false,
});

/** The decision context of an actor; a courier actor gets active facts unless given. */
export const contextOf = (
  actor: Actor,
  extra: {
    readonly now?: Instant;
    readonly policy?: CommunityPolicy;
    readonly courier?: CourierFacts;
  } = {},
): SuggestionDecisionContext => ({
  now: extra.now ?? NOW,
  actor,
  community: COMMUNITY,
  policy: extra.policy ?? POLICY,
  ...(extra.courier === undefined
    ? actor.role === "courier"
      ? { courier: activeCourier(actor.id) }
      : {}
    : { courier: extra.courier }),
});

/** A suggestion command parsed by its schema, as the edge would parse it. */
export const suggestionCommand = (input: unknown): SuggestionCommand =>
  SuggestionCommand.parse(input);

/** A `SubmitSuggestion`, with some data changed. */
export const submitSuggestion = (changes: Record<string, unknown> = {}): SuggestionCommand =>
  suggestionCommand({
    type: "SubmitSuggestion",
    data: {
      suggestionId: "sg-1",
      topic: "station-services",
      text: "希望驿站增设电瓶车充电柜",
      ...changes,
    },
  });

/** A suggestion command other than `SubmitSuggestion`, for suggestion `sg-1`. */
export const onSuggestion = (type: string, data: Record<string, unknown> = {}): SuggestionCommand =>
  suggestionCommand({ type, data: { suggestionId: "sg-1", ...data } });

/** The events of an accepted decision; fails the test when it was refused. */
export const eventsOf = (
  decision: Decision<SuggestionEvent, DomainErrorShape>,
): SuggestionEvent[] => {
  if (Either.isLeft(decision)) {
    throw new Error(`expected the command to be accepted, got ${decision.left.code}`);
  }
  return [...decision.right];
};

/** Asserts a refusal: its code, both languages present, and no events. */
export const expectRefusal = (
  decision: Decision<SuggestionEvent, DomainErrorShape>,
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

/** One step of a test history. */
export interface SuggestionStep {
  readonly command: SuggestionCommand;
  readonly actor: Actor;
  readonly now?: Instant;
}

/** The state after steps that must all be accepted. */
export const suggestionAfter = (steps: ReadonlyArray<SuggestionStep>): SuggestionState =>
  steps.reduce(
    (state, step) =>
      eventsOf(
        decideSuggestion(
          step.command,
          state,
          contextOf(step.actor, step.now === undefined ? {} : { now: step.now }),
        ),
      ).reduce(evolveSuggestion, state),
    initialSuggestionState(),
  );

/** Steps that bring suggestion sg-1 to a status. */
export const stepsTo = {
  submitted: (): SuggestionStep[] => [{ command: submitSuggestion(), actor: courierActor() }],
  acknowledged: (): SuggestionStep[] => [
    ...stepsTo.submitted(),
    { command: onSuggestion("AcknowledgeSuggestion"), actor: STAFF, now: hoursAfterNow(3) },
  ],
  adopted: (): SuggestionStep[] => [
    ...stepsTo.acknowledged(),
    {
      command: onSuggestion("AdoptSuggestion", { plan: "12 月底前增设两个充电柜" }),
      actor: STAFF,
      now: hoursAfterNow(48),
    },
  ],
  answered: (): SuggestionStep[] => [
    ...stepsTo.submitted(),
    { command: onSuggestion("AnswerSuggestion", { answer: "已转交物业" }), actor: STAFF },
  ],
  declined: (): SuggestionStep[] => [
    ...stepsTo.submitted(),
    { command: onSuggestion("DeclineSuggestion", { reason: "场地不足" }), actor: STAFF },
  ],
  completed: (): SuggestionStep[] => [
    ...stepsTo.adopted(),
    {
      command: onSuggestion("CompleteSuggestion", { note: "已安装" }),
      actor: STAFF,
      now: hoursAfterNow(72),
    },
  ],
  withdrawn: (): SuggestionStep[] => [
    ...stepsTo.submitted(),
    { command: onSuggestion("WithdrawSuggestion"), actor: courierActor() },
  ],
};
