import { DomainError, localized } from "@courier-station/core";

/** No notice with this id in the community. */
export class NoticeNotFound extends DomainError("NoticeNotFound", {
  code: "notice.not_found",
  httpStatus: 404,
  text: (props: { readonly noticeId: string }) =>
    localized(`没有找到消息 ${props.noticeId}`, `There is no notice ${props.noticeId}`),
}) {}

/** A notice is marked read by its recipient only; this actor is someone else. */
export class NotYourNotice extends DomainError("NotYourNotice", {
  code: "notice.not_yours",
  httpStatus: 403,
  text: (props: { readonly noticeId: string }) =>
    localized(
      `消息 ${props.noticeId} 不是发给你的，只有收件人可以标为已读`,
      `Notice ${props.noticeId} is not yours: only its recipient may mark it read`,
    ),
}) {}

/** The staff desk is read by staff only. */
export class StaffDeskOnly extends DomainError("StaffDeskOnly", {
  code: "notice.staff_desk_only",
  httpStatus: 403,
  text: (props: { readonly role: string }) =>
    localized(
      `工作台消息仅供工作人员查看，角色“${props.role}”不能查看`,
      `The staff desk is for staff only; the role "${props.role}" may not read it`,
    ),
}) {}

/** A district notice id already posted with another text, audience or expiry. */
export class DistrictNoticeConflict extends DomainError("DistrictNoticeConflict", {
  code: "notice.district_conflict",
  httpStatus: 409,
  text: (props: { readonly noticeId: string }) =>
    localized(
      `通知“${props.noticeId}”已以不同的内容、对象或截止时间发布过；请换一个通知标识`,
      `The district notice "${props.noticeId}" was posted before with another text, audience or expiry; choose another id`,
    ),
}) {}

/** A new district notice that would expire at once: its expiry is not in the future. */
export class NoticeExpiryPassed extends DomainError("NoticeExpiryPassed", {
  code: "notice.expiry_passed",
  httpStatus: 422,
  text: (props: { readonly expiresAt: string }) =>
    localized(
      `通知的截止时间 ${props.expiresAt} 已经过去，须晚于现在`,
      `The notice's expiry ${props.expiresAt} has passed; it must be later than now`,
    ),
}) {}
