import { Either } from "effect";
import { describe, expect, it } from "vitest";
import { commandPermissions } from "../../access/permissions.js";
import type { Decision } from "../../kernel/decider.js";
import type { DomainErrorShape } from "../../kernel/errors.js";
import { toGcj02 } from "../../kernel/geo.js";
import { addMillis, HOUR, type Instant, MINUTE } from "../../kernel/time.js";
import { CommunityPolicy, jinshanPolicy } from "../../policy/schema.js";
import {
  at,
  CHECKPOINTS,
  checkIn,
  checkpointId,
  courier,
  factsOf,
  MORNING,
  near,
  patrolContext,
  patrolOf,
  ROUTE,
  routeFacts,
  STAFF,
} from "../testing/fixtures.js";
import { patrolDayOf } from "../values.js";
import { type CheckInAtCheckpoint, patrolCommandTypes } from "./commands.js";
import type { PatrolDecisionContext } from "./decide.js";
import type { PatrolEvent } from "./events.js";
import { patrolDecider } from "./index.js";
import type { PatrolState } from "./state.js";
import { patrolProgress } from "./views.js";

const { decide, evolve, initialState } = patrolDecider;

const accepted = (decision: Decision<PatrolEvent, DomainErrorShape>) => {
  if (Either.isLeft(decision))
    throw new Error(`refused: ${decision.left.code} ${decision.left.text.en}`);
  return decision.right;
};

const refused = (decision: Decision<PatrolEvent, DomainErrorShape>, code: string) => {
  expect(Either.isLeft(decision)).toBe(true);
  expect(Either.getOrUndefined(decision)).toBeUndefined();
  if (Either.isRight(decision)) return undefined;
  expect(decision.left.code).toBe(code);
  expect(decision.left.text["zh-CN"].length).toBeGreaterThan(0);
  expect(decision.left.text.en.length).toBeGreaterThan(0);
  return decision.left;
};

/** Alice's check-ins at these checkpoints at these times, accepted in order. */
const visited = (
  visits: ReadonlyArray<readonly [index: number, now: Instant]>,
  policy: CommunityPolicy = jinshanPolicy(),
): PatrolState => {
  let state = initialState();
  for (const [index, now] of visits) {
    state = accepted(
      decide(checkIn("alice", now, index), state, patrolContext("alice", now, {}, policy)),
    ).reduce(evolve, state);
  }
  return state;
};

