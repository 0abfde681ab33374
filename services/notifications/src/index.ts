/**
 * Courier Station's notifications service (a private workspace): an inbox per person,
 * fed by the other services' events, on the bus as `notificationsContract` says, with
 * outside channels through the `Notifier` port.
 *
 * @packageDocumentation
 */
export { chooseNoticeLanguage, markNoticeRead, personalInboxOf } from "./commands.js";
export {
  courierRosterEventTypes,
  districtNoticeIdFor,
  followCouriers,
  hasExpired,
  postDistrictNotice,
} from "./district-notices.js";
export {
  DistrictNoticeConflict,
  NoticeExpiryPassed,
  NoticeNotFound,
  NotYourNotice,
  StaffDeskOnly,
} from "./errors.js";
export { deliverNotices, eraseInbox, languageOf, SubjectNotYetKnown } from "./flows.js";
export {
  excerpt,
  excerptLength,
  type InboxRole,
  inLanguage,
  isRecipient,
  type KnownSubject,
  learnedFrom,
  localTimeText,
  type NoticeDraft,
  type NoticeRecipient,
  type NoticeSettings,
  NoticeSourceEvent,
  needsKnownCourier,
  noticeSourceEventTypes,
  noticesOf,
  subjectOf,
} from "./notices.js";
export {
  defaultNotifierTimeoutMs,
  loggingNotifier,
  Notifier,
  type NotifierApi,
  NotifierFailed,
  type OutsideNotice,
} from "./notifier.js";
export { inboxOf, noticeViewOf } from "./queries.js";
export {
  type CourierRosterRow,
  courierRosterRows,
  type DistrictNoticeRow,
  districtNoticeRows,
  type ErasedInboxRow,
  erasedInboxRows,
  inboxKeyOf,
  type LanguageChoiceRow,
  languageChoiceRows,
  type NoticeRow,
  noticeRows,
  type OutsideStatus,
  type SubjectRow,
  subjectRows,
} from "./read-models.js";
export { notificationsService } from "./service.js";
