import { DomainError, localized } from "@courier-station/core";
import { type ProhibitedItemKind, prohibitedItemKindNames } from "../prohibited-items.js";
import { type WishStatus, wishStatusNames } from "./state.js";

/*
 * The refusals of the wish aggregate. Codes are `wish.snake_case` and never change once
 * published; edges map them by `code` and `_tag`.
 */

/** A step of a wish's lifecycle, named in refusals. */
export type WishStep =
  | "revise"
  | "submit"
  | "approve"
  | "reject"
  | "publish"
  | "claim"
  | "redeem"
  | "release"
  | "fulfil"
  | "thank"
  | "cancel"
  | "expire"
  | "share-contact"
  | "link"
  | "unlink";

const stepNames: Readonly<Record<WishStep, readonly [string, string]>> = {
  revise: ["修改", "revised"],
  submit: ["提交", "submitted"],
  approve: ["审核通过", "approved"],
  reject: ["驳回", "rejected"],
  publish: ["发布", "published"],
  claim: ["认领", "claimed"],
  redeem: ["兑换", "redeemed"],
  release: ["释放", "released"],
  fulfil: ["确认圆梦", "handed over"],
  thank: ["致谢", "thanked"],
  cancel: ["取消", "cancelled"],
  expire: ["过期", "expired"],
  "share-contact": ["交换联系方式", "used to share contact details"],
  link: ["关联到活动", "linked to an activity"],
  unlink: ["取消关联活动", "unlinked from its activity"],
};

/** A wish with this id already exists. */
export class WishAlreadyExists extends DomainError("WishAlreadyExists", {
  code: "wish.already_exists",
  httpStatus: 409,
  text: (props: { readonly wishId: string }) =>
    localized(`心愿 ${props.wishId} 已存在`, `Wish ${props.wishId} already exists`),
}) {}

/** No wish with this id has been drafted. */
export class WishNotFound extends DomainError("WishNotFound", {
  code: "wish.not_found",
  httpStatus: 404,
  text: (props: { readonly wishId: string }) =>
    localized(`找不到心愿 ${props.wishId}`, `Wish ${props.wishId} was not found`),
}) {}

/** The wish's status does not allow this step. */
export class WishTransitionNotAllowed extends DomainError("WishTransitionNotAllowed", {
  code: "wish.transition_not_allowed",
  httpStatus: 422,
  text: (props: {
    readonly wishId: string;
    readonly status: WishStatus;
    readonly step: WishStep;
  }) => {
    const [zhStep, enStep] = stepNames[props.step];
    const status = wishStatusNames[props.status];
    return localized(
      `心愿 ${props.wishId} 当前为“${status["zh-CN"]}”，不能${zhStep}`,
      `Wish ${props.wishId} is ${status.en} and cannot be ${enStep}`,
    );
  },
}) {}

/** Only active couriers post or redeem wishes. */
export class WishCourierNotActive extends DomainError("WishCourierNotActive", {
  code: "wish.courier_not_active",
  httpStatus: 422,
  text: (props: { readonly courierId: string; readonly status: string }) =>
    localized(
      `小哥 ${props.courierId} 当前状态为“${props.status}”，只有已激活的小哥才能发布或兑换心愿`,
      `Courier ${props.courierId} is ${props.status}; only active couriers can post or redeem wishes`,
    ),
}) {}

/**
 * The service did not give a fact the decision needs (the courier's facts, their open
 * wishes, their available points, the sponsor's facts): a wiring error, never guessed.
 */
export class WishFactsMissing extends DomainError("WishFactsMissing", {
  code: "wish.facts_missing",
  httpStatus: 500,
  text: (props: { readonly fact: string }) =>
    localized(
      `缺少决策所需的信息“${props.fact}”，请稍后重试`,
      `The decision needs "${props.fact}", which the service did not provide; please try again later`,
    ),
}) {}

/** The courier already has as many open wishes as the policy allows. */
export class TooManyOpenWishes extends DomainError("TooManyOpenWishes", {
  code: "wish.too_many_open",
  httpStatus: 422,
  text: (props: { readonly open: number; readonly max: number }) =>
    localized(
      `已有 ${props.open} 个进行中的心愿，每位小哥最多 ${props.max} 个`,
      `You have ${props.open} open wishes; at most ${props.max} are allowed`,
    ),
}) {}

