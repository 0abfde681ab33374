import type { CourierFacts } from "../../couriers/facts.js";
import { accept, type Decision, type DecisionContext, refuse } from "../../kernel/decider.js";
import { distanceInMetres } from "../../kernel/geo.js";
import type { CheckpointId } from "../../kernel/ids.js";
import { addMillis, type Instant, isBefore, MINUTE, millisOf } from "../../kernel/time.js";
import type { CommunityPolicy } from "../../policy/schema.js";
import type { PatrolRouteFacts } from "../routes/state.js";
import { patrolDayOf, patrolIdOf } from "../values.js";
import type { CheckInAtCheckpoint, PatrolCommand } from "./commands.js";
import {
  CheckpointVisitedRecently,
  NotYourPatrol,
  OutsideCheckpointRadius,
  type PatrolError,
  PatrolForTeamOnly,
  PatrolIdMismatch,
  PatrollerNotActive,
  PatrollerUnknown,
  PatrolRouteClosed,
  PatrolRouteUnknown,
  UnknownCheckpoint,
} from "./errors.js";
import type { PatrolEvent } from "./events.js";
import { type CheckpointVisit, isPatrolStarted, lastVisitOf, type PatrolState } from "./state.js";

/**
 * The decision context of a patrol: the community policy, and what the service looked
 * up — the route's facts (`patrolRouteFacts` of the route's state) and the courier's.
 *
 * @example
 * const context: PatrolDecisionContext = {
 *   now, actor, community, policy,
 *   route: patrolRouteFacts(routeState), courier: courierFacts(courierState),
 * };
 */
export interface PatrolDecisionContext extends DecisionContext {
  readonly policy: CommunityPolicy;
  readonly route?: PatrolRouteFacts;
  readonly courier?: CourierFacts;
}

type PatrolDecision = Decision<PatrolEvent, PatrolError>;

/**
 * The distinct checkpoints of the route that count towards completing a patrol at
 * `now`: those visited within the policy's window (or the whole day when it has none),
 * that are still on the route.
 */
const checkpointsCounted = (
  visits: ReadonlyArray<CheckpointVisit>,
  route: PatrolRouteFacts,
  policy: CommunityPolicy,
  now: Instant,
): CheckpointId[] => {
  const windowMinutes = policy.activities.patrolWindowMinutes;
  const since = windowMinutes === undefined ? undefined : millisOf(now) - windowMinutes * MINUTE;
  const onRoute = new Set(route.checkpoints.map((checkpoint) => checkpoint.checkpointId));
  const counted: CheckpointId[] = [];
  for (const visit of visits) {
    if (since !== undefined && millisOf(visit.visitedAt) < since) continue;
    if (!onRoute.has(visit.checkpointId) || counted.includes(visit.checkpointId)) continue;
    counted.push(visit.checkpointId);
  }
  return counted;
};

const checkIn = (
  command: CheckInAtCheckpoint,
  state: PatrolState,
  context: PatrolDecisionContext,
): PatrolDecision => {
  const { patrolId, routeId, courierId, checkpointId, position } = command.data;
  const { policy, now } = context;
  if (context.actor.role === "courier" && context.actor.id !== courierId) {
    return refuse(new NotYourPatrol({ courierId }));
  }
  const courier = context.courier;
  if (courier === undefined || courier.courierId !== courierId) {
    return refuse(new PatrollerUnknown({ courierId }));
  }
  if (courier.status !== "active") {
    return refuse(new PatrollerNotActive({ courierId, status: courier.status }));
  }
  if (policy.activities.patrolRequiresTeamMembership && !courier.volunteerTeamMember) {
    return refuse(new PatrolForTeamOnly({ courierId }));
  }
  const route = context.route;
  if (route === undefined || route.routeId !== routeId) {
    return refuse(new PatrolRouteUnknown({ routeId }));
  }
  if (route.status !== "active")
    return refuse(new PatrolRouteClosed({ routeId, status: route.status }));
  const day = patrolDayOf(now, policy.general.timeZone);
  const expected = patrolIdOf({ routeId, courierId, day });
  // The id names the route, the courier and today; the state guards against a hash
  // collision with another route or courier.
  if (
    patrolId !== expected ||
    (isPatrolStarted(state) && (state.routeId !== routeId || state.courierId !== courierId))
  ) {
    return refuse(new PatrolIdMismatch({ patrolId, expected }));
  }
  const checkpoint = route.checkpoints.find((candidate) => candidate.checkpointId === checkpointId);
  if (checkpoint === undefined) return refuse(new UnknownCheckpoint({ routeId, checkpointId }));
  const distance = distanceInMetres(position, checkpoint.location);
  if (distance > checkpoint.radiusMetres) {
    return refuse(
      new OutsideCheckpointRadius({
        checkpointId,
        distanceMetres: Math.round(distance),
        radiusMetres: checkpoint.radiusMetres,
      }),
    );
  }
  const last = isPatrolStarted(state) ? lastVisitOf(state, checkpointId) : undefined;
  if (last !== undefined) {
    const nextAt = addMillis(
      last.visitedAt,
      policy.activities.patrolCheckInIntervalMinutes * MINUTE,
    );
    if (isBefore(now, nextAt))
      return refuse(new CheckpointVisitedRecently({ checkpointId, nextAt }));
  }
  const events: PatrolEvent[] = [];
  if (!isPatrolStarted(state)) {
    events.push({
      type: "PatrolStarted",
      data: { patrolId, routeId, courierId, day, startedAt: now },
    });
  }
  // Rounded down, so a recorded distance never exceeds the radius it was checked against.
  const distanceMetres = Math.floor(distance);
  events.push({
    type: "CheckpointVisited",
    data: {
      patrolId,
      routeId,
      courierId,
      checkpointId,
      distanceMetres,
      routeRevision: route.revision,
      visitedAt: now,
    },
  });
  if (state.status !== "completed") {
    const visits = [
      ...(isPatrolStarted(state) ? state.visits : []),
      { checkpointId, distanceMetres, visitedAt: now },
    ];
    const counted = checkpointsCounted(visits, route, policy, now);
    if (counted.length >= route.requiredCheckpoints) {
      events.push({
        type: "PatrolCompleted",
        data: { routeId, patrolId, courierId, day, checkpointsVisited: counted, completedAt: now },
      });
    }
  }
  return accept(...events);
};

/**
 * Every rule of a courier's patrol (护河巡河): an active courier (in the volunteer team
 * when the policy says so) checks in at a checkpoint of an active route when their
 * position is within its radius, at most once per checkpoint per the policy's interval;
 * the patrol is completed, once, when the route's required checkpoints are visited
 * within the policy's window (by default the local day).
 *
 * @example
 * const decision = decidePatrol(command, state, { now, actor, community, policy, route, courier });
 */
export const decide = (
  command: PatrolCommand,
  state: PatrolState,
  context: PatrolDecisionContext,
): PatrolDecision => {
  switch (command.type) {
    case "CheckInAtCheckpoint":
      return checkIn(command, state, context);
  }
};
