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
