import type { CheckpointId, CourierId, PatrolRouteId } from "../../kernel/ids.js";
import type { Instant } from "../../kernel/time.js";
import type { PatrolDay, PatrolId } from "../values.js";

/** One check-in at a checkpoint. */
export interface CheckpointVisit {
  readonly checkpointId: CheckpointId;
  readonly distanceMetres: number;
  readonly visitedAt: Instant;
}

/**
 * A courier's patrol of a route on a local day: `in-progress` until the required
 * checkpoints are visited, then `completed` (it still records visits, which show when a
 * checkpoint was last looked at, but never completes again).
 */
export interface Patrol {
  readonly patrolId: PatrolId;
  readonly status: "in-progress" | "completed";
  readonly routeId: PatrolRouteId;
  readonly courierId: CourierId;
  readonly day: PatrolDay;
  readonly startedAt: Instant;
  readonly visits: ReadonlyArray<CheckpointVisit>;
  readonly completedAt?: Instant;
}

/** The state of a patrol: nothing before its first check-in, then the patrol. */
export type PatrolState = { readonly status: "none" } | Patrol;

/** The state before `PatrolStarted`. */
export const initialPatrolState = (): PatrolState => ({ status: "none" });

/** Whether the patrol has begun. */
export const isPatrolStarted = (state: PatrolState): state is Patrol => state.status !== "none";

/**
 * The last visit of a checkpoint in a patrol, if any.
 *
 * @example
 * lastVisitOf(patrol, checkpointId)?.visitedAt;
 */
export const lastVisitOf = (
  patrol: Patrol,
  checkpointId: CheckpointId,
): CheckpointVisit | undefined => {
  for (let index = patrol.visits.length - 1; index >= 0; index--) {
    const visit = patrol.visits[index];
    if (visit?.checkpointId === checkpointId) return visit;
  }
  return undefined;
};
