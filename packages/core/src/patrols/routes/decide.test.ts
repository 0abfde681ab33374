import { Either } from "effect";
import { describe, expect, it } from "vitest";
import { commandPermissions } from "../../access/permissions.js";
import type { Decision } from "../../kernel/decider.js";
import type { DomainErrorShape } from "../../kernel/errors.js";
import { parseInput } from "../../kernel/validation.js";
import {
  CHECKPOINTS,
  COMMUNITY,
  MORNING,
  publishRoute,
  ROUTE,
  STAFF,
  STATION,
} from "../testing/fixtures.js";
import {
  type PatrolRouteCommand,
  PublishPatrolRoute,
  patrolRouteCommandTypes,
} from "./commands.js";
import type { PatrolRouteEvent } from "./events.js";
import { patrolRouteDecider } from "./index.js";
import { type PatrolRouteState, patrolRouteFacts } from "./state.js";

const context = { now: MORNING, actor: STAFF, community: COMMUNITY };
const { decide, evolve, initialState } = patrolRouteDecider;

const run = (commands: ReadonlyArray<PatrolRouteCommand>): PatrolRouteState => {
  let state = initialState();
  for (const command of commands) {
    const decision = decide(command, state, context);
    if (Either.isLeft(decision)) throw new Error(decision.left.text.en);
    state = decision.right.reduce(evolve, state);
  }
  return state;
};

const accepted = (decision: Decision<PatrolRouteEvent, DomainErrorShape>) => {
  if (Either.isLeft(decision)) throw new Error(`refused: ${decision.left.code}`);
  return decision.right;
};

const refused = (decision: Decision<PatrolRouteEvent, DomainErrorShape>, code: string) => {
  expect(Either.isLeft(decision)).toBe(true);
  expect(Either.getOrUndefined(decision)).toBeUndefined();
  if (Either.isRight(decision)) return;
  expect(decision.left.code).toBe(code);
  expect(decision.left.text["zh-CN"].length).toBeGreaterThan(0);
  expect(decision.left.text.en.length).toBeGreaterThan(0);
};

const suspend: PatrolRouteCommand = {
  type: "SuspendPatrolRoute",
  data: { routeId: ROUTE, reason: "汛期封闭河堤" },
};
const resume: PatrolRouteCommand = { type: "ResumePatrolRoute", data: { routeId: ROUTE } };
const retire: PatrolRouteCommand = {
  type: "RetirePatrolRoute",
  data: { routeId: ROUTE, reason: "河道改造完成，路线合并" },
};

describe("publishing a patrol route", () => {
  it("publishes the checkpoints, all required by default", () => {
    const events = accepted(decide(publishRoute(), initialState(), context));
    expect(events).toEqual([
      {
        type: "PatrolRoutePublished",
        data: {
          routeId: ROUTE,
          name: "山阳河巡河线",
          kind: "river",
          stationId: STATION,
          checkpoints: CHECKPOINTS,
          requiredCheckpoints: 3,
          publishedAt: MORNING,
        },
      },
    ]);
    expect(patrolRouteFacts(events.reduce(evolve, initialState()))).toEqual({
      routeId: ROUTE,
      status: "active",
      revision: 1,
      checkpoints: CHECKPOINTS,
      requiredCheckpoints: 3,
    });
  });

  it("refuses a route that already exists", () => {
    refused(
      decide(publishRoute(), run([publishRoute()]), context),
      "patrol.route_already_published",
    );
  });

  it("refuses more required checkpoints than the route has", () => {
    refused(
      decide(publishRoute({ requiredCheckpoints: 4 }), initialState(), context),
      "patrol.required_checkpoints_exceed_route",
    );
  });

  it("parses the edge: checkpoint ids once each, radii within bounds, required within the route", () => {
    const body = (data: Record<string, unknown>) => ({
      type: "PublishPatrolRoute",
      data: { ...publishRoute().data, ...data },
    });
    expect(Either.isRight(parseInput(PublishPatrolRoute, body({ requiredCheckpoints: 2 })))).toBe(
      true,
    );
    const repeated = parseInput(
      PublishPatrolRoute,
      body({ checkpoints: [CHECKPOINTS[0], CHECKPOINTS[0]] }),
    );
    expect(Either.isLeft(repeated) && repeated.left.issues[0]?.message.en).toBe(
      "checkpoint ids must not repeat",
    );
    const tiny = parseInput(
      PublishPatrolRoute,
      body({ checkpoints: [{ ...CHECKPOINTS[0], radiusMetres: 1 }] }),
    );
    expect(Either.isLeft(tiny) && tiny.left.issues[0]?.field).toBe(
      "data.checkpoints.0.radiusMetres",
    );
    const tooMany = parseInput(PublishPatrolRoute, body({ requiredCheckpoints: 5 }));
    expect(Either.isLeft(tooMany)).toBe(true);
  });
});

