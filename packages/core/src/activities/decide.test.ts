import { Either } from "effect";
import { describe, expect, it } from "vitest";
import { commandPermissions } from "../access/permissions.js";
import { handleCommand, newAggregateRecord } from "../kernel/command-handling.js";
import { CommandId, sequentialIds } from "../kernel/ids.js";
import { addMillis, Instant, MINUTE, manualClock } from "../kernel/time.js";
import { parseInput } from "../kernel/validation.js";
import { CommunityPolicy, jinshanPolicy } from "../policy/schema.js";
import {
  type ActivityCommand,
  activityCommandTypes,
  CheckInToActivity,
  couriersConcernedBy,
  PlanActivity,
} from "./commands.js";
import type { ParticipantsRefused } from "./errors.js";
import type { ActivityEvent } from "./events.js";
import { activityDecider } from "./index.js";
import { type ActivityState, participationOf, placesTaken } from "./state.js";
import {
  ACTIVITY,
  acceptedEvents,
  at,
  COMMUNITY,
  commands,
  contextWith,
  courier,
  courierActor,
  detailsWith,
  ENDS_AT,
  expectRefused,
  factsOf,
  given,
  PLANNED_AT,
  STAFF,
  STARTS_AT,
  STATION,
} from "./testing/fixtures.js";
import { activityPublicView, activitySummary, courierParticipationView } from "./views.js";

const { decide } = activityDecider;
const staffAt = (now: Instant) => contextWith({ now });
const courierAt = (id: string, now: Instant) => contextWith({ now, actor: courierActor(id) });
const DURING = at("2026-12-05 14:30");
const BEFORE = at("2026-12-03 10:00");

const planned = () => given([[commands.plan(), staffAt(PLANNED_AT)]]);
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

describe("planning an activity", () => {
  it("plans a draft with its details", () => {
    const events = acceptedEvents(
      decide(commands.plan(), activityDecider.initialState(), staffAt(PLANNED_AT)),
    );
    expect(events).toEqual([
      {
        type: "ActivityPlanned",
        data: { activityId: ACTIVITY, details: detailsWith(), plannedAt: PLANNED_AT },
      },
    ]);
    const state = withEvents(activityDecider.initialState(), events);
    expect(state.status).toBe("draft");
  });

  it("refuses an id that is already planned", () => {
    expectRefused(
      decide(commands.plan(), planned().state, staffAt(PLANNED_AT)),
      "activity.already_planned",
    );
  });

  it("refuses an activity that has already ended", () => {
    expectRefused(
      decide(commands.plan(), activityDecider.initialState(), staffAt(addMillis(ENDS_AT, 1))),
      "activity.already_over",
    );
  });

  it("refuses a time window in the delivery peak hours", () => {
    const lunch = commands.plan({
      startsAt: at("2026-12-05 12:00"),
      endsAt: at("2026-12-05 14:00"),
    });
    const error = expectRefused(
      decide(lunch, activityDecider.initialState(), staffAt(PLANNED_AT)),
      "activity.in_peak_hours",
    );
    expect(error.text.en).toContain("11:00–13:30");
  });

  it("accepts the peak hours with a staff override and keeps its reason", () => {
    const command: ActivityCommand = {
      type: "PlanActivity",
      data: {
        activityId: ACTIVITY,
        details: detailsWith({ startsAt: at("2026-12-05 17:30"), endsAt: at("2026-12-05 18:30") }),
        peakHoursOverride: { reason: "雨天订单少，站长确认" },
      },
    };
    const [event] = acceptedEvents(
      decide(command, activityDecider.initialState(), staffAt(PLANNED_AT)),
    );
    expect(event?.type === "ActivityPlanned" && event.data.peakHoursOverride).toEqual({
      reason: "雨天订单少，站长确认",
    });
  });

  it("leaves out the kinds the policy exempts from the peak-hours rule", () => {
    const policy = CommunityPolicy.parse({
      activities: { peakHoursApplyTo: ["volunteering"] },
    });
    const lunch = {
      startsAt: at("2026-12-05 12:00"),
      endsAt: at("2026-12-05 14:00"),
    };
    const context = contextWith({}, policy);
    acceptedEvents(
      decide(
        commands.plan({ ...lunch, kind: "merchant-event" }),
        activityDecider.initialState(),
        context,
      ),
    );
    expectRefused(
      decide(commands.plan(lunch), activityDecider.initialState(), context),
      "activity.in_peak_hours",
    );
  });

  it("parses the command at the edge: hours to two decimals, a window that starts before it ends", () => {
    const body = (details: Record<string, unknown>) => ({
      type: "PlanActivity",
      data: {
        activityId: "a-1",
        details: {
          title: "学习会",
          kind: "learning-session",
          organiser: { kind: "community" },
          stationId: "wanda",
          place: { description: "活动室" },
          startsAt: "2026-12-05T14:00:00+08:00",
          endsAt: "2026-12-05T15:00:00+08:00",
          signUpRequired: false,
          volunteerHours: 1.5,
          ...details,
        },
      },
    });
    const ok = parseInput(PlanActivity, body({ volunteerHours: 0.1 + 0.2 }));
    expect(Either.isRight(ok) && ok.right.data.details.volunteerHours).toBe(0.3);
    const threeDecimals = parseInput(PlanActivity, body({ volunteerHours: 1.255 }));
    expect(Either.isLeft(threeDecimals) && threeDecimals.left.issues[0]?.message.en).toContain(
      "two decimals",
    );
    const backwards = parseInput(PlanActivity, body({ endsAt: "2026-12-05T13:00:00+08:00" }));
    expect(Either.isLeft(backwards) && backwards.left.issues[0]?.message["zh-CN"]).toContain(
      "开始时间须早于结束时间",
    );
    const unknownField = parseInput(PlanActivity, body({ secret: 1 }));
    expect(Either.isLeft(unknownField)).toBe(true);
  });
});

