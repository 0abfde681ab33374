import {
  type ActivityFacts,
  type Actor,
  addMillis,
  CommunityId,
  type CommunityPolicy,
  type CommunityPolicyInput,
  CourierId,
  DAY,
  type Decision,
  type DomainErrorShape,
  HOUR,
  Instant,
  CommunityPolicy as PolicySchema,
  SponsorId,
  systemActor,
} from "@courier-station/core";
import { Either } from "effect";
import { expect } from "vitest";
import type { SponsorFacts } from "../sponsors/facts.js";
import { WishCommand } from "../wishes/commands.js";
import { decideWish, type WishCourierFacts, type WishDecisionContext } from "../wishes/decide.js";
import type { WishEvent } from "../wishes/events.js";
import { evolveWish } from "../wishes/evolve.js";
import { initialWishState, type Wish, type WishState } from "../wishes/state.js";
import { WISH_HOLD } from "./hold-ids.js";

/** The community of the tests. */
export const COMMUNITY = CommunityId.parse("jinshan-wanda");

/** A fixed test time: 2026-11-28 10:00 in Shanghai. */
export const NOW = Instant.parse("2026-11-28T02:00:00.000Z");

/** The instant some hours after {@link NOW} (before it when negative). */
export const hoursAfterNow = (hours: number): Instant => addMillis(NOW, hours * HOUR);

/** The instant some days after {@link NOW}. */
export const daysAfterNow = (days: number): Instant => addMillis(NOW, days * DAY);

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
export const staffActor = (id = "s-1"): Actor => ({
  role: "staff",
  id,
  communities: [COMMUNITY],
});

/** The default staff actor. */
export const STAFF = staffActor();

/** A sponsor actor of the test community. */
export const sponsorActor = (id = "wanda-cafe"): Actor => ({
  role: "sponsor",
  id,
  communities: [COMMUNITY],
});

/** The system actor of the wish timers and flows. */
export const SYSTEM = systemActor("wishes");

/** An active courier's facts. */
export const activeCourier = (id = "c-1"): WishCourierFacts => ({
  courierId: CourierId.parse(id),
  status: "active",
});

/** An active sponsor's facts. */
export const activeSponsor = (id = "wanda-cafe"): SponsorFacts => ({
  sponsorId: SponsorId.parse(id),
  status: "active",
});

/** Facts a test may set in a decision context. */
export interface ContextFacts {
  readonly now?: Instant;
  readonly policy?: CommunityPolicy;
  readonly courier?: WishCourierFacts;
  readonly openWishCount?: number;
  readonly availablePoints?: number;
  readonly sponsor?: SponsorFacts;
  /** The activity a command names (to link a wish to it, or hand it over there). */
  readonly activity?: ActivityFacts;
}

/**
 * The decision context of an actor, with the facts a service would look up for them: an
 * active courier with no other open wishes and 10,000 points, or an active sponsor.
 */
export const contextOf = (actor: Actor, facts: ContextFacts = {}): WishDecisionContext => ({
  now: facts.now ?? NOW,
  actor,
  community: COMMUNITY,
  policy: facts.policy ?? POLICY,
  ...(actor.role === "courier"
    ? {
        courier: facts.courier ?? activeCourier(actor.id),
        openWishCount: facts.openWishCount ?? 0,
        availablePoints: facts.availablePoints ?? 10_000,
      }
    : {}),
  ...(actor.role === "sponsor" ? { sponsor: facts.sponsor ?? activeSponsor(actor.id) } : {}),
  ...(facts.activity === undefined ? {} : { activity: facts.activity }),
});

/** A wish command parsed by its schema, as the edge would parse it. */
export const wishCommand = (input: unknown): WishCommand => WishCommand.parse(input);

/** A `DraftWish` of a bluetooth headset worth 150 yuan, with some data changed. */
export const draftWish = (changes: Record<string, unknown> = {}): WishCommand =>
  wishCommand({
    type: "DraftWish",
    data: {
      wishId: "w-1",
      stationId: "wanda",
      title: "蓝牙耳机",
      description: "骑车时不用手拿手机接单",
      category: "work-equipment",
      estimatedValueFen: 15_000,
      funding: { mode: "either" },
      ...changes,
    },
  });