/** The wish is worth more than the policy's cap. */
export class WishValueOverCap extends DomainError("WishValueOverCap", {
  code: "wish.value_over_cap",
  httpStatus: 422,
  text: (props: { readonly valueFen: number; readonly capFen: number }) =>
    localized(
      `心愿价值 ${(props.valueFen / 100).toFixed(2)} 元，超过上限 ${(props.capFen / 100).toFixed(2)} 元`,
      `The wish is worth ${(props.valueFen / 100).toFixed(2)} yuan, over the cap of ${(props.capFen / 100).toFixed(2)} yuan`,
    ),
}) {}

/** The wish names an item no wish may ask for. */
export class ProhibitedWishItem extends DomainError("ProhibitedWishItem", {
  code: "wish.prohibited_item",
  httpStatus: 422,
  text: (props: { readonly kind: ProhibitedItemKind; readonly term: string }) => {
    const kind = prohibitedItemKindNames[props.kind];
    return localized(
      `心愿不能是${kind["zh-CN"]}（“${props.term}”）`,
      `A wish cannot be for ${kind.en} ("${props.term}")`,
    );
  },
}) {}

/** The points part of a `both` wish must be less than its value (a sponsor pays the rest). */
export class PointsShareNotBelowValue extends DomainError("PointsShareNotBelowValue", {
  code: "wish.points_share_invalid",
  httpStatus: 422,
  text: (props: { readonly pointsShareFen: number; readonly valueFen: number }) =>
    localized(
      `积分支付部分（${(props.pointsShareFen / 100).toFixed(2)} 元）须小于心愿价值（${(props.valueFen / 100).toFixed(2)} 元），其余由圆梦人承担`,
      `The points part (${(props.pointsShareFen / 100).toFixed(2)} yuan) must be less than the value (${(props.valueFen / 100).toFixed(2)} yuan); a sponsor pays the rest`,
    ),
}) {}

/** Only the courier who posted the wish may do this. */
export class NotTheWishCourier extends DomainError("NotTheWishCourier", {
  code: "wish.not_the_courier",
  httpStatus: 403,
  text: (props: { readonly wishId: string; readonly actorId: string }) =>
    localized(
      `只有发布心愿 ${props.wishId} 的小哥本人可以操作（当前：${props.actorId}）`,
      `Only the courier who posted wish ${props.wishId} may do this (not ${props.actorId})`,
    ),
}) {}

/** The staff member is not one of the policy's moderators. */
export class NotAWishModerator extends DomainError("NotAWishModerator", {
  code: "wish.not_a_moderator",
  httpStatus: 403,
  text: (props: { readonly staffId: string }) =>
    localized(
      `工作人员 ${props.staffId} 不在本社区心愿审核人名单中`,
      `Staff member ${props.staffId} is not one of this community's wish moderators`,
    ),
}) {}

/** The wish's funding mode does not allow this kind of funding. */
export class FundingNotAllowed extends DomainError("FundingNotAllowed", {
  code: "wish.funding_not_allowed",
  httpStatus: 422,
  text: (props: {
    readonly wishId: string;
    readonly mode: string;
    readonly by: "sponsor" | "points";
  }) =>
    props.by === "sponsor"
      ? localized(
          `心愿 ${props.wishId} 只能用积分兑换，不接受认领`,
          `Wish ${props.wishId} is for points only (mode ${props.mode}) and cannot be claimed`,
        )
      : localized(
          `心愿 ${props.wishId} 只接受圆梦人认领，不能用积分兑换`,
          `Wish ${props.wishId} is for sponsors only (mode ${props.mode}) and cannot be redeemed with points`,
        ),
}) {}

/** The wish's sponsor part is already pledged. */
export class WishAlreadyClaimed extends DomainError("WishAlreadyClaimed", {
  code: "wish.already_claimed",
  httpStatus: 422,
  text: (props: { readonly wishId: string }) =>
    localized(`心愿 ${props.wishId} 已被认领`, `Wish ${props.wishId} is already claimed`),
}) {}

/** The wish's points part is already redeemed. */
export class WishAlreadyRedeemed extends DomainError("WishAlreadyRedeemed", {
  code: "wish.already_redeemed",
  httpStatus: 422,
  text: (props: { readonly wishId: string }) =>
    localized(`心愿 ${props.wishId} 已用积分兑换`, `Wish ${props.wishId} is already redeemed`),
}) {}

/** The wish's time on the wall is over (the timer has not expired it yet). */
export class WishPastExpiry extends DomainError("WishPastExpiry", {
  code: "wish.past_expiry",
  httpStatus: 422,
  text: (props: { readonly wishId: string; readonly expiresAt: string }) =>
    localized(
      `心愿 ${props.wishId} 已于 ${props.expiresAt} 到期`,
      `Wish ${props.wishId} expired at ${props.expiresAt}`,
    ),
}) {}

