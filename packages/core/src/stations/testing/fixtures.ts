import { Either } from "effect";
import { expect } from "vitest";
import { type Actor, systemActor } from "../../kernel/actors.js";
import type { Decision, DecisionContext } from "../../kernel/decider.js";
import type { DomainErrorShape } from "../../kernel/errors.js";
import { CommunityId } from "../../kernel/ids.js";
import { Instant } from "../../kernel/time.js";

/** The community of the tests. */
export const COMMUNITY = CommunityId.parse("jinshan-wanda");

/** Another community. */
export const OTHER_COMMUNITY = CommunityId.parse("shanyang-town");

/** A fixed test time: Saturday 2026-11-28 10:00 in Shanghai. */
export const NOW = Instant.parse("2026-11-28T02:00:00.000Z");

/** A staff actor of the test community. */
export const STAFF: Actor = { role: "staff", id: "s-1", communities: [COMMUNITY] };

/** The deployment's operator tooling. */
export const OPERATOR = systemActor("operator");

/** The decision context of an actor. */
export const contextOf = (
  actor: Actor,
  extra: { readonly now?: Instant; readonly community?: CommunityId } = {},
): DecisionContext => ({
  now: extra.now ?? NOW,
  actor,
  community: extra.community ?? COMMUNITY,
});

/** The events of an accepted decision; fails the test on a refusal. */
export const acceptedEvents = <Event>(
  decision: Decision<Event, DomainErrorShape>,
): ReadonlyArray<Event> => {
  if (Either.isLeft(decision)) {
    throw new Error(`expected acceptance, got ${decision.left.code}: ${decision.left.text.en}`);
  }
  return decision.right;
};

/** Asserts a refusal with a code, both languages, and no events. */
export const expectRefused = <Event>(
  decision: Decision<Event, DomainErrorShape>,
  code: string,
): DomainErrorShape => {
  if (Either.isRight(decision)) throw new Error("expected a refusal");
  expect(decision.left.code).toBe(code);
  expect(decision.left.text["zh-CN"].length).toBeGreaterThan(0);
  expect(decision.left.text.en.length).toBeGreaterThan(0);
  expect(Either.getOrUndefined(decision)).toBeUndefined();
  return decision.left;
};

/** The opening of the Jinshan Wanda station, with some fields changed. */
export const openingData = (changes: Record<string, unknown> = {}) => ({
  stationId: "wanda-1",
  name: { "zh-CN": "金山万达商圈党群服务站", en: "Jinshan Wanda Community Station" },
  address: { "zh-CN": "上海市金山区龙山路 555 号", en: "555 Longshan Road, Jinshan, Shanghai" },
  location: { latitude: 30.7416, longitude: 121.3464, datum: "GCJ-02" },
  openingHours: {
    kind: "weekly",
    days: {
      monday: [{ from: "09:00", to: "21:00" }],
      saturday: [{ from: "10:00", to: "16:00" }],
    },
  },
  amenities: { standard: ["charging", "drinking-water", "microwave"], others: ["雨具借用"] },
  ...changes,
});