/** A wish command other than `DraftWish`, for wish `w-1` unless given. */
export const onWish = (type: string, data: Record<string, unknown> = {}): WishCommand =>
  wishCommand({ type, data: { wishId: "w-1", ...data } });

/** The events of an accepted decision; fails the test when it was refused. */
export const eventsOf = <Event>(decision: Decision<Event, DomainErrorShape>): Event[] => {
  if (Either.isLeft(decision)) {
    throw new Error(
      `expected the command to be accepted, got ${decision.left.code}: ${decision.left.text.en}`,
    );
  }
  return [...decision.right];
};

/**
 * Asserts a refusal: its code, both languages present, and no events.
 *
 * @example
 * expectRefusal(decideWish(command, state, context), "wish.not_found");
 */
export const expectRefusal = <Event>(
  decision: Decision<Event, DomainErrorShape>,
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
export interface WishTestStep {
  readonly command: WishCommand;
  readonly actor: Actor;
  readonly facts?: ContextFacts;
}

/** The events of steps that must all be accepted, from the initial state. */
export const wishEventsAfter = (steps: ReadonlyArray<WishTestStep>): WishEvent[] => {
  let state = initialWishState();
  const events: WishEvent[] = [];
  for (const step of steps) {
    const produced = eventsOf(decideWish(step.command, state, contextOf(step.actor, step.facts)));
    events.push(...produced);
    state = produced.reduce(evolveWish, state);
  }
  return events;
};

/** The state after steps that must all be accepted, from the initial state. */
export const wishAfter = (steps: ReadonlyArray<WishTestStep>): WishState =>
  wishEventsAfter(steps).reduce(evolveWish, initialWishState());

/** The wish of a state that must exist. */
export const asWish = (state: WishState): Wish => {
  if (state.status === "none") throw new Error("expected a drafted wish");
  return state;
};

/** Steps that bring wish w-1 (a 150-yuan headset, `either` unless changed) to a status. */
export const stepsTo = {
  draft: (changes: Record<string, unknown> = {}): WishTestStep[] => [
    { command: draftWish(changes), actor: courierActor() },
  ],
  submitted: (changes: Record<string, unknown> = {}): WishTestStep[] => [
    ...stepsTo.draft(changes),
    { command: onWish("SubmitWish"), actor: courierActor() },
  ],
  approved: (changes: Record<string, unknown> = {}): WishTestStep[] => [
    ...stepsTo.submitted(changes),
    { command: onWish("ApproveWish", { publish: false }), actor: STAFF },
  ],
  published: (changes: Record<string, unknown> = {}): WishTestStep[] => [
    ...stepsTo.submitted(changes),
    { command: onWish("ApproveWish"), actor: STAFF },
  ],
  claimed: (changes: Record<string, unknown> = {}): WishTestStep[] => [
    ...stepsTo.published(changes),
    { command: onWish("ClaimWish"), actor: sponsorActor() },
  ],
  redeemed: (changes: Record<string, unknown> = {}): WishTestStep[] => [
    ...stepsTo.published(changes),
    { command: onWish("RedeemWish"), actor: courierActor() },
  ],
  redeemedAndHeld: (changes: Record<string, unknown> = {}): WishTestStep[] => [
    ...stepsTo.redeemed(changes),
    { command: onWish("ConfirmWishHold", { transferId: WISH_HOLD }), actor: SYSTEM },
  ],
  fulfilledBySponsor: (changes: Record<string, unknown> = {}): WishTestStep[] => [
    ...stepsTo.claimed(changes),
    { command: onWish("ConfirmWishFulfilled"), actor: STAFF },
  ],
  fulfilledWithPoints: (changes: Record<string, unknown> = {}): WishTestStep[] => [
    ...stepsTo.redeemedAndHeld(changes),
    { command: onWish("ConfirmWishFulfilled"), actor: STAFF },
  ],
};