/** The sponsor is not registered, or not active. */
export class WishSponsorNotActive extends DomainError("WishSponsorNotActive", {
  code: "wish.sponsor_not_active",
  httpStatus: 422,
  text: (props: { readonly sponsorId: string; readonly status: string }) =>
    localized(
      `圆梦人 ${props.sponsorId} 当前状态为“${props.status}”，不能认领心愿`,
      `Sponsor ${props.sponsorId} is ${props.status} and cannot claim wishes`,
    ),
}) {}

/** The courier's available points do not cover the price. */
export class InsufficientPointsForWish extends DomainError("InsufficientPointsForWish", {
  code: "wish.insufficient_points",
  httpStatus: 422,
  text: (props: { readonly available: number; readonly price: number }) =>
    localized(
      `可用积分 ${props.available}，兑换需要 ${props.price}`,
      `You have ${props.available} points available; redeeming needs ${props.price}`,
    ),
}) {}

/** The price is not what the courier was shown (the policy's rate changed). */
export class WishPointsPriceChanged extends DomainError("WishPointsPriceChanged", {
  code: "wish.points_price_changed",
  httpStatus: 422,
  text: (props: { readonly expected: number; readonly price: number }) =>
    localized(
      `兑换价格已变为 ${props.price} 积分（您看到的是 ${props.expected}），请确认后重试`,
      `The price is now ${props.price} points (you were shown ${props.expected}); please confirm and try again`,
    ),
}) {}

/** The ledger has not confirmed the points hold yet, so the wish cannot be handed over. */
export class WishHoldNotConfirmed extends DomainError("WishHoldNotConfirmed", {
  code: "wish.hold_not_confirmed",
  httpStatus: 422,
  text: (props: { readonly wishId: string }) =>
    localized(
      `心愿 ${props.wishId} 的积分尚未冻结成功，暂不能确认圆梦`,
      `The points of wish ${props.wishId} are not held yet, so it cannot be handed over`,
    ),
}) {}

/** The points hold has timed out in the ledger; release the wish and redeem it again. */
export class WishHoldTimedOut extends DomainError("WishHoldTimedOut", {
  code: "wish.hold_timed_out",
  httpStatus: 422,
  text: (props: { readonly wishId: string; readonly timeoutAt: string }) =>
    localized(
      `心愿 ${props.wishId} 的积分冻结已于 ${props.timeoutAt} 到期，请释放后重新兑换`,
      `The points hold of wish ${props.wishId} timed out at ${props.timeoutAt}; release it and redeem again`,
    ),
}) {}

/** The wish was already handed over: no wish is fulfilled twice. */
export class WishAlreadyFulfilled extends DomainError("WishAlreadyFulfilled", {
  code: "wish.already_fulfilled",
  httpStatus: 422,
  text: (props: { readonly wishId: string }) =>
    localized(`心愿 ${props.wishId} 已圆梦`, `Wish ${props.wishId} was already fulfilled`),
}) {}

/** A timer came before the deadline it acts on. */
export class WishDeadlineNotReached extends DomainError("WishDeadlineNotReached", {
  code: "wish.deadline_not_reached",
  httpStatus: 422,
  text: (props: { readonly wishId: string; readonly deadline: string }) =>
    localized(
      `心愿 ${props.wishId} 的期限 ${props.deadline} 尚未到`,
      `The deadline of wish ${props.wishId} (${props.deadline}) has not passed`,
    ),
}) {}

/** Only the sponsor who pledged (or the courier, for their own redemption) may release it. */
export class NotYourWishFunding extends DomainError("NotYourWishFunding", {
  code: "wish.not_your_funding",
  httpStatus: 403,
  text: (props: { readonly wishId: string; readonly actorId: string }) =>
    localized(
      `${props.actorId} 没有认领或兑换心愿 ${props.wishId}，不能释放`,
      `${props.actorId} did not claim or redeem wish ${props.wishId}, so cannot release it`,
    ),
}) {}

/** A hold report names a hold this wish never asked for. */
export class UnknownWishHold extends DomainError("UnknownWishHold", {
  code: "wish.unknown_hold",
  httpStatus: 422,
  text: (props: { readonly wishId: string; readonly transferId: string }) =>
    localized(
      `心愿 ${props.wishId} 没有积分冻结 ${props.transferId}`,
      `Wish ${props.wishId} has no points hold ${props.transferId}`,
    ),
}) {}

