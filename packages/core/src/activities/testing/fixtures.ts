import { Either } from "effect";
import { expect } from "vitest";
import type { CourierFacts } from "../../couriers/facts.js";
import type { Actor } from "../../kernel/actors.js";
import type { Decision } from "../../kernel/decider.js";
import type { DomainErrorShape } from "../../kernel/errors.js";
import { ActivityId, CommunityId, CourierId, StationId } from "../../kernel/ids.js";
import { Instant } from "../../kernel/time.js";
import { type CommunityPolicy, jinshanPolicy } from "../../policy/schema.js";
import type { ActivityCommand } from "../commands.js";
import type { ActivityDecisionContext } from "../decide.js";
import type { ActivityEvent } from "../events.js";
import { activityDecider } from "../index.js";
import type { ActivityState } from "../state.js";
import { ActivityDetails } from "../values.js";

/** The community of the tests. */
export const COMMUNITY = CommunityId.parse("jinshan-wanda");
/** The activity of the tests. */
export const ACTIVITY = ActivityId.parse("river-cleanup");
/** The station of the tests. */
export const STATION = StationId.parse("wanda");

/** An instant in Shanghai local time: `at("2026-12-05 14:00")`. */
export const at = (local: string): Instant => Instant.parse(`${local.replace(" ", "T")}:00+08:00`);

/** Planning time: 2026-12-01 09:00 in Shanghai. */
export const PLANNED_AT = at("2026-12-01 09:00");
/** The activity's start: 2026-12-05 14:00 in Shanghai, between the peaks. */
export const STARTS_AT = at("2026-12-05 14:00");
/** The activity's end: 2026-12-05 16:00 in Shanghai. */
export const ENDS_AT = at("2026-12-05 16:00");

/** A courier id. */
export const courier = (id: string): CourierId => CourierId.parse(id);

/** Staff of the community. */
export const STAFF: Actor = { role: "staff", id: "staff-1", communities: [COMMUNITY] };
/** The actor of a courier. */
export const courierActor = (id: string): Actor => ({
  role: "courier",
  id,
  communities: [COMMUNITY],
});

/** The facts of an active volunteer-team member, with overrides. */
export const factsOf = (id: string, overrides: Partial<CourierFacts> = {}): CourierFacts => ({
  courierId: courier(id),
  status: "active",
  volunteerTeamMember: true,
  ...overrides,
});

/** Details of a two-hour volunteering activity between the peaks, with overrides. */
export const detailsWith = (overrides: Record<string, unknown> = {}): ActivityDetails =>
  ActivityDetails.parse({
    title: "护河志愿行动",
    kind: "volunteering",
    organiser: { kind: "station", stationId: STATION },
    stationId: STATION,
    place: { description: "山阳河 3 号桥" },
    startsAt: STARTS_AT,
    endsAt: ENDS_AT,
    capacity: 3,
    signUpRequired: true,
    volunteerHours: 2,
    ...overrides,
  });

/** A decision context: staff at planning time with the Jinshan policy, with overrides. */
export const contextWith = (
  overrides: Partial<ActivityDecisionContext> = {},
  policy: CommunityPolicy = jinshanPolicy(),
): ActivityDecisionContext => ({
  now: PLANNED_AT,
  actor: STAFF,
  community: COMMUNITY,
  policy,
  couriers: ["alice", "bob", "carol", "dave", "erin"].map((id) => factsOf(id)),
  ...overrides,
});

/** Runs commands in order, each with its context; throws on a refusal. */
export const given = (
  steps: ReadonlyArray<readonly [ActivityCommand, ActivityDecisionContext]>,
): { readonly state: ActivityState; readonly events: ActivityEvent[] } => {
  let state = activityDecider.initialState();
  const events: ActivityEvent[] = [];
  for (const [command, context] of steps) {
    const decision = activityDecider.decide(command, state, context);
    if (Either.isLeft(decision)) throw new Error(`${command.type}: ${decision.left.text.en}`);
    for (const event of decision.right) {
      events.push(event);
      state = activityDecider.evolve(state, event);
    }
  }
  return { state, events };
};

/** The events of an accepted decision; fails the test on a refusal. */
export const acceptedEvents = <Event, Failure extends DomainErrorShape>(
  decision: Decision<Event, Failure>,
): ReadonlyArray<Event> => {
  if (Either.isLeft(decision)) {
    throw new Error(`expected acceptance, got ${decision.left.code}: ${decision.left.text.en}`);
  }
  return decision.right;
};

/**
 * Asserts a refusal: its code, both languages present, and no events. Returns the error.
 */
export const expectRefused = <Event, Failure extends DomainErrorShape>(
  decision: Decision<Event, Failure>,
  code: string,
): Failure => {
  expect(Either.isLeft(decision)).toBe(true);
  // A refusal carries no events: `decide` returns the error and nothing else.
  expect(Either.getOrUndefined(decision)).toBeUndefined();
  if (Either.isRight(decision)) throw new Error("accepted");
  const error = decision.left;
  expect(error.code).toBe(code);
  expect(error.text["zh-CN"].length).toBeGreaterThan(0);
  expect(error.text.en.length).toBeGreaterThan(0);
  return error;
};

/** The commands of the usual lifecycle, for `given`. */
export const commands = {
  plan: (overrides: Record<string, unknown> = {}): ActivityCommand => ({
    type: "PlanActivity",
    data: { activityId: ACTIVITY, details: detailsWith(overrides) },
  }),
  publish: (): ActivityCommand => ({ type: "PublishActivity", data: { activityId: ACTIVITY } }),
  start: (code = "4821"): ActivityCommand => ({
    type: "StartActivity",
    data: { activityId: ACTIVITY, checkInCode: code },
  }),
  signUp: (id: string): ActivityCommand => ({
    type: "SignUpForActivity",
    data: { activityId: ACTIVITY, courierId: courier(id) },
  }),
  cancelSignUp: (id: string): ActivityCommand => ({
    type: "CancelSignUp",
    data: { activityId: ACTIVITY, courierId: courier(id) },
  }),
  checkIn: (id: string, code = "4821"): ActivityCommand => ({
    type: "CheckInToActivity",
    data: { activityId: ACTIVITY, courierId: courier(id), code },
  }),
  checkOut: (id: string): ActivityCommand => ({
    type: "CheckOutOfActivity",
    data: { activityId: ACTIVITY, courierId: courier(id) },
  }),
  walkIns: (...ids: string[]): ActivityCommand => ({
    type: "RecordWalkIns",
    data: { activityId: ACTIVITY, courierIds: ids.map(courier) },
  }),
  confirm: (...ids: string[]): ActivityCommand => ({
    type: "ConfirmAttendance",
    data: { activityId: ACTIVITY, courierIds: ids.map(courier) },
  }),
  noShows: (...ids: string[]): ActivityCommand => ({
    type: "MarkNoShows",
    data: { activityId: ACTIVITY, courierIds: ids.map(courier) },
  }),
  complete: (): ActivityCommand => ({ type: "CompleteActivity", data: { activityId: ACTIVITY } }),
  cancel: (reason = "暴雨预警"): ActivityCommand => ({
    type: "CancelActivity",
    data: { activityId: ACTIVITY, reason },
  }),
};
