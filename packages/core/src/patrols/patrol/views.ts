import type { CheckpointId } from "../../kernel/ids.js";
import type { Instant } from "../../kernel/time.js";
import type { PatrolRouteFacts } from "../routes/state.js";
import { isPatrolStarted, type PatrolState } from "./state.js";

/** How far a courier's patrol of the day has come, as their app shows it. */
export interface PatrolProgress {
  readonly status: "not-started" | "in-progress" | "completed";
  /** Checkpoints of the route visited today, in the order first visited. */
  readonly visited: ReadonlyArray<CheckpointId>;
  /** Checkpoints of the route not visited yet today. */
  readonly remaining: ReadonlyArray<CheckpointId>;
  readonly required: number;
  readonly completedAt: Instant | undefined;
}

/**
 * The progress of a patrol against its route's current checkpoints. (With a policy
 * window shorter than a day, completion counts only the visits within it; this view
 * shows the whole day.)
 *
 * @example
 * patrolProgress(patrolState, patrolRouteFacts(routeState)!).remaining; // ["sluice"]
 */
export const patrolProgress = (state: PatrolState, route: PatrolRouteFacts): PatrolProgress => {
  const onRoute = route.checkpoints.map((checkpoint) => checkpoint.checkpointId);
  const visited: CheckpointId[] = [];
  if (isPatrolStarted(state)) {
    for (const visit of state.visits) {
      if (onRoute.includes(visit.checkpointId) && !visited.includes(visit.checkpointId)) {
        visited.push(visit.checkpointId);
      }
    }
  }
  return {
    status: isPatrolStarted(state) ? state.status : "not-started",
    visited,
    remaining: onRoute.filter((checkpointId) => !visited.includes(checkpointId)),
    required: route.requiredCheckpoints,
    completedAt: isPatrolStarted(state) ? state.completedAt : undefined,
  };
};
