import { accept, type Decision, type DecisionContext, refuse } from "../../kernel/decider.js";
import type { PatrolRouteCommand, RevisePatrolRoute } from "./commands.js";
import {
  type PatrolRouteAction,
  PatrolRouteAlreadyPublished,
  type PatrolRouteError,
  PatrolRouteNotFound,
  PatrolRouteTransitionNotAllowed,
  RequiredCheckpointsExceedRoute,
} from "./errors.js";
import type { PatrolRouteEvent } from "./events.js";
import {
  isPatrolRoutePublished,
  type PatrolRoute,
  type PatrolRouteState,
  type PatrolRouteStatus,
} from "./state.js";

/** The decision context of patrol routes: nothing beyond the time, the actor and the community. */
export type PatrolRouteDecisionContext = DecisionContext;

type PatrolRouteDecision = Decision<PatrolRouteEvent, PatrolRouteError>;

const unless = (
  route: PatrolRoute,
  action: PatrolRouteAction,
  ...statuses: ReadonlyArray<PatrolRouteStatus>
): PatrolRouteTransitionNotAllowed | undefined =>
  statuses.includes(route.status)
    ? undefined
    : new PatrolRouteTransitionNotAllowed({ routeId: route.routeId, status: route.status, action });

const sameValue = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

const revise = (
  command: RevisePatrolRoute,
  route: PatrolRoute,
  context: PatrolRouteDecisionContext,
): PatrolRouteDecision => {
  const refused = unless(route, "revise", "active", "suspended");
  if (refused !== undefined) return refuse(refused);
  const { data } = command;
  const checkpoints = data.checkpoints ?? route.checkpoints;
  // "All checkpoints" stays all when checkpoints are added or removed.
  const requiredAll = route.requiredCheckpoints === route.checkpoints.length;
  const requiredCheckpoints =
    data.requiredCheckpoints ??
    (requiredAll ? checkpoints.length : Math.min(route.requiredCheckpoints, checkpoints.length));
  if (requiredCheckpoints > checkpoints.length) {
    return refuse(
      new RequiredCheckpointsExceedRoute({
        required: requiredCheckpoints,
        checkpoints: checkpoints.length,
      }),
    );
  }
  const name = data.name ?? route.name;
  const description = data.description ?? route.description;
  const unchanged =
    name === route.name &&
    description === route.description &&
    requiredCheckpoints === route.requiredCheckpoints &&
    sameValue(checkpoints, route.checkpoints);
  if (unchanged) return accept();
  return accept({
    type: "PatrolRouteRevised",
    data: {
      routeId: route.routeId,
      revision: route.revision + 1,
      name,
      ...(description === undefined ? {} : { description }),
      checkpoints: [...checkpoints],
      requiredCheckpoints,
      revisedAt: context.now,
    },
  });
};

/**
 * Every rule of a patrol route (护河巡河): published once with its checkpoints,
 * revised while active or suspended (a revision that changes nothing produces nothing),
 * suspended and resumed, retired for good.
 *
 * @example
 * const decision = decidePatrolRoute(command, state, { now, actor, community });
 */
export const decide = (
  command: PatrolRouteCommand,
  state: PatrolRouteState,
  context: PatrolRouteDecisionContext,
): PatrolRouteDecision => {
  if (command.type === "PublishPatrolRoute") {
    const { data } = command;
    if (isPatrolRoutePublished(state)) {
      return refuse(new PatrolRouteAlreadyPublished({ routeId: data.routeId }));
    }
    const requiredCheckpoints = data.requiredCheckpoints ?? data.checkpoints.length;
    if (requiredCheckpoints > data.checkpoints.length) {
      return refuse(
        new RequiredCheckpointsExceedRoute({
          required: requiredCheckpoints,
          checkpoints: data.checkpoints.length,
        }),
      );
    }
    return accept({
      type: "PatrolRoutePublished",
      data: {
        routeId: data.routeId,
        name: data.name,
        kind: data.kind,
        ...(data.stationId === undefined ? {} : { stationId: data.stationId }),
        ...(data.description === undefined ? {} : { description: data.description }),
        checkpoints: data.checkpoints,
        requiredCheckpoints,
        publishedAt: context.now,
      },
    });
  }
  if (!isPatrolRoutePublished(state)) {
    return refuse(new PatrolRouteNotFound({ routeId: command.data.routeId }));
  }
  const route = state;
  switch (command.type) {
    case "RevisePatrolRoute":
      return revise(command, route, context);
    case "SuspendPatrolRoute": {
      const refused = unless(route, "suspend", "active");
      if (refused !== undefined) return refuse(refused);
      return accept({
        type: "PatrolRouteSuspended",
        data: { routeId: route.routeId, reason: command.data.reason, suspendedAt: context.now },
      });
    }
    case "ResumePatrolRoute": {
      const refused = unless(route, "resume", "suspended");
      if (refused !== undefined) return refuse(refused);
      return accept({
        type: "PatrolRouteResumed",
        data: { routeId: route.routeId, resumedAt: context.now },
      });
    }
    case "RetirePatrolRoute": {
      const refused = unless(route, "retire", "active", "suspended");
      if (refused !== undefined) return refuse(refused);
      return accept({
        type: "PatrolRouteRetired",
        data: { routeId: route.routeId, reason: command.data.reason, retiredAt: context.now },
      });
    }
  }
};
