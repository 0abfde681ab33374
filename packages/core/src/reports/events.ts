import { z } from "zod";
import { CourierId, HandlerId, ReportId, StationId } from "../kernel/ids.js";
import { Instant } from "../kernel/time.js";
import { ReportCategoryId } from "../policy/sections/reports.js";
import { ReportAttributeAnswers } from "./attributes.js";
import {
  PhotoReference,
  ReportActor,
  ReportLocation,
  ReportMediaUrl,
  ReportNote,
} from "./values.js";

const event = <const Type extends string, Shape extends z.ZodRawShape>(type: Type, shape: Shape) =>
  z.strictObject({ type: z.literal(type), data: z.strictObject(shape) });

/** A courier reported a local problem. */
export const ReportSubmitted = event("ReportSubmitted", {
  reportId: ReportId,
  reporterId: CourierId,
  category: ReportCategoryId,
  /** Empty when the reporter gave none. */
  description: z.string(),
  location: ReportLocation,
  photos: z.array(PhotoReference),
  /** Answers to the category's attributes, as checked. */
  attributes: ReportAttributeAnswers.optional(),
  /** A link to media the reporter gave (Open311 `media_url`). */
  mediaUrl: ReportMediaUrl.optional(),
  observedAt: Instant,
  submittedAt: Instant,
  /**
   * The station it belongs to: named in the command, or the courier's. Absent (a courier
   * of no known station, or an event from before stations were recorded): unknown.
   */
  stationId: StationId.optional(),
});
/** A courier reported a local problem. */
export type ReportSubmitted = z.infer<typeof ReportSubmitted>;

/** Staff accepted the report and routed it to its category's handler, due by `dueAt`. */
export const ReportAccepted = event("ReportAccepted", {
  reportId: ReportId,
  category: ReportCategoryId,
  handlerId: HandlerId,
  dueHours: z.number().int().min(1),
  dueAt: Instant,
  acceptedAt: Instant,
  by: ReportActor,
  note: ReportNote.optional(),
});
/** Staff accepted the report and routed it. */
export type ReportAccepted = z.infer<typeof ReportAccepted>;

/**
 * Staff found the report real and useful (it happens at acceptance, together with
 * `ReportAccepted`, once per report). CONTRACT: `@courier-station/points` credits the
 * reporter from `{ reportId, reporterId, category, verifiedAt }`.
 */
export const ReportVerified = event("ReportVerified", {
  reportId: ReportId,
  reporterId: CourierId,
  category: ReportCategoryId,
  verifiedAt: Instant,
  by: ReportActor,
});
/** Staff found the report real and useful. */
export type ReportVerified = z.infer<typeof ReportVerified>;

/**
 * Staff rejected the report: `invalid`, or a `duplicate` of `originalReportId` that earns
 * no corroboration (its reporter reported or already corroborated the original).
 */
export const ReportRejected = event("ReportRejected", {
  reportId: ReportId,
  reason: z.enum(["invalid", "duplicate"]),
  originalReportId: ReportId.optional(),
  rejectedAt: Instant,
  by: ReportActor,
  note: ReportNote.optional(),
});
/** Staff rejected the report. */
export type ReportRejected = z.infer<typeof ReportRejected>;

/**
 * Staff marked the report (now rejected) as a duplicate of an earlier verified report; its
 * reporter corroborated the original. CONTRACT: `@courier-station/points` credits the
 * corroborator's share from `{ reportId, originalReportId, reporterId, category, markedAt }`.
 */
export const ReportMarkedDuplicate = event("ReportMarkedDuplicate", {
  reportId: ReportId,
  originalReportId: ReportId,
  reporterId: CourierId,
  category: ReportCategoryId,
  markedAt: Instant,
  by: ReportActor,
  note: ReportNote.optional(),
});
/** Staff marked the report as a duplicate; its reporter corroborated the original. */
export type ReportMarkedDuplicate = z.infer<typeof ReportMarkedDuplicate>;

/** The handler started work on the report. */
export const ReportWorkStarted = event("ReportWorkStarted", {
  reportId: ReportId,
  startedAt: Instant,
  by: ReportActor,
  note: ReportNote.optional(),
});
/** The handler started work on the report. */
export type ReportWorkStarted = z.infer<typeof ReportWorkStarted>;

/** A status note was added; `internal` notes are never shown to the public. */
export const ReportStatusNoted = event("ReportStatusNoted", {
  reportId: ReportId,
  note: ReportNote,
  internal: z.boolean(),
  notedAt: Instant,
  by: ReportActor,
});
/** A status note was added. */
export type ReportStatusNoted = z.infer<typeof ReportStatusNoted>;

