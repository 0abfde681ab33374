import { DomainError } from "../../kernel/errors.js";
import { localized } from "../../kernel/localized-text.js";

/*
 * The refusals of a courier's patrol (护河巡河). Codes are `patrol.snake_case` and
 * never change once published.
 */

/** The service gave no facts about the route, or facts about another route. */
export class PatrolRouteUnknown extends DomainError("PatrolRouteUnknown", {
  code: "patrol.route_unknown",
  httpStatus: 404,
  text: (props: { readonly routeId: string }) =>
    localized(`找不到巡河路线 ${props.routeId}`, `Patrol route ${props.routeId} was not found`),
}) {}

/** The route is suspended or retired. */
export class PatrolRouteClosed extends DomainError("PatrolRouteClosed", {
  code: "patrol.route_closed",
  httpStatus: 422,
  text: (props: { readonly routeId: string; readonly status: "suspended" | "retired" }) =>
    props.status === "suspended"
      ? localized(
          `巡河路线 ${props.routeId} 已暂停，暂不接受打卡`,
          `Patrol route ${props.routeId} is suspended and takes no check-ins for now`,
        )
      : localized(`巡河路线 ${props.routeId} 已停用`, `Patrol route ${props.routeId} is retired`),
}) {}

/** The checkpoint is not on the route (in its current revision). */
export class UnknownCheckpoint extends DomainError("UnknownCheckpoint", {
  code: "patrol.unknown_checkpoint",
  httpStatus: 404,
  text: (props: { readonly routeId: string; readonly checkpointId: string }) =>
    localized(
      `巡河路线 ${props.routeId} 上没有检查点 ${props.checkpointId}`,
      `Patrol route ${props.routeId} has no checkpoint ${props.checkpointId}`,
    ),
}) {}

/** The reported position is outside the checkpoint's radius. */
export class OutsideCheckpointRadius extends DomainError("OutsideCheckpointRadius", {
  code: "patrol.outside_checkpoint_radius",
  httpStatus: 422,
  text: (props: {
    readonly checkpointId: string;
    readonly distanceMetres: number;
    readonly radiusMetres: number;
  }) =>
    localized(
      `当前位置距检查点 ${props.checkpointId} 约 ${props.distanceMetres} 米，须在 ${props.radiusMetres} 米以内打卡`,
      `You are about ${props.distanceMetres} m from checkpoint ${props.checkpointId}; check in within ${props.radiusMetres} m`,
    ),
}) {}

/** The checkpoint was checked in at less than the policy's interval ago. */
export class CheckpointVisitedRecently extends DomainError("CheckpointVisitedRecently", {
  code: "patrol.checkpoint_visited_recently",
  httpStatus: 422,
  text: (props: { readonly checkpointId: string; readonly nextAt: string }) =>
    localized(
      `检查点 ${props.checkpointId} 刚打过卡，${props.nextAt} 后可再次打卡`,
      `Checkpoint ${props.checkpointId} was checked in at recently; again from ${props.nextAt}`,
    ),
}) {}

/** The patrol id is not the one of this route, courier and local day. */
export class PatrolIdMismatch extends DomainError("PatrolIdMismatch", {
  code: "patrol.id_mismatch",
  httpStatus: 400,
  text: (props: { readonly patrolId: string; readonly expected: string }) =>
    localized(
      `巡河编号 ${props.patrolId} 与路线、小哥和日期不符（应为 ${props.expected}）`,
      `Patrol id ${props.patrolId} does not match the route, the courier and the day (expected ${props.expected})`,
    ),
}) {}

/** A courier checks in only for themselves. */
export class NotYourPatrol extends DomainError("NotYourPatrol", {
  code: "patrol.not_your_patrol",
  httpStatus: 403,
  text: (props: { readonly courierId: string }) =>
    localized(
      `只能为自己打卡，不能代替小哥 ${props.courierId}`,
      `Couriers check in only for themselves, not for courier ${props.courierId}`,
    ),
}) {}

/** The service gave no facts about the courier. */
export class PatrollerUnknown extends DomainError("PatrollerUnknown", {
  code: "patrol.courier_unknown",
  httpStatus: 404,
  text: (props: { readonly courierId: string }) =>
    localized(`找不到小哥 ${props.courierId}`, `Courier ${props.courierId} was not found`),
}) {}

/** Only active couriers patrol. */
export class PatrollerNotActive extends DomainError("PatrollerNotActive", {
  code: "patrol.courier_not_active",
  httpStatus: 422,
  text: (props: { readonly courierId: string; readonly status: string }) =>
    localized(
      `小哥 ${props.courierId} 当前状态为“${props.status}”，只有已激活的小哥才能巡河打卡`,
      `Courier ${props.courierId} is ${props.status}; only active couriers patrol`,
    ),
}) {}

/** Under this policy only the volunteer team (e哥志愿服务队) patrols. */
export class PatrolForTeamOnly extends DomainError("PatrolForTeamOnly", {
  code: "patrol.volunteer_team_only",
  httpStatus: 422,
  text: (props: { readonly courierId: string }) =>
    localized(
      `巡河仅限 e哥志愿服务队队员，小哥 ${props.courierId} 尚未加入`,
      `Patrols are for members of the volunteer team; courier ${props.courierId} is not one`,
    ),
}) {}

/** Every refusal of the patrol decider. */
export type PatrolError =
  | PatrolRouteUnknown
  | PatrolRouteClosed
  | UnknownCheckpoint
  | OutsideCheckpointRadius
  | CheckpointVisitedRecently
  | PatrolIdMismatch
  | NotYourPatrol
  | PatrollerUnknown
  | PatrollerNotActive
  | PatrolForTeamOnly;
