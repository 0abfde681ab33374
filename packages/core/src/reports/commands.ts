import { z } from "zod";
import { ReportId, StationId } from "../kernel/ids.js";
import { freeText } from "../kernel/text.js";
import { Instant } from "../kernel/time.js";
import { bilingual } from "../kernel/validation.js";
import { ReportCategoryId } from "../policy/sections/reports.js";
import { ReportAttributeAnswers } from "./attributes.js";
import { PhotoReference, ReportLocation, ReportMediaUrl, ReportNote } from "./values.js";

const command = <const Type extends string, Shape extends z.ZodRawShape>(
  type: Type,
  shape: Shape,
) => z.strictObject({ type: z.literal(type), data: z.strictObject(shape) });

/**
 * A courier reports a local problem (民情前哨 / 流动岗哨). The reporter is the courier
 * who sends it (the actor); the policy limits the description, the photos and how long
 * ago the problem may have been seen, and its category's attributes say what else it
 * answers. A location may be an address without a point, and a description may be left
 * out, as Open311 allows. The report belongs to the station it names, or
 * else to the courier's own station (报到站点).
 *
 * @example
 * { type: "SubmitReport", data: {
 *   reportId: "r-1", category: "river-patrol", description: "河面有大片漂浮垃圾",
 *   location: { point: { latitude: 30.7416, longitude: 121.3464, datum: "GCJ-02" },
 *               address: "龙胜路桥下" },
 *   photos: ["r-1-a.jpg"], observedAt: "2026-11-28T09:40:00+08:00" } }
 */
export const SubmitReport = command("SubmitReport", {
  reportId: ReportId,
  category: ReportCategoryId,
  /** What the problem is; Open311 allows a request without one. */
  description: freeText({
    subject: { zhCN: "问题描述", en: "the description" },
    max: 10_000,
  }).optional(),
  location: ReportLocation,
  photos: z
    .array(PhotoReference)
    .max(30)
    .refine(
      (photos) => new Set(photos).size === photos.length,
      bilingual("照片不能重复", "photos must not repeat"),
    )
    .default([]),
  observedAt: Instant,
  /** Answers to the category's attributes (its Open311 service definition), by code. */
  attributes: ReportAttributeAnswers.optional(),
  /** A link to media the reporter gave (Open311 `media_url`), kept as given. */
  mediaUrl: ReportMediaUrl.optional(),
  /** The station the report belongs to; absent: the courier's own station. */
  stationId: StationId.optional(),
});
/** A courier reports a local problem. */
export type SubmitReport = z.infer<typeof SubmitReport>;

/**
 * Staff accept a submitted report as real and useful: it is routed to the handler the
 * policy names for its category, gets a due time, and is verified (`ReportVerified`,
 * from which the reporter earns points).
 */
export const AcceptReport = command("AcceptReport", {
  reportId: ReportId,
  note: ReportNote.optional(),
});
/** Staff accept a submitted report. */
export type AcceptReport = z.infer<typeof AcceptReport>;

/** Staff reject a submitted report as invalid (not a real problem, outside the area, abuse); the note says why. */
export const RejectReport = command("RejectReport", {
  reportId: ReportId,
  note: ReportNote,
});
/** Staff reject a submitted report as invalid. */
export type RejectReport = z.infer<typeof RejectReport>;

/**
 * Staff mark a submitted report as a duplicate of an earlier, verified report of the same
 * category. Its reporter is credited as a corroborator of the original
 * (`ReportMarkedDuplicate`), unless they reported the original or already corroborated it.
 */
export const MarkReportDuplicate = command("MarkReportDuplicate", {
  reportId: ReportId,
  originalReportId: ReportId,
  note: ReportNote.optional(),
});
/** Staff mark a submitted report as a duplicate. */
export type MarkReportDuplicate = z.infer<typeof MarkReportDuplicate>;

/** The handler (or staff) starts work on an accepted or reopened report. */
export const StartReportWork = command("StartReportWork", {
  reportId: ReportId,
  note: ReportNote.optional(),
});
/** The handler starts work on a report. */
export type StartReportWork = z.infer<typeof StartReportWork>;

/**
 * The handler or staff add a status note (a progress update) to an open report.
 * `internal` notes are for staff and handlers only, never shown to the public.
 */
export const AddReportStatusNote = command("AddReportStatusNote", {
  reportId: ReportId,
  note: ReportNote,
  internal: z.boolean().default(false),
});
/** The handler or staff add a status note. */
export type AddReportStatusNote = z.infer<typeof AddReportStatusNote>;