describe("updating details", () => {
  it("changes a published activity and tells those signed up", () => {
    const { state } = published("alice");
    const command: ActivityCommand = {
      type: "UpdateActivityDetails",
      data: { activityId: ACTIVITY, changes: { title: "护河志愿行动（改期）", capacity: 5 } },
    };
    const [event] = acceptedEvents(decide(command, state, staffAt(BEFORE)));
    expect(event?.type).toBe("ActivityDetailsUpdated");
    if (event?.type !== "ActivityDetailsUpdated") return;
    expect(event.data.changed).toEqual(["title", "capacity"]);
    expect(event.data.notify).toEqual([courier("alice")]);
    expect(withEvents(state, [event]).status === "published").toBe(true);
    const after = withEvents(state, [event]);
    expect("details" in after && after.details.capacity).toBe(5);
  });

  it("produces nothing when nothing changes", () => {
    const command: ActivityCommand = {
      type: "UpdateActivityDetails",
      data: { activityId: ACTIVITY, changes: { title: "护河志愿行动" } },
    };
    expect(acceptedEvents(decide(command, planned().state, staffAt(PLANNED_AT)))).toEqual([]);
  });

  it("refuses once the activity has started", () => {
    const command: ActivityCommand = {
      type: "UpdateActivityDetails",
      data: { activityId: ACTIVITY, changes: { title: "新标题" } },
    };
    expectRefused(
      decide(command, started().state, staffAt(DURING)),
      "activity.transition_not_allowed",
    );
  });

  it("changes the kind of a draft but not of a published activity", () => {
    const command: ActivityCommand = {
      type: "UpdateActivityDetails",
      data: { activityId: ACTIVITY, changes: { kind: "learning-session" } },
    };
    acceptedEvents(decide(command, planned().state, staffAt(PLANNED_AT)));
    const error = expectRefused(
      decide(command, published().state, staffAt(PLANNED_AT)),
      "activity.field_locked",
    );
    expect(error.text.en).toContain("kind");
  });

  it("keeps the capacity at or above the places taken", () => {
    const { state } = published("alice", "bob");
    const to = (capacity: number): ActivityCommand => ({
      type: "UpdateActivityDetails",
      data: { activityId: ACTIVITY, changes: { capacity } },
    });
    acceptedEvents(decide(to(2), state, staffAt(BEFORE)));
    expectRefused(decide(to(1), state, staffAt(BEFORE)), "activity.capacity_below_places_taken");
  });

  it("refuses a window that ends before it starts or lies in the past", () => {
    const backwards: ActivityCommand = {
      type: "UpdateActivityDetails",
      data: { activityId: ACTIVITY, changes: { endsAt: at("2026-12-05 13:00") } },
    };
    expectRefused(
      decide(backwards, planned().state, staffAt(PLANNED_AT)),
      "activity.invalid_window",
    );
    const moved: ActivityCommand = {
      type: "UpdateActivityDetails",
      data: { activityId: ACTIVITY, changes: { title: "补录" } },
    };
    expectRefused(decide(moved, planned().state, staffAt(ENDS_AT)), "activity.already_over");
  });

  it("needs a new override reason when the time moves into the peak hours", () => {
    const { state } = given([
      [
        {
          type: "PlanActivity",
          data: {
            activityId: ACTIVITY,
            details: detailsWith({
              startsAt: at("2026-12-05 11:30"),
              endsAt: at("2026-12-05 12:30"),
            }),
            peakHoursOverride: { reason: "午间党课" },
          },
        },
        staffAt(PLANNED_AT),
      ],
    ]);
    const retitled: ActivityCommand = {
      type: "UpdateActivityDetails",
      data: { activityId: ACTIVITY, changes: { title: "午间党课" } },
    };
    const [kept] = acceptedEvents(decide(retitled, state, staffAt(PLANNED_AT)));
    expect(kept?.type === "ActivityDetailsUpdated" && kept.data.peakHoursOverride).toEqual({
      reason: "午间党课",
    });
    const moved: ActivityCommand = {
      type: "UpdateActivityDetails",
      data: { activityId: ACTIVITY, changes: { startsAt: at("2026-12-05 11:00") } },
    };
    expectRefused(decide(moved, state, staffAt(PLANNED_AT)), "activity.in_peak_hours");
  });
});

