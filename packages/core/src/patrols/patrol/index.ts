import { patrolPermissions } from "../../access/permissions.js";
import type { Decider } from "../../kernel/decider.js";
import type { PatrolCommand } from "./commands.js";
import { decide, type PatrolDecisionContext } from "./decide.js";
import type { PatrolError } from "./errors.js";
import type { PatrolEvent } from "./events.js";
import { evolve } from "./evolve.js";
import { initialPatrolState, type PatrolState } from "./state.js";

/**
 * A courier's patrol of a route on a local day (护河巡河) as a decider: one small
 * aggregate per courier, route and day, so many couriers checking in along one route
 * never contend for one document. `idOf` is the patrol id (see `patrolIdOf`).
 *
 * @example
 * const outcome = handleCommand(patrolDecider, record, envelope, {
 *   clock, ids, facts: { policy, route: patrolRouteFacts(routeState), courier },
 * });
 */
export const patrolDecider: Decider<
  PatrolCommand,
  PatrolState,
  PatrolEvent,
  PatrolError,
  PatrolDecisionContext
> = {
  aggregate: "patrol",
  idOf: (command) => command.data.patrolId,
  permissions: patrolPermissions,
  initialState: initialPatrolState,
  decide,
  evolve,
};

export * from "./commands.js";
export { decide as decidePatrol, type PatrolDecisionContext } from "./decide.js";
export * from "./errors.js";
export * from "./events.js";
export { evolve as evolvePatrol } from "./evolve.js";
export * from "./state.js";
export * from "./views.js";
