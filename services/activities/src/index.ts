/**
 * Courier Station's activities service (a private workspace): activities and
 * participation (活动 / 微志愿), check-in codes, patrol routes and patrols (护河巡河), on
 * the bus as `activitiesContract` says.
 *
 * @packageDocumentation
 */
export { CheckInCodeSource, type CheckInCodeSourceApi } from "./check-in-codes.js";
export {
  executeActivityCommand,
  executePatrolCheckIn,
  executePatrolRouteCommand,
  withCheckInCode,
} from "./commands.js";
export { cancelSignUpsOnConsentWithdrawn } from "./flows.js";
export {
  type ActivityRow,
  activityRows,
  type ParticipationRow,
  type PatrolRouteRow,
  type PatrolRow,
  participationRows,
  patrolRouteRows,
  patrolRows,
} from "./read-models.js";
export { type ActivitiesServiceOptions, activitiesService } from "./service.js";
export {
  completeDueActivities,
  completionCommandId,
  rotateDueCheckInCodes,
  rotationCommandId,
} from "./timers.js";