describe("publishing and starting", () => {
  it("publishes a draft", () => {
    const events = acceptedEvents(decide(commands.publish(), planned().state, staffAt(PLANNED_AT)));
    expect(events).toEqual([
      { type: "ActivityPublished", data: { activityId: ACTIVITY, publishedAt: PLANNED_AT } },
    ]);
  });

  it("refuses to publish twice, or after the end", () => {
    expectRefused(
      decide(commands.publish(), published().state, staffAt(PLANNED_AT)),
      "activity.transition_not_allowed",
    );
    expectRefused(
      decide(commands.publish(), planned().state, staffAt(ENDS_AT)),
      "activity.already_over",
    );
  });

  it("refuses to publish into peak hours the policy has added since", () => {
    const policy = CommunityPolicy.parse({
      activities: { peakHours: [{ from: "15:00", to: "16:00" }] },
    });
    expectRefused(
      decide(commands.publish(), planned().state, contextWith({}, policy)),
      "activity.in_peak_hours",
    );
  });

  it("starts within the tolerance before the start, not earlier", () => {
    const { state } = published();
    const tolerance = jinshanPolicy().activities.checkInToleranceMinutes;
    acceptedEvents(
      decide(commands.start(), state, staffAt(addMillis(STARTS_AT, -tolerance * MINUTE))),
    );
    expectRefused(
      decide(commands.start(), state, staffAt(addMillis(STARTS_AT, -(tolerance + 1) * MINUTE))),
      "activity.too_early_to_start",
    );
  });

  it("refuses to start a draft", () => {
    expectRefused(
      decide(commands.start(), planned().state, staffAt(STARTS_AT)),
      "activity.transition_not_allowed",
    );
  });

  it("refuses anything but planning before the activity exists", () => {
    expectRefused(
      decide(commands.publish(), activityDecider.initialState(), staffAt(PLANNED_AT)),
      "activity.not_found",
    );
  });
});

describe("signing up", () => {
  const signUp = (state: ActivityState, id: string, now = BEFORE, couriers = [factsOf(id)]) =>
    decide(commands.signUp(id), state, contextWith({ now, actor: courierActor(id), couriers }));

  it("takes a place for an active volunteer", () => {
    const events = acceptedEvents(signUp(published().state, "alice"));
    expect(events).toEqual([
      {
        type: "ParticipantSignedUp",
        data: { activityId: ACTIVITY, courierId: courier("alice"), signedUpAt: BEFORE },
      },
    ]);
    const state = withEvents(published().state, events);
    expect(participationOf(state as never, courier("alice"))?.status).toBe("signed-up");
  });

  it("refuses a draft", () => {
    expectRefused(signUp(planned().state, "alice"), "activity.transition_not_allowed");
  });

  it("refuses a second sign-up of the same courier", () => {
    expectRefused(signUp(published("alice").state, "alice"), "activity.already_participating");
  });

  it("accepts a new sign-up after a cancelled one", () => {
    const { state } = given([
      [commands.plan(), staffAt(PLANNED_AT)],
      [commands.publish(), staffAt(PLANNED_AT)],
      [commands.signUp("alice"), courierAt("alice", BEFORE)],
      [commands.cancelSignUp("alice"), courierAt("alice", BEFORE)],
    ]);
    acceptedEvents(signUp(state, "alice"));
  });

  it("refuses when every place is taken", () => {
    const error = expectRefused(
      signUp(published("alice", "bob", "carol").state, "dave"),
      "activity.full",
    );
    expect(error.text.en).toContain("3");
  });

  it("refuses a courier who is not active", () => {
    expectRefused(
      signUp(published().state, "alice", BEFORE, [factsOf("alice", { status: "suspended" })]),
      "activity.courier_not_active",
    );
  });

  it("keeps volunteering for the volunteer team when the policy says so", () => {
    const outsider = [factsOf("alice", { volunteerTeamMember: false })];
    expectRefused(
      signUp(published().state, "alice", BEFORE, outsider),
      "activity.volunteer_team_only",
    );
    const open = CommunityPolicy.parse({
      activities: { volunteeringRequiresTeamMembership: false },
    });
    acceptedEvents(
      decide(
        commands.signUp("alice"),
        published().state,
        contextWith({ now: BEFORE, actor: courierActor("alice"), couriers: outsider }, open),
      ),
    );
  });

  it("lets anyone active sign up for kinds other than volunteering", () => {
    const { state } = given([
      [commands.plan({ kind: "learning-session" }), staffAt(PLANNED_AT)],
      [commands.publish(), staffAt(PLANNED_AT)],
    ]);
    acceptedEvents(
      signUp(state, "alice", BEFORE, [factsOf("alice", { volunteerTeamMember: false })]),
    );
  });

  it("refuses a courier whose sign-ups are paused, until the pause ends", () => {
    const until = at("2026-12-04 00:00");
    const paused = [factsOf("alice", { signUpsPausedUntil: until })];
    expectRefused(signUp(published().state, "alice", BEFORE, paused), "activity.sign_ups_paused");
    acceptedEvents(signUp(published().state, "alice", until, paused));
  });

  it("refuses a courier the service has no facts about", () => {
    expectRefused(signUp(published().state, "alice", BEFORE, []), "activity.courier_unknown");
  });

  it("refuses a courier signing up someone else, but lets staff do it", () => {
    expectRefused(
      decide(
        commands.signUp("bob"),
        published().state,
        contextWith({ now: BEFORE, actor: courierActor("alice") }),
      ),
      "activity.not_your_participation",
    );
    acceptedEvents(decide(commands.signUp("bob"), published().state, staffAt(BEFORE)));
  });

  it("refuses when the activity needs no sign-up", () => {
    const { state } = given([
      [commands.plan({ signUpRequired: false }), staffAt(PLANNED_AT)],
      [commands.publish(), staffAt(PLANNED_AT)],
    ]);
    expectRefused(signUp(state, "alice"), "activity.sign_up_not_needed");
  });

  it("accepts sign-ups while the activity runs and refuses them after its end", () => {
    const { state } = started();
    acceptedEvents(signUp(state, "alice", DURING));
    expectRefused(signUp(state, "alice", ENDS_AT), "activity.sign_up_closed");
  });
});

