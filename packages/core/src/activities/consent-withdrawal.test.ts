import { Either } from "effect";
import { describe, expect, it } from "vitest";
import { commandPermissions } from "../access/permissions.js";
import { authorize } from "../kernel/access.js";
import { systemActor } from "../kernel/actors.js";
import type { Instant } from "../kernel/time.js";
import { CommunityPolicy } from "../policy/schema.js";
import { type ActivityCommand, couriersConcernedBy } from "./commands.js";
import { signUpCancellationsOnConsentWithdrawn } from "./consent-withdrawal.js";
import type { ParticipantsRefused } from "./errors.js";
import type { ActivityEvent } from "./events.js";
import { activityDecider } from "./index.js";
import { type ActivityState, participationOf } from "./state.js";
import {
  ACTIVITY,
  acceptedEvents,
  at,
  COMMUNITY,
  commands,
  contextWith,
  courier,
  courierActor,
  expectRefused,
  factsOf,
  given,
  PLANNED_AT,
} from "./testing/fixtures.js";

const { decide } = activityDecider;
const SYSTEM = systemActor("consent-withdrawal");
const BEFORE = at("2026-12-03 10:00");
const DURING = at("2026-12-05 14:30");
const WITHDRAWN_AT = at("2026-12-04 09:00");

/** The facts of a courier who withdrew their consent. */
const withdrawn = (id: string) => factsOf(id, { consentWithdrawnAt: WITHDRAWN_AT });

const staffAt = (now: Instant) => contextWith({ now });
const courierAt = (id: string, now: Instant) => contextWith({ now, actor: courierActor(id) });

const published = (...signUps: string[]) =>
  given([
    [commands.plan(), staffAt(PLANNED_AT)],
    [commands.publish(), staffAt(PLANNED_AT)],
    ...signUps.map((id) => [commands.signUp(id), courierAt(id, BEFORE)] as const),
  ]);
const started = (...signUps: string[]) =>
  given([
    [commands.plan(), staffAt(PLANNED_AT)],
    [commands.publish(), staffAt(PLANNED_AT)],
    ...signUps.map((id) => [commands.signUp(id), courierAt(id, BEFORE)] as const),
    [commands.start(), staffAt(at("2026-12-05 13:50"))],
  ]);
const withEvents = (state: ActivityState, events: ReadonlyArray<ActivityEvent>) =>
  events.reduce(activityDecider.evolve, state);

const cancelOnWithdrawal = (id: string): ActivityCommand => ({
  type: "CancelSignUp",
  data: { activityId: ACTIVITY, courierId: courier(id), cause: "consent-withdrawn" },
});

const systemWith = (now: Instant, couriers = [withdrawn("alice")]) =>
  contextWith({ now, actor: SYSTEM, couriers });

describe("a courier who withdrew consent cannot take part", () => {
  it("refuses their sign-up, in both languages; a courier still consenting signs up", () => {
    const error = expectRefused(
      decide(
        commands.signUp("alice"),
        published().state,
        contextWith({ now: BEFORE, actor: courierActor("alice"), couriers: [withdrawn("alice")] }),
      ),
      "activity.courier_consent_withdrawn",
    );
    expect(error).toMatchObject({ courierId: "alice" });
    expect(error.text["zh-CN"]).toContain("已撤回个人信息处理同意");
    expect(error.text.en).toContain("withdrawn their consent");
    acceptedEvents(decide(commands.signUp("alice"), published().state, courierAt("alice", BEFORE)));
  });

  it("refuses staff signing them up too", () => {
    expectRefused(
      decide(
        commands.signUp("alice"),
        published().state,
        contextWith({ now: BEFORE, couriers: [withdrawn("alice")] }),
      ),
      "activity.courier_consent_withdrawn",
    );
  });

  it("refuses their check-in, even with a sign-up the cancellation has not reached yet", () => {
    expectRefused(
      decide(
        commands.checkIn("alice"),
        started("alice").state,
        contextWith({ now: DURING, actor: courierActor("alice"), couriers: [withdrawn("alice")] }),
      ),
      "activity.courier_consent_withdrawn",
    );
  });

  it("refuses them as a walk-in, naming them among the couriers refused", () => {
    const error = expectRefused(
      decide(
        commands.walkIns("bob", "carol"),
        started().state,
        contextWith({ now: DURING, couriers: [factsOf("bob"), withdrawn("carol")] }),
      ),
      "activity.bulk_refused",
    ) as ParticipantsRefused;
    expect(error.problems.map((problem) => [problem.courierId, problem.code])).toEqual([
      ["carol", "activity.courier_consent_withdrawn"],
    ]);
  });
});

