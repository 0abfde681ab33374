/**
 * Courier Station's notifications service (a private workspace): an inbox per person,
 * fed by the other services' events, on the bus as `notificationsContract` says.
 *
 * @packageDocumentation
 */
export {
  excerpt,
  excerptLength,
  type InboxRole,
  inLanguage,
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