describe("checking in at a checkpoint", () => {
  it("starts the patrol with the first check-in inside the radius", () => {
    const events = accepted(
      decide(
        checkIn("alice", MORNING, 0, near(0, 30)),
        initialState(),
        patrolContext("alice", MORNING),
      ),
    );
    const patrolId = patrolOf("alice", MORNING);
    expect(events).toEqual([
      {
        type: "PatrolStarted",
        data: {
          patrolId,
          routeId: ROUTE,
          courierId: courier("alice"),
          day: "2026-12-05",
          startedAt: MORNING,
        },
      },
      {
        type: "CheckpointVisited",
        data: {
          patrolId,
          routeId: ROUTE,
          courierId: courier("alice"),
          checkpointId: checkpointId(0),
          distanceMetres: 30,
          routeRevision: 1,
          visitedAt: MORNING,
        },
      },
    ]);
  });

  it("refuses a position outside the radius, saying how far it is", () => {
    const error = refused(
      decide(
        checkIn("alice", MORNING, 0, near(0, 80)),
        initialState(),
        patrolContext("alice", MORNING),
      ),
      "patrol.outside_checkpoint_radius",
    );
    expect(error?.text.en).toContain("80 m");
  });

  it("accepts a phone's GCJ-02 position at a checkpoint given in WGS-84", () => {
    const position = toGcj02(near(1));
    // The raw coordinates differ by hundreds of metres; the same place is within the radius.
    expect(Math.abs(position.longitude - near(1).longitude)).toBeGreaterThan(0.003);
    accepted(
      decide(
        checkIn("alice", MORNING, 1, position),
        initialState(),
        patrolContext("alice", MORNING),
      ),
    );
    const wrongDatum = { ...position, datum: "WGS-84" as const };
    refused(
      decide(
        checkIn("alice", MORNING, 1, wrongDatum),
        initialState(),
        patrolContext("alice", MORNING),
      ),
      "patrol.outside_checkpoint_radius",
    );
  });

  it("refuses a checkpoint that is not on the route", () => {
    const command: CheckInAtCheckpoint = {
      ...checkIn("alice", MORNING, 0),
      data: { ...checkIn("alice", MORNING, 0).data, checkpointId: "ferry" as never },
    };
    refused(
      decide(command, initialState(), patrolContext("alice", MORNING)),
      "patrol.unknown_checkpoint",
    );
  });

  it("accepts a checkpoint once per interval", () => {
    const interval = jinshanPolicy().activities.patrolCheckInIntervalMinutes * MINUTE;
    const state = visited([[0, MORNING]]);
    const soon = addMillis(MORNING, interval - MINUTE);
    const error = refused(
      decide(checkIn("alice", soon, 0), state, patrolContext("alice", soon)),
      "patrol.checkpoint_visited_recently",
    );
    expect(error?.text.en).toContain(addMillis(MORNING, interval));
    const later = addMillis(MORNING, interval);
    const events = accepted(
      decide(checkIn("alice", later, 0), state, patrolContext("alice", later)),
    );
    expect(events.map((event) => event.type)).toEqual(["CheckpointVisited"]);
  });

  it("takes other checkpoints at once", () => {
    const state = visited([[0, MORNING]]);
    const next = addMillis(MORNING, 5 * MINUTE);
    accepted(decide(checkIn("alice", next, 1), state, patrolContext("alice", next)));
  });

  it("refuses a courier checking in for another", () => {
    refused(
      decide(
        checkIn("bob", MORNING, 0),
        initialState(),
        patrolContext("alice", MORNING, { courier: factsOf("bob") }),
      ),
      "patrol.not_your_patrol",
    );
  });

  it("refuses a courier who is not active, or unknown", () => {
    refused(
      decide(
        checkIn("alice", MORNING, 0),
        initialState(),
        patrolContext("alice", MORNING, { courier: factsOf("alice", { status: "suspended" }) }),
      ),
      "patrol.courier_not_active",
    );
    const { courier: _unknown, ...withoutCourier } = patrolContext("alice", MORNING);
    refused(
      decide(checkIn("alice", MORNING, 0), initialState(), withoutCourier as PatrolDecisionContext),
      "patrol.courier_unknown",
    );
  });

  it("keeps patrols for the volunteer team when the policy says so", () => {
    const teamOnly = CommunityPolicy.parse({ activities: { patrolRequiresTeamMembership: true } });
    refused(
      decide(
        checkIn("alice", MORNING, 0),
        initialState(),
        patrolContext("alice", MORNING, {}, teamOnly),
      ),
      "patrol.volunteer_team_only",
    );
    accepted(
      decide(
        checkIn("alice", MORNING, 0),
        initialState(),
        patrolContext(
          "alice",
          MORNING,
          { courier: factsOf("alice", { volunteerTeamMember: true }) },
          teamOnly,
        ),
      ),
    );
  });

  it("refuses a suspended, retired or unknown route", () => {
    for (const status of ["suspended", "retired"] as const) {
      refused(
        decide(
          checkIn("alice", MORNING, 0),
          initialState(),
          patrolContext("alice", MORNING, { route: routeFacts({ status }) }),
        ),
        "patrol.route_closed",
      );
    }
    refused(
      decide(
        checkIn("alice", MORNING, 0),
        initialState(),
        patrolContext("alice", MORNING, { route: routeFacts({ routeId: "other" as never }) }),
      ),
      "patrol.route_unknown",
    );
  });

  it("refuses a patrol id of another day, courier or route", () => {
    const yesterday = at("2026-12-04 21:00");
    const stale: CheckInAtCheckpoint = {
      ...checkIn("alice", MORNING, 0),
      data: { ...checkIn("alice", MORNING, 0).data, patrolId: patrolOf("alice", yesterday) },
    };
    const error = refused(
      decide(stale, initialState(), patrolContext("alice", MORNING)),
      "patrol.id_mismatch",
    );
    expect(error?.text.en).toContain(patrolOf("alice", MORNING));
  });

  it("guards against another courier's patrol under the same id", () => {
    const alices = visited([[0, MORNING]]);
    const bobs: CheckInAtCheckpoint = {
      ...checkIn("bob", MORNING, 1),
      data: { ...checkIn("bob", MORNING, 1).data },
    };
    // Bob's command routed (wrongly) to Alice's patrol: his id is right, the state is not his.
    refused(decide(bobs, alices, patrolContext("bob", MORNING)), "patrol.id_mismatch");
  });

  it("belongs to the local day in the community's time zone", () => {
    // 16:30 UTC on the 4th is 00:30 on the 5th in Shanghai.
    const night = at("2026-12-05 00:30");
    expect(patrolDayOf(night, "Asia/Shanghai")).toBe("2026-12-05");
    expect(patrolDayOf(night, "UTC")).toBe("2026-12-04");
    expect(patrolOf("alice", night)).toBe(patrolOf("alice", MORNING));
  });
});

