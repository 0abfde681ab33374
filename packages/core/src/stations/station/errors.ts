import { DomainError } from "../../kernel/errors.js";
import { type LocalizedText, localized } from "../../kernel/localized-text.js";
import type { StationStatus } from "./state.js";

/** The names of the station statuses in each language. */
export const stationStatusNames: Readonly<Record<StationStatus, LocalizedText>> = {
  open: localized("开放中", "open"),
  "temporarily-closed": localized("暂停开放", "temporarily closed"),
  retired: localized("已撤销", "retired"),
};

/** A station with this id already exists. */
export class StationAlreadyOpened extends DomainError("StationAlreadyOpened", {
  code: "station.already_opened",
  httpStatus: 409,
  text: (props: { readonly stationId: string }) =>
    localized(`驿站 ${props.stationId} 已存在`, `Station ${props.stationId} already exists`),
}) {}

/** No station with this id has opened. */
export class StationNotFound extends DomainError("StationNotFound", {
  code: "station.not_found",
  httpStatus: 404,
  text: (props: { readonly stationId: string }) =>
    localized(`找不到驿站 ${props.stationId}`, `Station ${props.stationId} was not found`),
}) {}

/** The station belongs to another community. */
export class StationInAnotherCommunity extends DomainError("StationInAnotherCommunity", {
  code: "station.other_community",
  httpStatus: 403,
  text: (props: { readonly stationId: string; readonly community: string }) =>
    localized(
      `驿站 ${props.stationId} 不属于社区“${props.community}”`,
      `Station ${props.stationId} does not belong to community "${props.community}"`,
    ),
}) {}

/** The station's status does not allow this step. */
export class StationTransitionNotAllowed extends DomainError("StationTransitionNotAllowed", {
  code: "station.transition_not_allowed",
  httpStatus: 422,
  text: (props: {
    readonly stationId: string;
    readonly status: StationStatus;
    readonly step: "close" | "reopen" | "update" | "retire";
  }) => {
    const steps = {
      close: ["暂停开放", "close"],
      reopen: ["重新开放", "reopen"],
      update: ["修改信息", "update"],
      retire: ["撤销", "retire"],
    } as const;
    const [zhCN, en] = steps[props.step];
    const status = stationStatusNames[props.status];
    return localized(
      `驿站 ${props.stationId} 当前状态为“${status["zh-CN"]}”，不能${zhCN}`,
      `Station ${props.stationId} is ${status.en}; cannot ${en} it`,
    );
  },
}) {}

/** The expected reopening is not in the future. */
export class ReopeningNotInFuture extends DomainError("ReopeningNotInFuture", {
  code: "station.reopening_not_in_future",
  httpStatus: 422,
  text: (props: { readonly expectedReopeningAt: string }) =>
    localized(
      `预计重新开放时间 ${props.expectedReopeningAt} 须晚于现在`,
      `The expected reopening ${props.expectedReopeningAt} must be in the future`,
    ),
}) {}

/** Every refusal of the station decider. */
export type StationError =
  | StationAlreadyOpened
  | StationNotFound
  | StationInAnotherCommunity
  | StationTransitionNotAllowed
  | ReopeningNotInFuture;