describe("cancelling a sign-up", () => {
  it("lets a courier cancel their own before the cutoff, with an optional reason", () => {
    const command: ActivityCommand = {
      type: "CancelSignUp",
      data: { activityId: ACTIVITY, courierId: courier("alice"), reason: "临时加班" },
    };
    const [event] = acceptedEvents(
      decide(command, published("alice").state, courierAt("alice", BEFORE)),
    );
    expect(event).toEqual({
      type: "SignUpCancelled",
      data: {
        activityId: ACTIVITY,
        courierId: courier("alice"),
        byStaff: false,
        reason: "临时加班",
        cancelledAt: BEFORE,
      },
    });
  });

  it("refuses a courier's own cancellation after the cutoff; staff still may", () => {
    const policy = CommunityPolicy.parse({ activities: { signUpCancellationCutoffMinutes: 120 } });
    const late = at("2026-12-05 12:30");
    const { state } = published("alice");
    const error = expectRefused(
      decide(
        commands.cancelSignUp("alice"),
        state,
        contextWith({ now: late, actor: courierActor("alice") }, policy),
      ),
      "activity.cancellation_closed",
    );
    expect(error.text.en).toContain("2026-12-05T04:00:00.000Z");
    const [event] = acceptedEvents(
      decide(commands.cancelSignUp("alice"), state, contextWith({ now: late }, policy)),
    );
    expect(event?.type === "SignUpCancelled" && event.data.byStaff).toBe(true);
  });

  it("refuses a courier who has not signed up", () => {
    expectRefused(
      decide(commands.cancelSignUp("bob"), published("alice").state, courierAt("bob", BEFORE)),
      "activity.not_signed_up",
    );
  });

  it("refuses a courier cancelling someone else's sign-up", () => {
    expectRefused(
      decide(commands.cancelSignUp("alice"), published("alice").state, courierAt("bob", BEFORE)),
      "activity.not_your_participation",
    );
  });

  it("frees the place", () => {
    const full = published("alice", "bob", "carol");
    const [event] = acceptedEvents(
      decide(commands.cancelSignUp("alice"), full.state, courierAt("alice", BEFORE)),
    );
    const state = withEvents(full.state, event ? [event] : []);
    acceptedEvents(decide(commands.signUp("dave"), state, courierAt("dave", BEFORE)));
  });
});

