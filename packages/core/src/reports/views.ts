import type { CourierId, HandlerId, ReportId, StationId } from "../kernel/ids.js";
import { type LocalizedText, localized } from "../kernel/localized-text.js";
import type { Instant } from "../kernel/time.js";
import type { ReportPolicy } from "../policy/sections/reports.js";
import type { ReportAttributeAnswers } from "./attributes.js";
import { isReportOverdue, isResolutionConfirmationDue } from "./deadlines.js";
import type { ReportEvent } from "./events.js";
import {
  isSubmitted,
  type Report,
  type ReportClosure,
  type ReportRejection,
  type ReportState,
} from "./state.js";
import type { PhotoReference, ReportActor, ReportLocation, ReportStatus } from "./values.js";

/**
 * The name of a handler (处置人) from the policy; a handler the policy does not list is
 * named by its id.
 */
export const reportHandlerName = (
  policy: Pick<ReportPolicy, "handlers">,
  handlerId: HandlerId,
): LocalizedText =>
  policy.handlers.find((handler) => handler.id === handlerId)?.name ??
  localized(handlerId, handlerId);

/** The name of a report category from the policy; an unknown category is named by its id. */
export const reportCategoryName = (
  policy: Pick<ReportPolicy, "categories">,
  categoryId: string,
): LocalizedText =>
  policy.categories.find((category) => category.id === categoryId)?.name ??
  localized(categoryId, categoryId);

/**
 * Whether the public (and Open311) may see a report: it is submitted, not hidden, not
 * rejected, and accepted unless the policy publishes reports before acceptance.
 */
export const isReportPublic = (
  state: ReportState,
  policy: Pick<ReportPolicy, "publicBeforeAcceptance">,
): state is Report =>
  isSubmitted(state) &&
  state.hidden === undefined &&
  state.status !== "rejected" &&
  (state.status !== "submitted" || policy.publicBeforeAcceptance);

/** A step of a report's public history: who took it by role only, never by id. */
export interface ReportPublicStep {
  readonly type: ReportEvent["type"];
  readonly at: Instant;
  readonly by: ReportActor["role"];
  readonly note?: string;
}

/**
 * What the public sees of a report. The reporter is anonymous (neither their id nor the
 * ids of those who acted appear), redacted photos are gone, and moderation steps and
 * internal notes are left out of the history.
 */
export interface ReportPublicView {
  readonly reportId: ReportId;
  readonly category: string;
  readonly categoryName: LocalizedText;
  readonly status: ReportStatus;
  readonly description: string;
  readonly location: ReportLocation;
  readonly photos: ReadonlyArray<PhotoReference>;
  readonly observedAt: Instant;
  readonly submittedAt: Instant;
  readonly handler?: { readonly id: HandlerId; readonly name: LocalizedText };
  readonly acceptedAt?: Instant;
  readonly dueAt?: Instant;
  readonly resolution?: { readonly note: string; readonly resolvedAt: Instant };
  readonly closedAt?: Instant;
  readonly reopenCount: number;
  readonly updatedAt: Instant;
  readonly history: ReadonlyArray<ReportPublicStep>;
}

/** The photos the public may see: those not redacted. */
export const publicPhotos = (report: Report): PhotoReference[] =>
  report.photos.filter((photo) => !photo.redacted).map((photo) => photo.reference);

/**
 * The public view of a report, or `undefined` when the public may not see it (see
 * {@link isReportPublic}).
 *
 * @example
 * const view = reportPublicView(state, policy.reports);
 * if (view === undefined) reply(404);
 */
export const reportPublicView = (
  state: ReportState,
  policy: Pick<ReportPolicy, "publicBeforeAcceptance" | "categories" | "handlers">,
): ReportPublicView | undefined => {
  if (!isReportPublic(state, policy)) return undefined;
  const report = state;
  return {
    reportId: report.reportId,
    category: report.category,
    categoryName: reportCategoryName(policy, report.category),
    status: report.status,
    description: report.description,
    location: report.location,
    photos: publicPhotos(report),
    observedAt: report.observedAt,
    submittedAt: report.submittedAt,
    ...(report.handlerId === undefined
      ? {}
      : {
          handler: { id: report.handlerId, name: reportHandlerName(policy, report.handlerId) },
        }),
    ...(report.acceptedAt === undefined ? {} : { acceptedAt: report.acceptedAt }),
    ...(report.dueAt === undefined ? {} : { dueAt: report.dueAt }),
    ...(report.resolution === undefined
      ? {}
      : { resolution: { note: report.resolution.note, resolvedAt: report.resolution.resolvedAt } }),
    ...(report.closure === undefined ? {} : { closedAt: report.closure.closedAt }),
    reopenCount: report.reopenCount,
    updatedAt: report.updatedAt,
    history: publicStepsOf(report),
  };
};

const publicStepsOf = (report: Report): ReportPublicStep[] =>
  report.history
    .filter((entry) => entry.publicStep)
    .map((entry) =>
      entry.note === undefined
        ? { type: entry.type, at: entry.at, by: entry.by.role }
        : { type: entry.type, at: entry.at, by: entry.by.role, note: entry.note },
    );

