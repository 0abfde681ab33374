import type { PatrolRouteEvent } from "./events.js";
import { isPatrolRoutePublished, type PatrolRouteState } from "./state.js";

/**
 * The state of a patrol route after an event. No rules: `decide` made them.
 *
 * @example
 * const state = events.reduce(evolvePatrolRoute, initialPatrolRouteState());
 */
export const evolve = (state: PatrolRouteState, event: PatrolRouteEvent): PatrolRouteState => {
  if (event.type === "PatrolRoutePublished") {
    const { publishedAt, ...route } = event.data;
    return { ...route, status: "active", revision: 1, publishedAt };
  }
  if (!isPatrolRoutePublished(state)) return state;
  switch (event.type) {
    case "PatrolRouteRevised": {
      const { description: _previous, ...route } = state;
      const { revisedAt: _at, routeId: _id, ...revision } = event.data;
      return { ...route, ...revision };
    }
    case "PatrolRouteSuspended":
      return { ...state, status: "suspended", suspensionReason: event.data.reason };
    case "PatrolRouteResumed": {
      const { suspensionReason: _reason, ...route } = state;
      return { ...route, status: "active" };
    }
    case "PatrolRouteRetired": {
      const { suspensionReason: _reason, ...route } = state;
      return { ...route, status: "retired", retiredAt: event.data.retiredAt };
    }
  }
};
