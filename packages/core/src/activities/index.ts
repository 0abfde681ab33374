import { activityPermissions } from "../access/permissions.js";
import type { Decider } from "../kernel/decider.js";
import type { ActivityCommand } from "./commands.js";
import { type ActivityDecisionContext, decide } from "./decide.js";
import type { ActivityError } from "./errors.js";
import type { ActivityEvent } from "./events.js";
import { evolve } from "./evolve.js";
import { type ActivityState, initialActivityState } from "./state.js";

/**
 * An activity (活动 / 微志愿) with its participation as a decider: one aggregate per
 * activity, so capacity and "no double sign-up" are decided in one consistent place.
 * `idOf` is the activity id.
 *
 * @example
 * const outcome = handleCommand(activityDecider, record, envelope, {
 *   clock, ids, facts: { policy, couriers: await factsOf(couriersConcernedBy(envelope.command)) },
 * });
 */
export const activityDecider: Decider<
  ActivityCommand,
  ActivityState,
  ActivityEvent,
  ActivityError,
  ActivityDecisionContext
> = {
  aggregate: "activity",
  idOf: (command) => command.data.activityId,
  permissions: activityPermissions,
  initialState: initialActivityState,
  decide,
  evolve,
};

export * from "./commands.js";
export { signUpCancellationsOnConsentWithdrawn } from "./consent-withdrawal.js";
export { type ActivityDecisionContext, decide as decideActivity } from "./decide.js";
export * from "./errors.js";
export * from "./events.js";
export { evolve as evolveActivity } from "./evolve.js";
export * from "./facts.js";
export * from "./kinds.js";
export * from "./peak-hours.js";
export * from "./schedule.js";
export * from "./state.js";
export * from "./values.js";
export * from "./views.js";