describe("checking in with the station's code", () => {
  it("checks in a signed-up courier with the current code", () => {
    const [event] = acceptedEvents(
      decide(commands.checkIn("alice"), started("alice").state, courierAt("alice", DURING)),
    );
    expect(event).toEqual({
      type: "ParticipantCheckedIn",
      data: {
        activityId: ACTIVITY,
        courierId: courier("alice"),
        withoutSignUp: false,
        checkedInAt: DURING,
      },
    });
  });

  it("reads codes without regard to case or spaces", () => {
    const { state } = given([
      [commands.plan(), staffAt(PLANNED_AT)],
      [commands.publish(), staffAt(PLANNED_AT)],
      [commands.signUp("alice"), courierAt("alice", BEFORE)],
      [
        { type: "StartActivity", data: { activityId: ACTIVITY, checkInCode: "AbC123" } },
        staffAt(STARTS_AT),
      ],
    ]);
    const typed = CheckInToActivity.parse({
      type: "CheckInToActivity",
      data: { activityId: ACTIVITY, courierId: "alice", code: " abc123 " },
    });
    acceptedEvents(decide(typed, state, courierAt("alice", DURING)));
  });

  it("refuses a wrong code", () => {
    expectRefused(
      decide(commands.checkIn("alice", "9999"), started("alice").state, courierAt("alice", DURING)),
      "activity.wrong_check_in_code",
    );
  });

  it("accepts within the tolerance around the window and refuses outside it", () => {
    const { state } = started("alice");
    const tolerance = jinshanPolicy().activities.checkInToleranceMinutes * MINUTE;
    acceptedEvents(
      decide(
        commands.checkIn("alice"),
        state,
        courierAt("alice", addMillis(STARTS_AT, -tolerance)),
      ),
    );
    acceptedEvents(
      decide(commands.checkIn("alice"), state, courierAt("alice", addMillis(ENDS_AT, tolerance))),
    );
    expectRefused(
      decide(
        commands.checkIn("alice"),
        state,
        courierAt("alice", addMillis(ENDS_AT, tolerance + 1)),
      ),
      "activity.outside_check_in_window",
    );
    expectRefused(
      decide(
        commands.checkIn("alice"),
        state,
        courierAt("alice", addMillis(STARTS_AT, -tolerance - 1)),
      ),
      "activity.outside_check_in_window",
    );
  });

  it("refuses before the activity is started", () => {
    expectRefused(
      decide(commands.checkIn("alice"), published("alice").state, courierAt("alice", DURING)),
      "activity.transition_not_allowed",
    );
  });

  it("refuses a courier without a sign-up when sign-up is required", () => {
    expectRefused(
      decide(commands.checkIn("bob"), started("alice").state, courierAt("bob", DURING)),
      "activity.not_signed_up",
    );
  });

  it("refuses a second check-in", () => {
    const { state, events } = started("alice");
    const checkedIn = withEvents(
      state,
      acceptedEvents(decide(commands.checkIn("alice"), state, courierAt("alice", DURING))),
    );
    expect(events.length).toBeGreaterThan(0);
    expectRefused(
      decide(commands.checkIn("alice"), checkedIn, courierAt("alice", DURING)),
      "activity.already_participating",
    );
  });

  it("refuses a courier who is no longer active", () => {
    expectRefused(
      decide(
        commands.checkIn("alice"),
        started("alice").state,
        contextWith({
          now: DURING,
          actor: courierActor("alice"),
          couriers: [factsOf("alice", { status: "left" })],
        }),
      ),
      "activity.courier_not_active",
    );
  });

  it("takes a place at check-in when no sign-up is needed, up to the capacity", () => {
    const open = given([
      [commands.plan({ signUpRequired: false, capacity: 1 }), staffAt(PLANNED_AT)],
      [commands.publish(), staffAt(PLANNED_AT)],
      [commands.start(), staffAt(STARTS_AT)],
    ]);
    const [event] = acceptedEvents(
      decide(commands.checkIn("alice"), open.state, courierAt("alice", DURING)),
    );
    expect(event?.type === "ParticipantCheckedIn" && event.data.withoutSignUp).toBe(true);
    const state = withEvents(open.state, event ? [event] : []);
    expectRefused(
      decide(commands.checkIn("bob"), state, courierAt("bob", DURING)),
      "activity.full",
    );
  });

  it("accepts the previous code during the grace after a rotation, not after", () => {
    const { state } = started("alice", "bob");
    const rotate: ActivityCommand = {
      type: "RotateCheckInCode",
      data: { activityId: ACTIVITY, checkInCode: "7730" },
    };
    const rotatedAt = at("2026-12-05 14:10");
    const rotated = withEvents(state, acceptedEvents(decide(rotate, state, staffAt(rotatedAt))));
    const grace = jinshanPolicy().activities.checkInCodeGraceMinutes * MINUTE;
    acceptedEvents(
      decide(
        commands.checkIn("alice", "4821"),
        rotated,
        courierAt("alice", addMillis(rotatedAt, grace)),
      ),
    );
    acceptedEvents(decide(commands.checkIn("alice", "7730"), rotated, courierAt("alice", DURING)));
    expectRefused(
      decide(
        commands.checkIn("bob", "4821"),
        rotated,
        courierAt("bob", addMillis(rotatedAt, grace + 1)),
      ),
      "activity.wrong_check_in_code",
    );
  });

  it("refuses a rotation to the same code, or of an activity not started", () => {
    const same: ActivityCommand = {
      type: "RotateCheckInCode",
      data: { activityId: ACTIVITY, checkInCode: "4821" },
    };
    expectRefused(
      decide(same, started().state, staffAt(DURING)),
      "activity.check_in_code_unchanged",
    );
    expectRefused(
      decide(same, published().state, staffAt(DURING)),
      "activity.transition_not_allowed",
    );
  });
});

