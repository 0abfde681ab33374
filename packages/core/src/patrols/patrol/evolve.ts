import type { PatrolEvent } from "./events.js";
import { isPatrolStarted, type PatrolState } from "./state.js";

/**
 * The state of a patrol after an event. No rules: `decide` made them.
 *
 * @example
 * const state = events.reduce(evolvePatrol, initialPatrolState());
 */
export const evolve = (state: PatrolState, event: PatrolEvent): PatrolState => {
  if (event.type === "PatrolStarted") {
    return { ...event.data, status: "in-progress", visits: [] };
  }
  if (!isPatrolStarted(state)) return state;
  switch (event.type) {
    case "CheckpointVisited": {
      const { checkpointId, distanceMetres, visitedAt } = event.data;
      return { ...state, visits: [...state.visits, { checkpointId, distanceMetres, visitedAt }] };
    }
    case "PatrolCompleted":
      return { ...state, status: "completed", completedAt: event.data.completedAt };
  }
};