describe("CancelSignUp because the courier withdrew consent", () => {
  it("cancels the sign-up with its cause, after the courier's own cutoff too", () => {
    const policy = CommunityPolicy.parse({ activities: { signUpCancellationCutoffMinutes: 120 } });
    const late = at("2026-12-05 13:00");
    const events = acceptedEvents(
      decide(
        cancelOnWithdrawal("alice"),
        published("alice").state,
        contextWith({ now: late, actor: SYSTEM, couriers: [withdrawn("alice")] }, policy),
      ),
    );
    expect(events).toEqual([
      {
        type: "SignUpCancelled",
        data: {
          activityId: ACTIVITY,
          courierId: courier("alice"),
          byStaff: true,
          cause: "consent-withdrawn",
          cancelledAt: late,
        },
      },
    ]);
    const after = withEvents(published("alice").state, events);
    expect(after.status !== "none" && participationOf(after, courier("alice"))?.status).toBe(
      "cancelled",
    );
  });

  it("cancels a started activity's sign-up", () => {
    const events = acceptedEvents(
      decide(cancelOnWithdrawal("alice"), started("alice").state, systemWith(DURING)),
    );
    expect(events.map((event) => event.type)).toEqual(["SignUpCancelled"]);
  });

  it("refuses when the courier's facts say their consent is in force, in both languages", () => {
    const error = expectRefused(
      decide(
        cancelOnWithdrawal("alice"),
        published("alice").state,
        systemWith(BEFORE, [factsOf("alice")]),
      ),
      "activity.consent_not_withdrawn",
    );
    expect(error.text["zh-CN"]).toContain("未撤回");
    expect(error.text.en).toContain("has not withdrawn");
  });

  it("refuses without the courier's facts", () => {
    expectRefused(
      decide(cancelOnWithdrawal("alice"), published("alice").state, systemWith(BEFORE, [])),
      "activity.courier_unknown",
    );
  });

  it("refuses a courier cancelling someone else's sign-up for that cause", () => {
    expectRefused(
      decide(
        cancelOnWithdrawal("alice"),
        published("alice").state,
        contextWith({ now: BEFORE, actor: courierActor("bob"), couriers: [withdrawn("alice")] }),
      ),
      "activity.not_your_participation",
    );
  });

  it("does nothing when there is no sign-up left to cancel, so the flow is done", () => {
    const checkedIn = withEvents(
      started("alice").state,
      acceptedEvents(
        decide(commands.checkIn("alice"), started("alice").state, courierAt("alice", DURING)),
      ),
    );
    expect(
      acceptedEvents(decide(cancelOnWithdrawal("alice"), checkedIn, systemWith(DURING))),
    ).toEqual([]);
    expect(
      acceptedEvents(decide(cancelOnWithdrawal("alice"), published().state, systemWith(BEFORE))),
    ).toEqual([]);
    const cancelled = given([
      [commands.plan(), staffAt(PLANNED_AT)],
      [commands.publish(), staffAt(PLANNED_AT)],
      [commands.signUp("alice"), courierAt("alice", BEFORE)],
      [commands.cancel(), staffAt(BEFORE)],
    ]).state;
    expect(
      acceptedEvents(decide(cancelOnWithdrawal("alice"), cancelled, systemWith(BEFORE))),
    ).toEqual([]);
  });

  it("asks for the courier's facts, and lets the system send it", () => {
    expect(couriersConcernedBy(cancelOnWithdrawal("alice"))).toEqual([courier("alice")]);
    expect(couriersConcernedBy(commands.cancelSignUp("alice"))).toEqual([]);
    expect(Either.isRight(authorize(SYSTEM, COMMUNITY, "CancelSignUp", commandPermissions))).toBe(
      true,
    );
  });
});

describe("signUpCancellationsOnConsentWithdrawn", () => {
  it("lists a cancellation for each activity the courier is still signed up for", () => {
    const other = given([
      [commands.plan(), staffAt(PLANNED_AT)],
      [commands.publish(), staffAt(PLANNED_AT)],
      [commands.signUp("bob"), courierAt("bob", BEFORE)],
    ]).state;
    const activities = [published("alice").state, started("alice").state, other];
    expect(signUpCancellationsOnConsentWithdrawn(activities, courier("alice"))).toEqual([
      cancelOnWithdrawal("alice"),
      cancelOnWithdrawal("alice"),
    ]);
  });

  it("lists nothing for activities over, not yet published, or where the courier is there", () => {
    const there = given([
      [commands.plan(), staffAt(PLANNED_AT)],
      [commands.publish(), staffAt(PLANNED_AT)],
      [commands.signUp("alice"), courierAt("alice", BEFORE)],
      [commands.start(), staffAt(at("2026-12-05 13:50"))],
      [commands.checkIn("alice"), courierAt("alice", DURING)],
    ]).state;
    const completed = given([
      [commands.plan(), staffAt(PLANNED_AT)],
      [commands.publish(), staffAt(PLANNED_AT)],
      [commands.signUp("alice"), courierAt("alice", BEFORE)],
      [commands.start(), staffAt(at("2026-12-05 13:50"))],
      [commands.complete(), staffAt(at("2026-12-05 16:10"))],
    ]).state;
    const draft = given([[commands.plan(), staffAt(PLANNED_AT)]]).state;
    expect(
      signUpCancellationsOnConsentWithdrawn(
        [there, completed, draft, activityDecider.initialState()],
        courier("alice"),
      ),
    ).toEqual([]);
  });

  it("cancels each sign-up once: run through the decider, nothing is left to list", () => {
    let state = published("alice").state;
    for (const command of signUpCancellationsOnConsentWithdrawn([state], courier("alice"))) {
      state = withEvents(state, acceptedEvents(decide(command, state, systemWith(BEFORE))));
    }
    expect(signUpCancellationsOnConsentWithdrawn([state], courier("alice"))).toEqual([]);
  });
});
