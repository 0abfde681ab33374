import type { CourierId, HandlerId, ReportId, StationId } from "../kernel/ids.js";
import type { Instant } from "../kernel/time.js";
import type { ReportAttributeAnswers } from "./attributes.js";
import type { ReportEvent } from "./events.js";
import type { PhotoReference, ReportActor, ReportLocation, ReportStatus } from "./values.js";

/** A photo of a report; a redacted photo is kept (for staff) but never shown publicly. */
export interface ReportPhoto {
  readonly reference: PhotoReference;
  readonly redacted: boolean;
}

/**
 * One step in a report's history (its audit trail): every event, with who took it and its
 * note. `publicStep` says whether the public view shows it: lifecycle steps are public,
 * moderation and internal notes are not.
 */
export interface ReportHistoryEntry {
  readonly type: ReportEvent["type"];
  readonly at: Instant;
  readonly by: ReportActor;
  readonly note?: string;
  readonly publicStep: boolean;
}

/** Why a report was rejected; for a duplicate, the original and whether it earned corroboration. */
export interface ReportRejection {
  readonly reason: "invalid" | "duplicate";
  readonly rejectedAt: Instant;
  readonly note?: string;
  readonly originalReportId?: ReportId;
  /** The reporter was credited as a corroborator of the original (`ReportMarkedDuplicate`). */
  readonly corroborated: boolean;
}

/** The handler's resolution of a report. */
export interface ReportResolution {
  readonly note: string;
  readonly resolvedAt: Instant;
  /** Until when the reporter is asked whether it is really fixed. */
  readonly confirmationDueAt: Instant;
}

/** How a report was closed. */
export interface ReportClosure {
  readonly closedAt: Instant;
  readonly confirmation: "reporter" | "staff" | "timeout";
  readonly note?: string;
}

/** A sentinel report (民情前哨) once submitted. */
export interface Report {
  readonly status: ReportStatus;
  readonly reportId: ReportId;
  /** The reporting courier: shown to staff, never to the public. */
  readonly reporterId: CourierId;
  readonly category: string;
  /** Empty when the reporter gave none. */
  readonly description: string;
  readonly location: ReportLocation;
  readonly photos: ReadonlyArray<ReportPhoto>;
  /** Answers to the category's attributes, by attribute code. */
  readonly attributes?: ReportAttributeAnswers;
  /** A link to media the reporter gave (Open311 `media_url`). */
  readonly mediaUrl?: string;
  readonly observedAt: Instant;
  readonly submittedAt: Instant;
  /** The station it belongs to; absent: unknown. */
  readonly stationId?: StationId;
  /** The handler it is routed to, from acceptance on. */
  readonly handlerId?: HandlerId;
  readonly acceptedAt?: Instant;
  /** When staff verified it as real and useful (at acceptance). */
  readonly verifiedAt?: Instant;
  /** The hours its category allows to resolve it, from acceptance on. */
  readonly dueHours?: number;
  /** When it is due to be resolved: acceptance (or the last reopening) plus `dueHours`. */
  readonly dueAt?: Instant;
  /** When the current due period started: acceptance or the last reopening. */
  readonly dueFrom?: Instant;
  readonly workStartedAt?: Instant;
  /** The due time for which the system last flagged it overdue (`ReportBecameOverdue`). */
  readonly overdueFlaggedFor?: Instant;
  readonly resolution?: ReportResolution;
  readonly closure?: ReportClosure;
  readonly rejection?: ReportRejection;
  readonly reopenCount: number;
  /** Set while hidden from the public view. */
  readonly hidden?: { readonly reason: string; readonly hiddenAt: Instant };
  /** The last change of any kind (the Open311 `updated_datetime`). */
  readonly updatedAt: Instant;
  readonly history: ReadonlyArray<ReportHistoryEntry>;
}

/** The state of a report aggregate: nothing yet, or the report. */
export type ReportState = { readonly status: "none" } | Report;

/** The state of a report before its first event. */
export const initialReportState = (): ReportState => ({ status: "none" });

/** Whether the report exists (has been submitted). */
export const isSubmitted = (state: ReportState): state is Report => state.status !== "none";

/** The statuses in which a report is with its handler and can be overdue. */
export const reportStatusesWithHandler: ReadonlyArray<ReportStatus> = [
  "accepted",
  "in_progress",
  "reopened",
];

/** The statuses a report does not leave (only moderation changes it further). */
export const terminalReportStatuses: ReadonlyArray<ReportStatus> = ["closed", "rejected"];
