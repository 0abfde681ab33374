import { Either } from "effect";
import { expect } from "vitest";
import { type Actor, systemActor } from "../../kernel/actors.js";
import type { Decision } from "../../kernel/decider.js";
import type { DomainErrorShape } from "../../kernel/errors.js";
import { ActivityId, CommunityId, CourierId } from "../../kernel/ids.js";
import { Instant } from "../../kernel/time.js";
import {
  type CommunityPolicy,
  type CommunityPolicyInput,
  CommunityPolicy as PolicySchema,
} from "../../policy/schema.js";
import { CourierCommand } from "../commands.js";
import { type CourierDecisionContext, decideCourier } from "../decide.js";
import type { CourierEvent } from "../events.js";
import { evolveCourier } from "../evolve.js";
import { type MobileKey, MobileNumber, mobileNumberKey } from "../mobile-number.js";
import { type PersonalDataSeal, personalDataSeal } from "../sealed-personal-data.js";
import { type CourierState, initialCourierState } from "../state.js";

/** The community of the tests. */
export const COMMUNITY = CommunityId.parse("jinshan-wanda");

/** Another community, for cross-community refusals. */
export const OTHER_COMMUNITY = CommunityId.parse("shanyang-town");

/** A fixed test time: 2026-11-28 10:00 in Shanghai. */
export const NOW = Instant.parse("2026-11-28T02:00:00.000Z");

/** The deployment secret of the tests. */
export const SECRET = "test-secret-0123456789abcdef";

/** The Jinshan policy, with some fields changed. */
export const policyWith = (changes: CommunityPolicyInput = {}): CommunityPolicy =>
  PolicySchema.parse(changes);

/** The default (Jinshan) policy. */
export const POLICY = policyWith();

/** The courier id of the tests. */
export const COURIER_ID = CourierId.parse("c-1");

/** A courier actor of the test community. */
export const courierActor = (id = "c-1", community = COMMUNITY): Actor => ({
  role: "courier",
  id,
  communities: [community],
});

/** A staff actor of the test community. */
export const STAFF: Actor = { role: "staff", id: "s-1", communities: [COMMUNITY] };

/** The system actor of the activities flow. */
export const SYSTEM = systemActor("activities");

/** An activity id. */
export const activityId = (id = "a-1"): ActivityId => ActivityId.parse(id);

/** The seal of personal data of the tests (the same secret; its keys are derived apart). */
export const SEAL = personalDataSeal(SECRET);

/** The owner of the test courier's personal data: the courier in the test community. */
export const OWNER = { community: COMMUNITY, courierId: COURIER_ID };

/** The sealed personal data of a name and a number, as the tests' events carry it. */
export const sealOf = (realName = "王小明", mobileNumber = "13800138000", owner = OWNER) =>
  SEAL.seal({ realName, mobileNumber: MobileNumber.parse(mobileNumber) }, owner);

/** The test key of a normalised number. */
export const keyOf = (number: MobileNumber): MobileKey => mobileNumberKey(number, SECRET);

/** The decision context of an actor, with a registry of mobile keys already taken. */
export const contextOf = (
  actor: Actor,
  extra: {
    readonly now?: Instant;
    readonly policy?: CommunityPolicy;
    readonly community?: CommunityId;
    readonly taken?: ReadonlyMap<string, CourierId>;
    readonly personalData?: PersonalDataSeal;
  } = {},
): CourierDecisionContext => ({
  now: extra.now ?? NOW,
  actor,
  community: extra.community ?? COMMUNITY,
  policy: extra.policy ?? POLICY,
  mobileKeyOf: keyOf,
  registeredMobileKeys: (key) => extra.taken?.get(key),
  personalData: extra.personalData ?? SEAL,
});

/** Parses a command as the edge would (defaults filled, numbers normalised). */
export const command = (input: unknown): CourierCommand => CourierCommand.parse(input);

/** A registration of the test courier, with some fields changed. */
export const registration = (changes: Record<string, unknown> = {}): CourierCommand =>
  command({
    type: "RegisterCourier",
    data: {
      courierId: "c-1",
      nickname: "小王",
      realName: "王小明",
      mobileNumber: "138 0013 8000",
      platforms: ["meituan"],
      employment: "full-time",
      workArea: { description: "万达广场周边" },
      consentPolicyVersion: "2026-01",
      ...changes,
    },
  });

/** Decides a command, expecting it accepted, and returns its events. */
export const acceptedEvents = (
  decision: Decision<CourierEvent, DomainErrorShape>,
): ReadonlyArray<CourierEvent> => {
  if (Either.isLeft(decision)) {
    throw new Error(`expected acceptance, got ${decision.left.code}: ${decision.left.text.en}`);
  }
  return decision.right;
};

/**
 * Asserts a decision is refused with a code, with a message in both languages, and so
 * produced no events.
 */
export const expectRefused = (
  decision: Decision<CourierEvent, DomainErrorShape>,
  code: string,
): DomainErrorShape => {
  expect(Either.isLeft(decision)).toBe(true);
  if (Either.isRight(decision)) throw new Error("expected a refusal");
  const error = decision.left;
  expect(error.code).toBe(code);
  expect(error.text["zh-CN"].length).toBeGreaterThan(0);
  expect(error.text.en.length).toBeGreaterThan(0);
  expect(Either.getOrUndefined(decision)).toBeUndefined();
  return error;
};

/** Runs commands through decide and evolve, each by its actor, failing on a refusal. */
export const given = (
  steps: ReadonlyArray<readonly [Actor, CourierCommand]>,
  options: { readonly policy?: CommunityPolicy; readonly now?: Instant } = {},
): CourierState => {
  let state = initialCourierState();
  for (const [actor, step] of steps) {
    const events = acceptedEvents(decideCourier(step, state, contextOf(actor, options)));
    state = events.reduce(evolveCourier, state);
  }
  return state;
};

/** The steps to an active courier (registered with consent, verified by staff). */
export const toActive: ReadonlyArray<readonly [Actor, CourierCommand]> = [
  [courierActor(), registration()],
  [STAFF, command({ type: "VerifyCourier", data: { courierId: "c-1" } })],
];

/** An active courier's state. */
export const activeCourier = (): CourierState => given(toActive);