describe("completing a patrol", () => {
  it("completes once every checkpoint is visited, naming them", () => {
    const state = visited([
      [0, MORNING],
      [1, addMillis(MORNING, HOUR)],
    ]);
    const now = addMillis(MORNING, 2 * HOUR);
    const events = accepted(decide(checkIn("alice", now, 2), state, patrolContext("alice", now)));
    expect(events.at(-1)).toEqual({
      type: "PatrolCompleted",
      data: {
        routeId: ROUTE,
        patrolId: patrolOf("alice", MORNING),
        courierId: courier("alice"),
        day: "2026-12-05",
        checkpointsVisited: CHECKPOINTS.map((checkpoint) => checkpoint.checkpointId),
        completedAt: now,
      },
    });
    const completed = events.reduce(evolve, state);
    expect(patrolProgress(completed, routeFacts())).toMatchObject({
      status: "completed",
      remaining: [],
    });
  });

  it("does not complete before the required number is reached", () => {
    const state = visited([[0, MORNING]]);
    const now = addMillis(MORNING, HOUR);
    const events = accepted(decide(checkIn("alice", now, 1), state, patrolContext("alice", now)));
    expect(events.map((event) => event.type)).toEqual(["CheckpointVisited"]);
    expect(patrolProgress(events.reduce(evolve, state), routeFacts())).toMatchObject({
      status: "in-progress",
      remaining: [checkpointId(2)],
    });
  });

  it("completes with the route's required number of checkpoints", () => {
    const state = visited([[0, MORNING]]);
    const now = addMillis(MORNING, HOUR);
    const events = accepted(
      decide(
        checkIn("alice", now, 2),
        state,
        patrolContext("alice", now, { route: routeFacts({ requiredCheckpoints: 2 }) }),
      ),
    );
    expect(events.at(-1)?.type).toBe("PatrolCompleted");
  });

  it("counts only the visits within the policy's window", () => {
    const policy = CommunityPolicy.parse({ activities: { patrolWindowMinutes: 90 } });
    const state = visited(
      [
        [0, MORNING],
        [1, addMillis(MORNING, 60 * MINUTE)],
      ],
      policy,
    );
    const late = addMillis(MORNING, 100 * MINUTE);
    const stale = accepted(
      decide(checkIn("alice", late, 2), state, patrolContext("alice", late, {}, policy)),
    );
    expect(stale.map((event) => event.type)).toEqual(["CheckpointVisited"]);
    const inTime = addMillis(MORNING, 85 * MINUTE);
    const fresh = accepted(
      decide(checkIn("alice", inTime, 2), state, patrolContext("alice", inTime, {}, policy)),
    );
    expect(fresh.at(-1)?.type).toBe("PatrolCompleted");
  });

  it("counts only checkpoints still on a revised route", () => {
    const state = visited([
      [0, MORNING],
      [1, addMillis(MORNING, HOUR)],
    ]);
    const revised = routeFacts({
      revision: 2,
      checkpoints: [CHECKPOINTS[1]!, CHECKPOINTS[2]!],
      requiredCheckpoints: 2,
    });
    const now = addMillis(MORNING, 2 * HOUR);
    const events = accepted(
      decide(checkIn("alice", now, 2), state, patrolContext("alice", now, { route: revised })),
    );
    expect(events.at(-1)).toMatchObject({
      type: "PatrolCompleted",
      data: { checkpointsVisited: [checkpointId(1), checkpointId(2)] },
    });
    expect(events[0]).toMatchObject({ type: "CheckpointVisited", data: { routeRevision: 2 } });
  });

  it("still records visits after completion but never completes twice", () => {
    const state = visited([
      [0, MORNING],
      [1, addMillis(MORNING, 10 * MINUTE)],
      [2, addMillis(MORNING, 20 * MINUTE)],
    ]);
    expect(state.status).toBe("completed");
    const later = addMillis(MORNING, 5 * HOUR);
    const events = accepted(
      decide(checkIn("alice", later, 0), state, patrolContext("alice", later)),
    );
    expect(events.map((event) => event.type)).toEqual(["CheckpointVisited"]);
    refused(
      decide(
        checkIn("alice", addMillis(later, MINUTE), 0),
        events.reduce(evolve, state),
        patrolContext("alice", addMillis(later, MINUTE)),
      ),
      "patrol.checkpoint_visited_recently",
    );
  });
});

it("lets only couriers check in", () => {
  for (const type of patrolCommandTypes) expect(commandPermissions[type]).toEqual(["courier"]);
  expect(STAFF.role).toBe("staff");
});