describe("checking out", () => {
  const checkedIn = () => {
    const { state } = started("alice", "bob");
    return withEvents(
      state,
      acceptedEvents(decide(commands.checkIn("alice"), state, courierAt("alice", DURING))),
    );
  };

  it("checks out a courier who is there", () => {
    const events = acceptedEvents(
      decide(commands.checkOut("alice"), checkedIn(), courierAt("alice", ENDS_AT)),
    );
    expect(events).toEqual([
      {
        type: "ParticipantCheckedOut",
        data: { activityId: ACTIVITY, courierId: courier("alice"), checkedOutAt: ENDS_AT },
      },
    ]);
    const state = withEvents(checkedIn(), events);
    expect(courierParticipationView(state, courier("alice"))?.checkedOut).toBe(true);
    expectRefused(
      decide(commands.checkOut("alice"), state, courierAt("alice", ENDS_AT)),
      "activity.already_checked_out",
    );
  });

  it("refuses a courier who has not checked in", () => {
    expectRefused(
      decide(commands.checkOut("bob"), checkedIn(), courierAt("bob", ENDS_AT)),
      "activity.not_there",
    );
  });
});

describe("walk-ins, attendance and no-shows recorded by staff", () => {
  it("records walk-ins beyond the capacity and skips couriers already there", () => {
    const { state } = started("alice", "bob", "carol");
    const checkedIn = withEvents(
      state,
      acceptedEvents(decide(commands.checkIn("alice"), state, courierAt("alice", DURING))),
    );
    const events = acceptedEvents(
      decide(commands.walkIns("dave", "erin"), checkedIn, staffAt(DURING)),
    );
    expect(events.map((event) => event.type)).toEqual(["WalkInRecorded", "WalkInRecorded"]);
    const after = withEvents(checkedIn, events);
    expect(placesTaken(after as never)).toBe(5);
    expect(acceptedEvents(decide(commands.walkIns("dave"), after, staffAt(DURING)))).toEqual([]);
  });

  it("refuses the whole list, naming every courier refused and why", () => {
    const { state } = started("alice");
    const error = expectRefused(
      decide(
        commands.walkIns("alice", "bob", "zed"),
        state,
        contextWith({
          now: DURING,
          couriers: [factsOf("alice"), factsOf("bob", { status: "suspended" })],
        }),
      ),
      "activity.bulk_refused",
    ) as ParticipantsRefused;
    expect(error.problems.map((problem) => [problem.courierId, problem.code])).toEqual([
      ["alice", "activity.already_participating"],
      ["bob", "activity.courier_not_active"],
      ["zed", "activity.courier_unknown"],
    ]);
    for (const problem of error.problems) {
      expect(problem.text["zh-CN"].length).toBeGreaterThan(0);
      expect(problem.text.en.length).toBeGreaterThan(0);
    }
  });

  it("confirms the attendance of signed-up couriers", () => {
    const events = acceptedEvents(
      decide(commands.confirm("alice", "bob"), started("alice", "bob").state, staffAt(DURING)),
    );
    expect(events).toEqual([
      {
        type: "AttendanceConfirmed",
        data: { activityId: ACTIVITY, courierId: courier("alice"), confirmedAt: DURING },
      },
      {
        type: "AttendanceConfirmed",
        data: { activityId: ACTIVITY, courierId: courier("bob"), confirmedAt: DURING },
      },
    ]);
  });

  it("refuses to confirm a courier who did not sign up", () => {
    const error = expectRefused(
      decide(commands.confirm("alice", "carol"), started("alice").state, staffAt(DURING)),
      "activity.bulk_refused",
    ) as ParticipantsRefused;
    expect(error.problems.map((problem) => problem.code)).toEqual(["activity.not_signed_up"]);
  });

  it("refuses bulk commands before the activity starts", () => {
    for (const command of [
      commands.walkIns("dave"),
      commands.confirm("alice"),
      commands.noShows("alice"),
    ]) {
      expectRefused(
        decide(command, published("alice").state, staffAt(DURING)),
        "activity.transition_not_allowed",
      );
    }
  });

  it("marks no-shows once the activity has begun, not before", () => {
    const { state } = started("alice", "bob");
    const events = acceptedEvents(decide(commands.noShows("alice"), state, staffAt(DURING)));
    expect(events).toEqual([
      {
        type: "ParticipationMarkedNoShow",
        data: { activityId: ACTIVITY, courierId: courier("alice"), markedAt: DURING },
      },
    ]);
    expectRefused(
      decide(commands.noShows("alice"), state, staffAt(at("2026-12-05 13:55"))),
      "activity.no_show_too_early",
    );
  });

  it("refuses to mark a courier who is there as a no-show", () => {
    const { state } = started("alice");
    const there = withEvents(
      state,
      acceptedEvents(decide(commands.checkIn("alice"), state, courierAt("alice", DURING))),
    );
    const error = expectRefused(
      decide(commands.noShows("alice"), there, staffAt(DURING)),
      "activity.bulk_refused",
    ) as ParticipantsRefused;
    expect(error.problems[0]?.code).toBe("activity.already_participating");
  });
});