/** The handler (or staff) resolve a report, saying what was done; the reporter is then asked. */
export const ResolveReport = command("ResolveReport", {
  reportId: ReportId,
  note: ReportNote,
});
/** The handler resolves a report. */
export type ResolveReport = z.infer<typeof ResolveReport>;

/**
 * The reporter answers whether a resolved report is really fixed: `fixed: true` closes
 * it, `fixed: false` reopens it.
 */
export const AnswerResolutionCheck = command("AnswerResolutionCheck", {
  reportId: ReportId,
  fixed: z.boolean(),
  note: ReportNote.optional(),
});
/** The reporter answers whether a resolved report is really fixed. */
export type AnswerResolutionCheck = z.infer<typeof AnswerResolutionCheck>;

/**
 * Staff confirm a resolved report and close it; the `system` may do so only once the
 * reporter's confirmation window (`reports.resolutionConfirmationDays`) has passed.
 */
export const ConfirmReportResolution = command("ConfirmReportResolution", {
  reportId: ReportId,
  note: ReportNote.optional(),
});
/** Staff or the system close a resolved report. */
export type ConfirmReportResolution = z.infer<typeof ConfirmReportResolution>;

/** Staff reopen a resolved report that is not really fixed; the note says why. */
export const ReopenReport = command("ReopenReport", {
  reportId: ReportId,
  note: ReportNote,
});
/** Staff reopen a resolved report. */
export type ReopenReport = z.infer<typeof ReopenReport>;

/** Staff hide a report from the public view (moderation); the reason stays in its history. */
export const HideReport = command("HideReport", {
  reportId: ReportId,
  reason: ReportNote,
});
/** Staff hide a report from the public. */
export type HideReport = z.infer<typeof HideReport>;

/** Staff show a hidden report to the public again. */
export const UnhideReport = command("UnhideReport", {
  reportId: ReportId,
  reason: ReportNote,
});
/** Staff show a hidden report again. */
export type UnhideReport = z.infer<typeof UnhideReport>;

/** Staff redact a photo (faces, number plates): it never appears publicly again. */
export const RedactReportPhoto = command("RedactReportPhoto", {
  reportId: ReportId,
  photo: PhotoReference,
  reason: ReportNote,
});
/** Staff redact a photo of a report. */
export type RedactReportPhoto = z.infer<typeof RedactReportPhoto>;

/**
 * Staff correct a report's category. A routed report that is not closed (with its handler,
 * or resolved and possibly reopened) is routed to the new category's handler, with the new
 * category's due time.
 */
export const CorrectReportCategory = command("CorrectReportCategory", {
  reportId: ReportId,
  category: ReportCategoryId,
  reason: ReportNote,
});
/** Staff correct a report's category. */
export type CorrectReportCategory = z.infer<typeof CorrectReportCategory>;

/** Staff correct a report's location. */
export const CorrectReportLocation = command("CorrectReportLocation", {
  reportId: ReportId,
  location: ReportLocation,
  reason: ReportNote,
});
/** Staff correct a report's location. */
export type CorrectReportLocation = z.infer<typeof CorrectReportLocation>;

/**
 * The `system` flags a report that is still with its handler after its due time
 * (`isReportOverdue`), once per due period, so that the handler and staff are told
 * (`ReportBecameOverdue`). A timer in the reports service sends it.
 */
export const FlagReportOverdue = command("FlagReportOverdue", {
  reportId: ReportId,
});
/** The system flags an overdue report. */
export type FlagReportOverdue = z.infer<typeof FlagReportOverdue>;

/** Every command of the sentinel report aggregate. */
export const ReportCommand = z.discriminatedUnion("type", [
  SubmitReport,
  AcceptReport,
  RejectReport,
  MarkReportDuplicate,
  StartReportWork,
  AddReportStatusNote,
  ResolveReport,
  AnswerResolutionCheck,
  ConfirmReportResolution,
  ReopenReport,
  HideReport,
  UnhideReport,
  RedactReportPhoto,
  CorrectReportCategory,
  CorrectReportLocation,
  FlagReportOverdue,
]);
/** Every command of the sentinel report aggregate. */
export type ReportCommand = z.infer<typeof ReportCommand>;

/** The type names of every report command, e.g. for the permission table's test. */
export const reportCommandTypes: ReadonlyArray<ReportCommand["type"]> = ReportCommand.options.map(
  (option) => option.shape.type.value,
);
