import { type Instant, isAfter, isBefore, millisOf } from "../kernel/time.js";
import { isSubmitted, type ReportState, reportStatusesWithHandler } from "./state.js";

/**
 * Whether a report is overdue at `now`: still with its handler (accepted, in progress or
 * reopened) after its due time. Resolved, closed and rejected reports are never overdue.
 *
 * @example
 * const late = reports.filter((report) => isReportOverdue(report, clock.now()));
 */
export const isReportOverdue = (state: ReportState, now: Instant): boolean =>
  isSubmitted(state) &&
  reportStatusesWithHandler.includes(state.status) &&
  state.dueAt !== undefined &&
  isAfter(now, state.dueAt);

/** How many milliseconds a report is overdue at `now`; 0 when it is not. */
export const reportOverdueMillis = (state: ReportState, now: Instant): number =>
  isReportOverdue(state, now) && isSubmitted(state) && state.dueAt !== undefined
    ? millisOf(now) - millisOf(state.dueAt)
    : 0;

/**
 * Whether a resolved report's confirmation window has passed at `now`, so the `system`
 * may close it without the reporter's answer (`ConfirmReportResolution`). A timer in the
 * reports service sends that command for each report this is true of.
 */
export const isResolutionConfirmationDue = (state: ReportState, now: Instant): boolean =>
  isSubmitted(state) &&
  state.status === "resolved" &&
  state.resolution !== undefined &&
  !isBefore(now, state.resolution.confirmationDueAt);