describe("completing", () => {
  const attendedByAll = () => {
    const { state } = started("alice", "bob", "carol");
    const steps: ActivityCommand[] = [commands.checkIn("alice")];
    let current = state;
    for (const command of steps) {
      current = withEvents(
        current,
        acceptedEvents(decide(command, current, courierAt("alice", DURING))),
      );
    }
    current = withEvents(
      current,
      acceptedEvents(decide(commands.confirm("bob"), current, staffAt(DURING))),
    );
    current = withEvents(
      current,
      acceptedEvents(decide(commands.walkIns("dave"), current, staffAt(DURING))),
    );
    return current;
  };

  it("confirms each participation with its hours and marks the rest no-shows", () => {
    const command: ActivityCommand = {
      type: "CompleteActivity",
      data: {
        activityId: ACTIVITY,
        hoursAdjustments: [{ courierId: courier("dave"), hours: 0.75 }],
      },
    };
    const events = acceptedEvents(decide(command, attendedByAll(), staffAt(ENDS_AT)));
    const confirmation = (id: string, hours: number, attendance: string) => ({
      type: "ParticipationConfirmed",
      data: {
        activityId: ACTIVITY,
        courierId: courier(id),
        activityKind: "volunteering",
        stationId: STATION,
        hours,
        attendance,
        confirmedAt: ENDS_AT,
      },
    });
    expect(events).toEqual([
      confirmation("alice", 2, "check-in"),
      confirmation("bob", 2, "staff-confirmation"),
      confirmation("dave", 0.75, "walk-in"),
      {
        type: "ParticipationMarkedNoShow",
        data: { activityId: ACTIVITY, courierId: courier("carol"), markedAt: ENDS_AT },
      },
      {
        type: "ActivityCompleted",
        data: {
          activityId: ACTIVITY,
          activityKind: "volunteering",
          stationId: STATION,
          confirmed: 3,
          noShows: 1,
          totalHours: 4.75,
          completedAt: ENDS_AT,
        },
      },
    ]);
    const state = withEvents(attendedByAll(), events);
    expect(activitySummary(state)).toMatchObject({
      status: "completed",
      confirmed: 3,
      attended: 3,
      walkIns: 1,
      noShows: 1,
      confirmedHours: 4.75,
    });
  });

  it("carries the activity's own points", () => {
    const { state } = given([
      [commands.plan({ pointsOverride: 15 }), staffAt(PLANNED_AT)],
      [commands.publish(), staffAt(PLANNED_AT)],
      [commands.start(), staffAt(STARTS_AT)],
      [commands.walkIns("alice"), staffAt(DURING)],
    ]);
    const [confirmation] = acceptedEvents(decide(commands.complete(), state, staffAt(ENDS_AT)));
    expect(
      confirmation?.type === "ParticipationConfirmed" && confirmation.data.pointsOverride,
    ).toBe(15);
  });

  it("credits hours to two decimals even when a command skipped the schema", () => {
    const unparsed: ActivityCommand = {
      type: "PlanActivity",
      data: { activityId: ACTIVITY, details: { ...detailsWith(), volunteerHours: 1.234 } },
    };
    const { state } = given([
      [unparsed, staffAt(PLANNED_AT)],
      [commands.publish(), staffAt(PLANNED_AT)],
      [commands.start(), staffAt(STARTS_AT)],
      [commands.walkIns("alice"), staffAt(DURING)],
    ]);
    const [confirmation] = acceptedEvents(decide(commands.complete(), state, staffAt(ENDS_AT)));
    expect(confirmation?.type === "ParticipationConfirmed" && confirmation.data.hours).toBe(1.23);
  });

  it("refuses hours adjusted for a courier who was not there", () => {
    const command: ActivityCommand = {
      type: "CompleteActivity",
      data: { activityId: ACTIVITY, hoursAdjustments: [{ courierId: courier("carol"), hours: 1 }] },
    };
    expectRefused(
      decide(command, attendedByAll(), staffAt(ENDS_AT)),
      "activity.adjusted_courier_not_there",
    );
  });

  it("refuses an activity that has not started", () => {
    expectRefused(
      decide(commands.complete(), published().state, staffAt(ENDS_AT)),
      "activity.transition_not_allowed",
    );
  });

  it("accepts nothing once completed", () => {
    const completed = withEvents(
      attendedByAll(),
      acceptedEvents(decide(commands.complete(), attendedByAll(), staffAt(ENDS_AT))),
    );
    expectRefused(
      decide(commands.complete(), completed, staffAt(ENDS_AT)),
      "activity.transition_not_allowed",
    );
    expectRefused(
      decide(commands.cancel(), completed, staffAt(ENDS_AT)),
      "activity.transition_not_allowed",
    );
    expectRefused(
      decide(commands.checkIn("carol"), completed, courierAt("carol", ENDS_AT)),
      "activity.transition_not_allowed",
    );
  });
});