/** The ledger cannot refuse a hold it already confirmed: the report is wrong. */
export class WishHoldAlreadyConfirmed extends DomainError("WishHoldAlreadyConfirmed", {
  code: "wish.hold_already_confirmed",
  httpStatus: 422,
  text: (props: { readonly wishId: string; readonly transferId: string }) =>
    localized(
      `心愿 ${props.wishId} 的积分冻结 ${props.transferId} 已确认，不能再记为失败`,
      `The hold ${props.transferId} of wish ${props.wishId} was confirmed and cannot be recorded as failed`,
    ),
}) {}

/** Contact sharing is between the courier and a sponsor who pledged; this actor is neither. */
export class NotAPartyToTheWish extends DomainError("NotAPartyToTheWish", {
  code: "wish.not_a_party",
  httpStatus: 403,
  text: (props: { readonly wishId: string; readonly actorId: string }) =>
    localized(
      `${props.actorId} 不是心愿 ${props.wishId} 的小哥或圆梦人`,
      `${props.actorId} is neither the courier nor the sponsor of wish ${props.wishId}`,
    ),
}) {}

/** A wish is linked to an activity that is over (completed) or cancelled. */
export class WishActivityOver extends DomainError("WishActivityOver", {
  code: "wish.activity_over",
  httpStatus: 422,
  text: (props: { readonly activityId: string; readonly status: string }) =>
    localized(
      `活动 ${props.activityId} 已${props.status === "cancelled" ? "取消" : "结束"}，不能再关联心愿`,
      `Activity ${props.activityId} is ${props.status}; no wish can be linked to it`,
    ),
}) {}

/** A wish is handed over at its station: the activity is at another. */
export class WishActivityElsewhere extends DomainError("WishActivityElsewhere", {
  code: "wish.activity_elsewhere",
  httpStatus: 422,
  text: (props: {
    readonly wishId: string;
    readonly stationId: string;
    readonly activityStationId: string;
  }) =>
    localized(
      `心愿 ${props.wishId} 在驿站 ${props.stationId} 交付，活动却在 ${props.activityStationId}`,
      `Wish ${props.wishId} is handed over at station ${props.stationId}, but the activity is at ${props.activityStationId}`,
    ),
}) {}

/** A hand-over recorded at an activity the wish is not linked to. */
export class WishNotLinkedToActivity extends DomainError("WishNotLinkedToActivity", {
  code: "wish.not_linked_to_activity",
  httpStatus: 422,
  text: (props: { readonly wishId: string; readonly activityId: string }) =>
    localized(
      `心愿 ${props.wishId} 未关联活动 ${props.activityId}，不能在该活动上确认圆梦`,
      `Wish ${props.wishId} is not linked to activity ${props.activityId}, so it cannot be handed over there`,
    ),
}) {}

/** A hand-over at an activity that has not started, or was cancelled. */
export class WishActivityNotUnderWay extends DomainError("WishActivityNotUnderWay", {
  code: "wish.activity_not_under_way",
  httpStatus: 422,
  text: (props: { readonly activityId: string; readonly status: string }) =>
    localized(
      `活动 ${props.activityId} 尚未开始或已取消，不能在此确认圆梦`,
      `Activity ${props.activityId} is ${props.status}: wishes are handed over there once it has started`,
    ),
}) {}

/** Every refusal of the wish aggregate. */
export type WishError =
  | WishAlreadyExists
  | WishNotFound
  | WishTransitionNotAllowed
  | WishCourierNotActive
  | WishFactsMissing
  | TooManyOpenWishes
  | WishValueOverCap
  | ProhibitedWishItem
  | PointsShareNotBelowValue
  | NotTheWishCourier
  | NotAWishModerator
  | FundingNotAllowed
  | WishAlreadyClaimed
  | WishAlreadyRedeemed
  | WishPastExpiry
  | WishSponsorNotActive
  | InsufficientPointsForWish
  | WishPointsPriceChanged
  | WishHoldNotConfirmed
  | WishHoldTimedOut
  | WishAlreadyFulfilled
  | WishDeadlineNotReached
  | NotYourWishFunding
  | UnknownWishHold
  | WishHoldAlreadyConfirmed
  | NotAPartyToTheWish
  | WishActivityOver
  | WishActivityElsewhere
  | WishNotLinkedToActivity
  | WishActivityNotUnderWay;
