import { DomainError } from "../../kernel/errors.js";
import { type LocalizedText, localized } from "../../kernel/localized-text.js";
import type { PatrolRouteStatus } from "./state.js";

/*
 * The refusals of patrol routes (护河巡河). Codes are `patrol.snake_case` and never
 * change once published.
 */

const statusNames: Readonly<Record<PatrolRouteStatus | "none", LocalizedText>> = {
  none: localized("不存在", "not published"),
  active: localized("启用中", "active"),
  suspended: localized("已暂停", "suspended"),
  retired: localized("已停用", "retired"),
};

/** What a command tries to do to a route. */
export type PatrolRouteAction = "revise" | "suspend" | "resume" | "retire";

const actionNames: Readonly<Record<PatrolRouteAction, LocalizedText>> = {
  revise: localized("修改", "revise"),
  suspend: localized("暂停", "suspend"),
  resume: localized("恢复", "resume"),
  retire: localized("停用", "retire"),
};

/** A route with this id was already published. */
export class PatrolRouteAlreadyPublished extends DomainError("PatrolRouteAlreadyPublished", {
  code: "patrol.route_already_published",
  httpStatus: 409,
  text: (props: { readonly routeId: string }) =>
    localized(`巡河路线 ${props.routeId} 已存在`, `Patrol route ${props.routeId} already exists`),
}) {}

/** No route with this id has been published. */
export class PatrolRouteNotFound extends DomainError("PatrolRouteNotFound", {
  code: "patrol.route_not_found",
  httpStatus: 404,
  text: (props: { readonly routeId: string }) =>
    localized(`找不到巡河路线 ${props.routeId}`, `Patrol route ${props.routeId} was not found`),
}) {}

/** The route's status does not allow the action. */
export class PatrolRouteTransitionNotAllowed extends DomainError(
  "PatrolRouteTransitionNotAllowed",
  {
    code: "patrol.route_transition_not_allowed",
    httpStatus: 422,
    text: (props: {
      readonly routeId: string;
      readonly status: PatrolRouteStatus;
      readonly action: PatrolRouteAction;
    }) =>
      localized(
        `巡河路线 ${props.routeId} ${statusNames[props.status]["zh-CN"]}，不能${actionNames[props.action]["zh-CN"]}`,
        `Patrol route ${props.routeId} is ${statusNames[props.status].en}; cannot ${actionNames[props.action].en} it`,
      ),
  },
) {}

/** More checkpoints are required than the route has. */
export class RequiredCheckpointsExceedRoute extends DomainError("RequiredCheckpointsExceedRoute", {
  code: "patrol.required_checkpoints_exceed_route",
  httpStatus: 422,
  text: (props: { readonly required: number; readonly checkpoints: number }) =>
    localized(
      `须完成 ${props.required} 个检查点，但路线只有 ${props.checkpoints} 个`,
      `${props.required} checkpoints are required but the route has only ${props.checkpoints}`,
    ),
}) {}

/** Every refusal of the patrol route decider. */
export type PatrolRouteError =
  | PatrolRouteAlreadyPublished
  | PatrolRouteNotFound
  | PatrolRouteTransitionNotAllowed
  | RequiredCheckpointsExceedRoute;