describe("cancelling an activity", () => {
  it("cancels with a reason and tells every courier holding a place", () => {
    const { state } = given([
      [commands.plan(), staffAt(PLANNED_AT)],
      [commands.publish(), staffAt(PLANNED_AT)],
      [commands.signUp("alice"), courierAt("alice", BEFORE)],
      [commands.signUp("bob"), courierAt("bob", BEFORE)],
      [commands.cancelSignUp("bob"), courierAt("bob", BEFORE)],
      [commands.signUp("carol"), courierAt("carol", BEFORE)],
    ]);
    const events = acceptedEvents(decide(commands.cancel("暴雨预警"), state, staffAt(BEFORE)));
    expect(events).toEqual([
      {
        type: "ActivityCancelled",
        data: {
          activityId: ACTIVITY,
          reason: "暴雨预警",
          notify: [courier("alice"), courier("carol")],
          cancelledAt: BEFORE,
        },
      },
    ]);
    const cancelled = withEvents(state, events);
    expect(cancelled.status).toBe("cancelled");
    expectRefused(
      decide(commands.signUp("dave"), cancelled, courierAt("dave", BEFORE)),
      "activity.transition_not_allowed",
    );
    expectRefused(
      decide(commands.cancel(), cancelled, staffAt(BEFORE)),
      "activity.transition_not_allowed",
    );
  });
});

describe("views", () => {
  it("shows couriers the places left but never the check-in code", () => {
    const { state } = started("alice");
    const view = activityPublicView(state);
    expect(view?.placesLeft).toBe(2);
    expect(JSON.stringify(view)).not.toContain("4821");
    expect(activityPublicView(planned().state)).toBeUndefined();
  });
});

describe("permissions and the runner", () => {
  it("lists every activity command in the permission table", () => {
    for (const type of activityCommandTypes) expect(commandPermissions[type]).toBeDefined();
  });

  it("names the couriers whose facts the service looks up", () => {
    expect(couriersConcernedBy(commands.walkIns("alice", "bob"))).toEqual([
      courier("alice"),
      courier("bob"),
    ]);
    expect(couriersConcernedBy(commands.signUp("carol"))).toEqual([courier("carol")]);
    expect(couriersConcernedBy(commands.publish())).toEqual([]);
  });

  it("refuses a courier planning an activity, and replays a duplicate command without change", () => {
    const clock = manualClock(PLANNED_AT);
    const runtime = { clock, ids: sequentialIds("evt"), facts: { policy: jinshanPolicy() } };
    const record = newAggregateRecord(activityDecider, COMMUNITY, ACTIVITY);
    const envelope = {
      commandId: CommandId.parse("cmd-1"),
      community: COMMUNITY,
      actor: STAFF,
      command: commands.plan(),
    };
    const forbidden = handleCommand(
      activityDecider,
      record,
      { ...envelope, actor: courierActor("alice") },
      runtime,
    );
    expect(Either.isLeft(forbidden) && forbidden.left.code).toBe("access.forbidden");
    const first = handleCommand(activityDecider, record, envelope, runtime);
    if (Either.isLeft(first) || first.right.kind !== "applied") throw new Error("not applied");
    const again = handleCommand(activityDecider, first.right.record, envelope, runtime);
    expect(Either.isRight(again) && again.right.kind).toBe("duplicate");
    expect(Either.isRight(again) && again.right.record).toBe(first.right.record);
  });
});

it("uses the policy's own time zone for the peak hours", () => {
  // 12:00–13:00 in Shanghai is 04:00–05:00 UTC; in UTC it is outside the peaks.
  const utc = CommunityPolicy.parse({ general: { timeZone: "UTC" } });
  const window = {
    startsAt: Instant.parse("2026-12-05T04:00:00Z"),
    endsAt: Instant.parse("2026-12-05T05:00:00Z"),
  };
  acceptedEvents(
    decide(commands.plan(window), activityDecider.initialState(), contextWith({}, utc)),
  );
  expectRefused(
    decide(commands.plan(window), activityDecider.initialState(), contextWith()),
    "activity.in_peak_hours",
  );
});
