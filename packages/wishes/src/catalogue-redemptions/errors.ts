import { DomainError, localized } from "@courier-station/core";
import { type CatalogueRedemptionStatus, catalogueRedemptionStatusNames } from "./state.js";

/*
 * The refusals of the catalogue redemption aggregate. Codes are `redemption.snake_case`
 * and never change once published.
 */

/** A step of a redemption, named in refusals. */
export type RedemptionStep = "hand-over" | "cancel" | "expire";

const stepNames: Readonly<Record<RedemptionStep, readonly [string, string]>> = {
  "hand-over": ["领取", "handed over"],
  cancel: ["取消", "cancelled"],
  expire: ["逾期处理", "expired"],
};

/** No redemption with this id was opened. */
export class RedemptionNotFound extends DomainError("RedemptionNotFound", {
  code: "redemption.not_found",
  httpStatus: 404,
  text: (props: { readonly redemptionId: string }) =>
    localized(`找不到兑换 ${props.redemptionId}`, `Redemption ${props.redemptionId} was not found`),
}) {}

/** The redemption id is open for another item, courier, quantity or price. */
export class RedemptionConflict extends DomainError("RedemptionConflict", {
  code: "redemption.conflict",
  httpStatus: 409,
  text: (props: { readonly redemptionId: string; readonly field: string }) =>
    localized(
      `兑换 ${props.redemptionId} 已存在且内容不同（${props.field}）`,
      `Redemption ${props.redemptionId} exists with a different ${props.field}`,
    ),
}) {}

/** The redemption's status does not allow this step. */
export class RedemptionTransitionNotAllowed extends DomainError("RedemptionTransitionNotAllowed", {
  code: "redemption.transition_not_allowed",
  httpStatus: 422,
  text: (props: {
    readonly redemptionId: string;
    readonly status: CatalogueRedemptionStatus;
    readonly step: RedemptionStep;
  }) => {
    const [zhStep, enStep] = stepNames[props.step];
    const status = catalogueRedemptionStatusNames[props.status];
    return localized(
      `兑换 ${props.redemptionId} 当前为“${status["zh-CN"]}”，不能${zhStep}`,
      `Redemption ${props.redemptionId} is ${status.en} and cannot be ${enStep}`,
    );
  },
}) {}

/** Only the courier who redeemed may do this (or staff). */
export class NotTheRedeemingCourier extends DomainError("NotTheRedeemingCourier", {
  code: "redemption.not_the_courier",
  httpStatus: 403,
  text: (props: { readonly redemptionId: string; readonly actorId: string }) =>
    localized(
      `只有兑换 ${props.redemptionId} 的小哥本人可以操作（当前：${props.actorId}）`,
      `Only the courier of redemption ${props.redemptionId} may do this (not ${props.actorId})`,
    ),
}) {}

/** The ledger has not confirmed the hold yet, so nothing is handed over. */
export class RedemptionHoldNotConfirmed extends DomainError("RedemptionHoldNotConfirmed", {
  code: "redemption.hold_not_confirmed",
  httpStatus: 422,
  text: (props: { readonly redemptionId: string }) =>
    localized(
      `兑换 ${props.redemptionId} 的积分尚未冻结成功，暂不能领取`,
      `The points of redemption ${props.redemptionId} are not held yet, so it cannot be handed over`,
    ),
}) {}

/** The hold timed out in the ledger; the redemption can only expire now. */
export class RedemptionHoldTimedOut extends DomainError("RedemptionHoldTimedOut", {
  code: "redemption.hold_timed_out",
  httpStatus: 422,
  text: (props: { readonly redemptionId: string; readonly timeoutAt: string }) =>
    localized(
      `兑换 ${props.redemptionId} 的积分冻结已于 ${props.timeoutAt} 到期`,
      `The points hold of redemption ${props.redemptionId} timed out at ${props.timeoutAt}`,
    ),
}) {}

/** The units were already handed over: no redemption is fulfilled twice. */
export class RedemptionAlreadyFulfilled extends DomainError("RedemptionAlreadyFulfilled", {
  code: "redemption.already_fulfilled",
  httpStatus: 422,
  text: (props: { readonly redemptionId: string }) =>
    localized(
      `兑换 ${props.redemptionId} 已领取`,
      `Redemption ${props.redemptionId} was already handed over`,
    ),
}) {}

/** The pickup deadline has not passed yet. */
export class RedemptionNotYetDue extends DomainError("RedemptionNotYetDue", {
  code: "redemption.deadline_not_reached",
  httpStatus: 422,
  text: (props: { readonly redemptionId: string; readonly dueAt: string }) =>
    localized(
      `兑换 ${props.redemptionId} 的领取期限 ${props.dueAt} 尚未到`,
      `The pickup deadline of redemption ${props.redemptionId} (${props.dueAt}) has not passed`,
    ),
}) {}

/** A hold report names a hold this redemption never asked for. */
export class UnknownRedemptionHold extends DomainError("UnknownRedemptionHold", {
  code: "redemption.unknown_hold",
  httpStatus: 422,
  text: (props: { readonly redemptionId: string; readonly transferId: string }) =>
    localized(
      `兑换 ${props.redemptionId} 没有积分冻结 ${props.transferId}`,
      `Redemption ${props.redemptionId} has no points hold ${props.transferId}`,
    ),
}) {}

/** The ledger cannot refuse a hold it already confirmed: the report is wrong. */
export class RedemptionHoldAlreadyConfirmed extends DomainError("RedemptionHoldAlreadyConfirmed", {
  code: "redemption.hold_already_confirmed",
  httpStatus: 422,
  text: (props: { readonly redemptionId: string }) =>
    localized(
      `兑换 ${props.redemptionId} 的积分冻结已确认，不能再记为失败`,
      `The hold of redemption ${props.redemptionId} was confirmed and cannot be recorded as failed`,
    ),
}) {}

/** Every refusal of the catalogue redemption aggregate. */
export type CatalogueRedemptionError =
  | RedemptionNotFound
  | RedemptionConflict
  | RedemptionTransitionNotAllowed
  | NotTheRedeemingCourier
  | RedemptionHoldNotConfirmed
  | RedemptionHoldTimedOut
  | RedemptionAlreadyFulfilled
  | RedemptionNotYetDue
  | UnknownRedemptionHold
  | RedemptionHoldAlreadyConfirmed;