/**
 * The report was resolved. A notifier asks `reporterId` whether it is really fixed,
 * before `confirmationDueAt`.
 */
export const ReportResolved = event("ReportResolved", {
  reportId: ReportId,
  reporterId: CourierId,
  note: ReportNote,
  resolvedAt: Instant,
  confirmationDueAt: Instant,
  by: ReportActor,
});
/** The report was resolved. */
export type ReportResolved = z.infer<typeof ReportResolved>;

/**
 * The resolution was confirmed and the report closed: by the `reporter`, by `staff`, or
 * by the system once the confirmation window passed (`timeout`).
 */
export const ReportClosed = event("ReportClosed", {
  reportId: ReportId,
  confirmation: z.enum(["reporter", "staff", "timeout"]),
  closedAt: Instant,
  by: ReportActor,
  note: ReportNote.optional(),
});
/** The report was closed. */
export type ReportClosed = z.infer<typeof ReportClosed>;

/** The report was not really fixed and is back with its handler, due again by `dueAt`. */
export const ReportReopened = event("ReportReopened", {
  reportId: ReportId,
  reopenedAt: Instant,
  dueAt: Instant,
  by: ReportActor,
  note: ReportNote.optional(),
});
/** The report was reopened. */
export type ReportReopened = z.infer<typeof ReportReopened>;

/** Staff hid the report from the public view. */
export const ReportHidden = event("ReportHidden", {
  reportId: ReportId,
  reason: ReportNote,
  hiddenAt: Instant,
  by: ReportActor,
});
/** Staff hid the report from the public view. */
export type ReportHidden = z.infer<typeof ReportHidden>;

/** Staff showed the report to the public again. */
export const ReportUnhidden = event("ReportUnhidden", {
  reportId: ReportId,
  reason: ReportNote,
  unhiddenAt: Instant,
  by: ReportActor,
});
/** Staff showed the report to the public again. */
export type ReportUnhidden = z.infer<typeof ReportUnhidden>;

/** Staff redacted a photo of the report. */
export const ReportPhotoRedacted = event("ReportPhotoRedacted", {
  reportId: ReportId,
  photo: PhotoReference,
  reason: ReportNote,
  redactedAt: Instant,
  by: ReportActor,
});
/** Staff redacted a photo of the report. */
export type ReportPhotoRedacted = z.infer<typeof ReportPhotoRedacted>;

/**
 * Staff corrected the report's category. When the report was routed and not closed,
 * `routing` says where it went and when it is now due.
 */
export const ReportCategoryCorrected = event("ReportCategoryCorrected", {
  reportId: ReportId,
  from: ReportCategoryId,
  to: ReportCategoryId,
  reason: ReportNote,
  correctedAt: Instant,
  by: ReportActor,
  routing: z
    .strictObject({
      handlerId: HandlerId,
      dueHours: z.number().int().min(1),
      dueAt: Instant,
    })
    .optional(),
});
/** Staff corrected the report's category. */
export type ReportCategoryCorrected = z.infer<typeof ReportCategoryCorrected>;

/** Staff corrected the report's location. */
export const ReportLocationCorrected = event("ReportLocationCorrected", {
  reportId: ReportId,
  from: ReportLocation,
  to: ReportLocation,
  reason: ReportNote,
  correctedAt: Instant,
  by: ReportActor,
});
/** Staff corrected the report's location. */
export type ReportLocationCorrected = z.infer<typeof ReportLocationCorrected>;

/**
 * The report was still with its handler after its due time (`dueAt`), flagged once per
 * due period by the system. A notifier tells its handler and the staff of its station.
 */
export const ReportBecameOverdue = event("ReportBecameOverdue", {
  reportId: ReportId,
  category: ReportCategoryId,
  handlerId: HandlerId,
  dueAt: Instant,
  flaggedAt: Instant,
  /** The station it belongs to, when known. */
  stationId: StationId.optional(),
  by: ReportActor,
});
/** The report was still with its handler after its due time. */
export type ReportBecameOverdue = z.infer<typeof ReportBecameOverdue>;

/** Every event of the sentinel report aggregate. */
export const ReportEvent = z.discriminatedUnion("type", [
  ReportSubmitted,
  ReportAccepted,
  ReportVerified,
  ReportRejected,
  ReportMarkedDuplicate,
  ReportWorkStarted,
  ReportStatusNoted,
  ReportResolved,
  ReportClosed,
  ReportReopened,
  ReportHidden,
  ReportUnhidden,
  ReportPhotoRedacted,
  ReportCategoryCorrected,
  ReportLocationCorrected,
  ReportBecameOverdue,
]);
/** Every event of the sentinel report aggregate. */
export type ReportEvent = z.infer<typeof ReportEvent>;
