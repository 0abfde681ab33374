import { DomainError } from "../kernel/errors.js";
import { type LocalizedText, localized } from "../kernel/localized-text.js";
import type { ActivityStatus, ParticipationStatus } from "./state.js";

/*
 * The refusals of activities and participation (活动 / 微志愿). Codes are
 * `activity.snake_case` and never change once published.
 */

const statusNames: Readonly<Record<ActivityStatus | "none", LocalizedText>> = {
  none: localized("不存在", "not planned"),
  draft: localized("草稿", "a draft"),
  published: localized("已发布", "published"),
  started: localized("进行中", "started"),
  completed: localized("已结束", "completed"),
  cancelled: localized("已取消", "cancelled"),
};

const participationNames: Readonly<Record<ParticipationStatus, LocalizedText>> = {
  "signed-up": localized("已报名", "signed up"),
  cancelled: localized("已取消报名", "cancelled their sign-up"),
  attended: localized("已到场", "there"),
  "no-show": localized("已记为缺席", "marked a no-show"),
  confirmed: localized("已确认参与", "confirmed"),
};

/** What a command tries to do to an activity, named in both languages for messages. */
export type ActivityAction =
  | "update"
  | "publish"
  | "start"
  | "rotate-code"
  | "cancel"
  | "complete"
  | "sign-up"
  | "cancel-sign-up"
  | "check-in"
  | "check-out"
  | "record-walk-ins"
  | "confirm-attendance"
  | "mark-no-shows";

const actionNames: Readonly<Record<ActivityAction, LocalizedText>> = {
  update: localized("修改", "update"),
  publish: localized("发布", "publish"),
  start: localized("开始", "start"),
  "rotate-code": localized("更换签到码", "rotate the check-in code of"),
  cancel: localized("取消", "cancel"),
  complete: localized("结束", "complete"),
  "sign-up": localized("报名", "sign up for"),
  "cancel-sign-up": localized("取消报名", "cancel a sign-up for"),
  "check-in": localized("签到", "check in to"),
  "check-out": localized("签退", "check out of"),
  "record-walk-ins": localized("登记现场参与", "record walk-ins at"),
  "confirm-attendance": localized("确认到场", "confirm attendance at"),
  "mark-no-shows": localized("记录缺席", "mark no-shows at"),
};

/** An activity with this id was already planned. */
export class ActivityAlreadyPlanned extends DomainError("ActivityAlreadyPlanned", {
  code: "activity.already_planned",
  httpStatus: 409,
  text: (props: { readonly activityId: string }) =>
    localized(`活动 ${props.activityId} 已存在`, `Activity ${props.activityId} already exists`),
}) {}

/** No activity with this id has been planned. */
export class ActivityNotFound extends DomainError("ActivityNotFound", {
  code: "activity.not_found",
  httpStatus: 404,
  text: (props: { readonly activityId: string }) =>
    localized(`找不到活动 ${props.activityId}`, `Activity ${props.activityId} was not found`),
}) {}

/** The activity's status does not allow the action (publish a started activity, …). */
export class ActivityTransitionNotAllowed extends DomainError("ActivityTransitionNotAllowed", {
  code: "activity.transition_not_allowed",
  httpStatus: 422,
  text: (props: {
    readonly activityId: string;
    readonly status: ActivityStatus;
    readonly action: ActivityAction;
  }) =>
    localized(
      `活动 ${props.activityId} ${statusNames[props.status]["zh-CN"]}，不能${actionNames[props.action]["zh-CN"]}`,
      `Activity ${props.activityId} is ${statusNames[props.status].en}; cannot ${actionNames[props.action].en} it`,
    ),
}) {}

/**
 * The activity's time window overlaps the delivery peak hours (送餐高峰) and staff gave
 * no override: couriers cannot come then.
 */
export class ActivityInPeakHours extends DomainError("ActivityInPeakHours", {
  code: "activity.in_peak_hours",
  httpStatus: 422,
  text: (props: { readonly windows: ReadonlyArray<string> }) =>
    localized(
      `活动时间与送餐高峰（${props.windows.join("、")}）重叠，小哥无法参加；如确需安排，请填写原因`,
      `The activity overlaps the delivery peak hours (${props.windows.join(", ")}), when couriers cannot come; give a reason to override`,
    ),
}) {}