describe("revising, suspending, resuming and retiring", () => {
  it("revises the checkpoints, keeping 'all' required when a checkpoint is added", () => {
    const extra = { ...CHECKPOINTS[0]!, checkpointId: "ferry" as never, name: "渡口" };
    const events = accepted(
      decide(
        {
          type: "RevisePatrolRoute",
          data: { routeId: ROUTE, checkpoints: [...CHECKPOINTS, extra] },
        },
        run([publishRoute()]),
        context,
      ),
    );
    expect(events[0]?.type === "PatrolRouteRevised" && events[0].data).toMatchObject({
      revision: 2,
      requiredCheckpoints: 4,
    });
  });

  it("keeps a partial requirement within the new checkpoints", () => {
    const state = run([publishRoute({ requiredCheckpoints: 3 })]);
    const [revised] = accepted(
      decide(
        { type: "RevisePatrolRoute", data: { routeId: ROUTE, requiredCheckpoints: 2 } },
        state,
        context,
      ),
    );
    const after = [revised!].reduce(evolve, state);
    const [fewer] = accepted(
      decide(
        { type: "RevisePatrolRoute", data: { routeId: ROUTE, checkpoints: [CHECKPOINTS[0]!] } },
        after,
        context,
      ),
    );
    expect(fewer?.type === "PatrolRouteRevised" && fewer.data.requiredCheckpoints).toBe(1);
  });

  it("refuses a requirement beyond the revised checkpoints", () => {
    refused(
      decide(
        {
          type: "RevisePatrolRoute",
          data: { routeId: ROUTE, checkpoints: [CHECKPOINTS[0]!], requiredCheckpoints: 2 },
        },
        run([publishRoute()]),
        context,
      ),
      "patrol.required_checkpoints_exceed_route",
    );
  });

  it("produces nothing for a revision that changes nothing", () => {
    expect(
      accepted(
        decide(
          { type: "RevisePatrolRoute", data: { routeId: ROUTE, name: "山阳河巡河线" } },
          run([publishRoute()]),
          context,
        ),
      ),
    ).toEqual([]);
  });

  it("suspends an active route and resumes it", () => {
    const suspended = run([publishRoute(), suspend]);
    expect(patrolRouteFacts(suspended)?.status).toBe("suspended");
    refused(decide(suspend, suspended, context), "patrol.route_transition_not_allowed");
    expect(patrolRouteFacts(run([publishRoute(), suspend, resume]))?.status).toBe("active");
    refused(decide(resume, run([publishRoute()]), context), "patrol.route_transition_not_allowed");
  });

  it("retires for good: nothing is accepted after", () => {
    const retired = run([publishRoute(), retire]);
    expect(patrolRouteFacts(retired)?.status).toBe("retired");
    for (const command of [
      retire,
      suspend,
      resume,
      { type: "RevisePatrolRoute", data: { routeId: ROUTE, name: "新名" } } as PatrolRouteCommand,
    ]) {
      refused(decide(command, retired, context), "patrol.route_transition_not_allowed");
    }
    refused(decide(publishRoute(), retired, context), "patrol.route_already_published");
  });

  it("refuses commands for a route never published", () => {
    refused(decide(suspend, initialState(), context), "patrol.route_not_found");
  });
});

it("lists every route command in the permission table, for staff", () => {
  for (const type of patrolRouteCommandTypes) expect(commandPermissions[type]).toEqual(["staff"]);
});