/**
 * What the reporter sees of their own report, whether or not the public may see it:
 * what they sent (answers and media link included), where it is and who handles it, when
 * they are asked whether it is fixed, and why it was rejected or closed. Like the public,
 * they see the steps by role only and no moderation (only whether it is shown publicly),
 * no internal notes and no redacted photos.
 */
export interface ReportReporterView {
  readonly reportId: ReportId;
  readonly reporterId: CourierId;
  readonly category: string;
  readonly categoryName: LocalizedText;
  readonly status: ReportStatus;
  readonly description: string;
  readonly location: ReportLocation;
  readonly photos: ReadonlyArray<PhotoReference>;
  readonly attributes?: ReportAttributeAnswers;
  readonly mediaUrl?: string;
  readonly observedAt: Instant;
  readonly submittedAt: Instant;
  readonly stationId?: StationId;
  readonly handler?: { readonly id: HandlerId; readonly name: LocalizedText };
  readonly acceptedAt?: Instant;
  readonly dueAt?: Instant;
  readonly resolution?: {
    readonly note: string;
    readonly resolvedAt: Instant;
    /** Until when they are asked whether it is fixed. */
    readonly confirmationDueAt: Instant;
  };
  readonly closure?: ReportClosure;
  readonly rejection?: ReportRejection;
  readonly reopenCount: number;
  /** Whether the public sees it now (accepted, or earlier when the policy says so; not hidden or rejected). */
  readonly shownPublicly: boolean;
  /** They are asked now whether it is really fixed (`AnswerResolutionCheck`). */
  readonly resolutionCheckOpen: boolean;
  readonly updatedAt: Instant;
  readonly history: ReadonlyArray<ReportPublicStep>;
}

/**
 * The reporter's view of their report, or `undefined` when there is none or `courierId`
 * did not report it (another courier sees the public view, if any).
 *
 * @example
 * const view = reportReporterView(state, policy.reports, actor.id);
 * view?.resolutionCheckOpen; // true: ask "is it fixed?"
 */
export const reportReporterView = (
  state: ReportState,
  policy: Pick<ReportPolicy, "publicBeforeAcceptance" | "categories" | "handlers">,
  courierId: string,
): ReportReporterView | undefined => {
  if (!isSubmitted(state) || state.reporterId !== courierId) return undefined;
  const report = state;
  return {
    reportId: report.reportId,
    reporterId: report.reporterId,
    category: report.category,
    categoryName: reportCategoryName(policy, report.category),
    status: report.status,
    description: report.description,
    location: report.location,
    photos: publicPhotos(report),
    ...(report.attributes === undefined ? {} : { attributes: report.attributes }),
    ...(report.mediaUrl === undefined ? {} : { mediaUrl: report.mediaUrl }),
    observedAt: report.observedAt,
    submittedAt: report.submittedAt,
    ...(report.stationId === undefined ? {} : { stationId: report.stationId }),
    ...(report.handlerId === undefined
      ? {}
      : {
          handler: { id: report.handlerId, name: reportHandlerName(policy, report.handlerId) },
        }),
    ...(report.acceptedAt === undefined ? {} : { acceptedAt: report.acceptedAt }),
    ...(report.dueAt === undefined ? {} : { dueAt: report.dueAt }),
    ...(report.resolution === undefined ? {} : { resolution: report.resolution }),
    ...(report.closure === undefined ? {} : { closure: report.closure }),
    ...(report.rejection === undefined ? {} : { rejection: report.rejection }),
    reopenCount: report.reopenCount,
    shownPublicly: isReportPublic(report, policy),
    resolutionCheckOpen: report.status === "resolved",
    updatedAt: report.updatedAt,
    history: publicStepsOf(report),
  };
};

/**
 * What staff see of a report: everything (the reporter, redacted photos marked as such,
 * hidden state, the whole history with who did what), plus its names and deadlines at `now`.
 */
export interface ReportStaffView extends Report {
  readonly categoryName: LocalizedText;
  readonly handlerName?: LocalizedText;
  readonly overdue: boolean;
  /** The reporter's confirmation window has passed; the report may be closed without them. */
  readonly confirmationDue: boolean;
}

/**
 * The staff view of a report at `now`, or `undefined` before it is submitted.
 *
 * @example
 * const view = reportStaffView(state, policy.reports, clock.now());
 */
export const reportStaffView = (
  state: ReportState,
  policy: Pick<ReportPolicy, "categories" | "handlers">,
  now: Instant,
): ReportStaffView | undefined => {
  if (!isSubmitted(state)) return undefined;
  return {
    ...state,
    categoryName: reportCategoryName(policy, state.category),
    ...(state.handlerId === undefined
      ? {}
      : { handlerName: reportHandlerName(policy, state.handlerId) }),
    overdue: isReportOverdue(state, now),
    confirmationDue: isResolutionConfirmationDue(state, now),
  };
};