/** The activity has already ended, so it cannot be published or moved to the past. */
export class ActivityAlreadyOver extends DomainError("ActivityAlreadyOver", {
  code: "activity.already_over",
  httpStatus: 422,
  text: (props: { readonly activityId: string; readonly endsAt: string }) =>
    localized(
      `活动 ${props.activityId} 已于 ${props.endsAt} 结束`,
      `Activity ${props.activityId} ended at ${props.endsAt}`,
    ),
}) {}

/** The new time window is not valid: it must start before it ends and last at most the limit. */
export class InvalidActivityWindow extends DomainError("InvalidActivityWindow", {
  code: "activity.invalid_window",
  httpStatus: 400,
  text: (props: { readonly startsAt: string; readonly endsAt: string; readonly maxDays: number }) =>
    localized(
      `活动时间无效（${props.startsAt} 至 ${props.endsAt}）：开始须早于结束，且最长 ${props.maxDays} 天`,
      `Invalid activity window (${props.startsAt} to ${props.endsAt}): it must start before it ends and last at most ${props.maxDays} days`,
    ),
}) {}

/** `kind` and `signUpRequired` change only while the activity is a draft. */
export class ActivityFieldLocked extends DomainError("ActivityFieldLocked", {
  code: "activity.field_locked",
  httpStatus: 422,
  text: (props: { readonly field: string }) =>
    localized(
      `活动发布后不能再修改“${props.field}”`,
      `"${props.field}" cannot change once the activity is published`,
    ),
}) {}

/** The capacity cannot drop below the places already taken. */
export class CapacityBelowPlacesTaken extends DomainError("CapacityBelowPlacesTaken", {
  code: "activity.capacity_below_places_taken",
  httpStatus: 422,
  text: (props: { readonly capacity: number; readonly placesTaken: number }) =>
    localized(
      `名额 ${props.capacity} 少于已占用的 ${props.placesTaken} 个`,
      `A capacity of ${props.capacity} is less than the ${props.placesTaken} places already taken`,
    ),
}) {}

/** An activity cannot be started earlier than the check-in tolerance before its start. */
export class ActivityTooEarlyToStart extends DomainError("ActivityTooEarlyToStart", {
  code: "activity.too_early_to_start",
  httpStatus: 422,
  text: (props: { readonly activityId: string; readonly earliest: string }) =>
    localized(
      `活动 ${props.activityId} 最早可于 ${props.earliest} 开始`,
      `Activity ${props.activityId} can start from ${props.earliest}`,
    ),
}) {}

/** The new check-in code is the one already shown. */
export class CheckInCodeUnchanged extends DomainError("CheckInCodeUnchanged", {
  code: "activity.check_in_code_unchanged",
  httpStatus: 422,
  text: () =>
    localized("新的签到码与当前签到码相同", "The new check-in code is the same as the current one"),
}) {}

/** The service gave no facts about a courier the command concerns. */
export class ParticipantFactsMissing extends DomainError("ParticipantFactsMissing", {
  code: "activity.courier_unknown",
  httpStatus: 404,
  text: (props: { readonly courierId: string }) =>
    localized(`找不到小哥 ${props.courierId}`, `Courier ${props.courierId} was not found`),
}) {}

/** Only active couriers take part. */
export class ParticipantNotActive extends DomainError("ParticipantNotActive", {
  code: "activity.courier_not_active",
  httpStatus: 422,
  text: (props: { readonly courierId: string; readonly status: string }) =>
    localized(
      `小哥 ${props.courierId} 当前状态为“${props.status}”，只有已激活的小哥才能参加活动`,
      `Courier ${props.courierId} is ${props.status}; only active couriers take part in activities`,
    ),
}) {}

/** Volunteering (or patrols) are for the volunteer team (e哥志愿服务队) under this policy. */
export class VolunteeringForTeamOnly extends DomainError("VolunteeringForTeamOnly", {
  code: "activity.volunteer_team_only",
  httpStatus: 422,
  text: (props: { readonly courierId: string }) =>
    localized(
      `志愿服务仅限 e哥志愿服务队队员参加，小哥 ${props.courierId} 尚未加入`,
      `Volunteering is for members of the volunteer team; courier ${props.courierId} is not one`,
    ),
}) {}

/** The courier's sign-ups are paused after too many no-shows. */
export class ParticipantSignUpsPaused extends DomainError("ParticipantSignUpsPaused", {
  code: "activity.sign_ups_paused",
  httpStatus: 422,
  text: (props: { readonly courierId: string; readonly until: string }) =>
    localized(
      `小哥 ${props.courierId} 因多次缺席，报名暂停至 ${props.until}`,
      `Courier ${props.courierId} cannot sign up until ${props.until} after repeated no-shows`,
    ),
}) {}

