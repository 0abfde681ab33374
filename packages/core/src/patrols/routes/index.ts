import { patrolRoutePermissions } from "../../access/permissions.js";
import type { Decider } from "../../kernel/decider.js";
import type { PatrolRouteCommand } from "./commands.js";
import { decide, type PatrolRouteDecisionContext } from "./decide.js";
import type { PatrolRouteError } from "./errors.js";
import type { PatrolRouteEvent } from "./events.js";
import { evolve } from "./evolve.js";
import { initialPatrolRouteState, type PatrolRouteState } from "./state.js";

/**
 * A patrol route (护河巡河) as a decider: staff publish its checkpoints and manage it.
 * Check-ins never write to it (they go to each courier's patrol), so it is read, not
 * contended, on the hot path. `idOf` is the route id.
 *
 * @example
 * const outcome = handleCommand(patrolRouteDecider, record, envelope, { clock, ids, facts: {} });
 */
export const patrolRouteDecider: Decider<
  PatrolRouteCommand,
  PatrolRouteState,
  PatrolRouteEvent,
  PatrolRouteError,
  PatrolRouteDecisionContext
> = {
  aggregate: "patrolRoute",
  idOf: (command) => command.data.routeId,
  permissions: patrolRoutePermissions,
  initialState: initialPatrolRouteState,
  decide,
  evolve,
};

export * from "./commands.js";
export { decide as decidePatrolRoute, type PatrolRouteDecisionContext } from "./decide.js";
export * from "./errors.js";
export * from "./events.js";
export { evolve as evolvePatrolRoute } from "./evolve.js";
export * from "./state.js";