/**
 * The courier withdrew their consent to data processing and has not consented again:
 * they are not processed, so they cannot sign up, check in or be recorded as a walk-in.
 */
export class ParticipantConsentWithdrawn extends DomainError("ParticipantConsentWithdrawn", {
  code: "activity.courier_consent_withdrawn",
  httpStatus: 422,
  text: (props: { readonly courierId: string }) =>
    localized(
      `小哥 ${props.courierId} 已撤回个人信息处理同意，重新同意前不能参加活动`,
      `Courier ${props.courierId} has withdrawn their consent to data processing and cannot take part in activities until they consent again`,
    ),
}) {}

/**
 * A sign-up is cancelled because the courier withdrew consent only when their facts say
 * that they did (and have not consented again).
 */
export class ConsentNotWithdrawn extends DomainError("ConsentNotWithdrawn", {
  code: "activity.consent_not_withdrawn",
  httpStatus: 422,
  text: (props: { readonly courierId: string }) =>
    localized(
      `小哥 ${props.courierId} 未撤回个人信息处理同意，不能以此为由取消其报名`,
      `Courier ${props.courierId} has not withdrawn their consent to data processing; their sign-up cannot be cancelled for that`,
    ),
}) {}

/** The courier already has a participation in this activity. */
export class AlreadyParticipating extends DomainError("AlreadyParticipating", {
  code: "activity.already_participating",
  httpStatus: 422,
  text: (props: { readonly courierId: string; readonly status: ParticipationStatus }) =>
    localized(
      `小哥 ${props.courierId} 在本活动中${participationNames[props.status]["zh-CN"]}`,
      `Courier ${props.courierId} has already ${props.status === "attended" ? "arrived" : participationNames[props.status].en} for this activity`,
    ),
}) {}

/** Every place is taken. */
export class ActivityFull extends DomainError("ActivityFull", {
  code: "activity.full",
  httpStatus: 422,
  text: (props: { readonly activityId: string; readonly capacity: number }) =>
    localized(
      `活动 ${props.activityId} 的 ${props.capacity} 个名额已满`,
      `All ${props.capacity} places of activity ${props.activityId} are taken`,
    ),
}) {}

/** The activity needs no sign-up: couriers come and check in. */
export class SignUpNotNeeded extends DomainError("SignUpNotNeeded", {
  code: "activity.sign_up_not_needed",
  httpStatus: 422,
  text: (props: { readonly activityId: string }) =>
    localized(
      `活动 ${props.activityId} 无需报名，到场签到即可`,
      `Activity ${props.activityId} needs no sign-up: come and check in`,
    ),
}) {}

/** The activity has ended: no more sign-ups. */
export class SignUpClosed extends DomainError("SignUpClosed", {
  code: "activity.sign_up_closed",
  httpStatus: 422,
  text: (props: { readonly activityId: string }) =>
    localized(
      `活动 ${props.activityId} 已截止报名`,
      `Sign-up for activity ${props.activityId} is closed`,
    ),
}) {}

/** A courier acts only for themselves. */
export class NotYourParticipation extends DomainError("NotYourParticipation", {
  code: "activity.not_your_participation",
  httpStatus: 403,
  text: (props: { readonly courierId: string }) =>
    localized(
      `只能为自己操作，不能代替小哥 ${props.courierId}`,
      `Couriers act only for themselves, not for courier ${props.courierId}`,
    ),
}) {}

/** The courier has no sign-up to act on. */
export class ParticipantNotSignedUp extends DomainError("ParticipantNotSignedUp", {
  code: "activity.not_signed_up",
  httpStatus: 422,
  text: (props: { readonly courierId: string }) =>
    localized(
      `小哥 ${props.courierId} 未报名本活动`,
      `Courier ${props.courierId} has not signed up for this activity`,
    ),
}) {}

/** Too close to the start for a courier to cancel their own sign-up. */
export class SignUpCancellationClosed extends DomainError("SignUpCancellationClosed", {
  code: "activity.cancellation_closed",
  httpStatus: 422,
  text: (props: { readonly closedAt: string }) =>
    localized(
      `${props.closedAt} 之后不能自行取消报名，请联系工作人员`,
      `Sign-ups can no longer be cancelled by couriers after ${props.closedAt}; ask the staff`,
    ),
}) {}

/** The check-in code is not the one the station shows. */
export class WrongCheckInCode extends DomainError("WrongCheckInCode", {
  code: "activity.wrong_check_in_code",
  httpStatus: 422,
  text: () =>
    localized(
      "签到码不正确，请核对驿站展示的签到码",
      "The check-in code is wrong: use the code the station shows",
    ),
}) {}

/** Check-in is only accepted within the time window widened by the tolerance. */
export class OutsideCheckInWindow extends DomainError("OutsideCheckInWindow", {
  code: "activity.outside_check_in_window",
  httpStatus: 422,
  text: (props: { readonly opensAt: string; readonly closesAt: string }) =>
    localized(
      `签到时间为 ${props.opensAt} 至 ${props.closesAt}`,
      `Check-in is open from ${props.opensAt} to ${props.closesAt}`,
    ),
}) {}

/** The courier has not arrived (checked in, been confirmed or recorded), so cannot check out. */
export class ParticipantNotThere extends DomainError("ParticipantNotThere", {
  code: "activity.not_there",
  httpStatus: 422,
  text: (props: { readonly courierId: string }) =>
    localized(`小哥 ${props.courierId} 尚未签到`, `Courier ${props.courierId} has not checked in`),
}) {}

/** The courier already checked out. */
export class ParticipantAlreadyCheckedOut extends DomainError("ParticipantAlreadyCheckedOut", {
  code: "activity.already_checked_out",
  httpStatus: 422,
  text: (props: { readonly courierId: string }) =>
    localized(`小哥 ${props.courierId} 已签退`, `Courier ${props.courierId} already checked out`),
}) {}

/** No-shows are marked only once the activity has begun. */
export class NoShowTooEarly extends DomainError("NoShowTooEarly", {
  code: "activity.no_show_too_early",
  httpStatus: 422,
  text: (props: { readonly startsAt: string }) =>
    localized(
      `活动于 ${props.startsAt} 开始，之前不能记录缺席`,
      `No-shows can be marked from the start, ${props.startsAt}`,
    ),
}) {}

/** Hours are adjusted only for couriers who were there. */
export class AdjustedCourierNotThere extends DomainError("AdjustedCourierNotThere", {
  code: "activity.adjusted_courier_not_there",
  httpStatus: 422,
  text: (props: { readonly courierId: string }) =>
    localized(
      `小哥 ${props.courierId} 未到场，不能调整其志愿时长`,
      `Courier ${props.courierId} was not there; their hours cannot be adjusted`,
    ),
}) {}

/** One courier's refusal in a bulk command. */
export interface ParticipantProblem {
  readonly courierId: string;
  readonly code: string;
  readonly text: LocalizedText;
}

/**
 * A bulk command (walk-ins, attendance, no-shows) was refused for some couriers, so
 * nothing was recorded: `problems` says who and why, one refusal each.
 */
export class ParticipantsRefused extends DomainError("ParticipantsRefused", {
  code: "activity.bulk_refused",
  httpStatus: 422,
  text: (props: { readonly problems: ReadonlyArray<ParticipantProblem> }) => {
    const first = props.problems[0];
    const more = props.problems.length - 1;
    return localized(
      `${props.problems.length} 位小哥无法处理，未作任何记录${first ? `：${first.text["zh-CN"]}` : ""}${more > 0 ? `（另有 ${more} 位）` : ""}`,
      `Nothing was recorded: ${props.problems.length} courier(s) refused${first ? `: ${first.text.en}` : ""}${more > 0 ? ` (and ${more} more)` : ""}`,
    );
  },
}) {}

/** Every refusal of the activity decider. */
export type ActivityError =
  | ActivityAlreadyPlanned
  | ActivityNotFound
  | ActivityTransitionNotAllowed
  | ActivityInPeakHours
  | ActivityAlreadyOver
  | InvalidActivityWindow
  | ActivityFieldLocked
  | CapacityBelowPlacesTaken
  | ActivityTooEarlyToStart
  | CheckInCodeUnchanged
  | ParticipantFactsMissing
  | ParticipantNotActive
  | VolunteeringForTeamOnly
  | ParticipantSignUpsPaused
  | ParticipantConsentWithdrawn
  | ConsentNotWithdrawn
  | AlreadyParticipating
  | ActivityFull
  | SignUpNotNeeded
  | SignUpClosed
  | NotYourParticipation
  | ParticipantNotSignedUp
  | SignUpCancellationClosed
  | WrongCheckInCode
  | OutsideCheckInWindow
  | ParticipantNotThere
  | ParticipantAlreadyCheckedOut
  | NoShowTooEarly
  | AdjustedCourierNotThere
  | ParticipantsRefused;
