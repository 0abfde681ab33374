import { reportPermissions } from "../access/permissions.js";
import type { Decider } from "../kernel/decider.js";
import type { ReportCommand } from "./commands.js";
import { decideReport, type ReportDecisionContext } from "./decide.js";
import type { ReportError } from "./errors.js";
import type { ReportEvent } from "./events.js";
import { evolveReport } from "./evolve.js";
import { initialReportState, type ReportState } from "./state.js";

/**
 * The sentinel report (民情前哨 / 流动岗哨) decider: a courier reports a local problem;
 * staff accept (route and verify), reject or mark it a duplicate; its handler works on
 * and resolves it; the reporter confirms the fix or reopens it; staff moderate it.
 *
 * @example
 * const outcome = handleCommand(reportDecider, record, envelope, {
 *   clock, ids, facts: { policy, courier: courierFacts(courierState) },
 * });
 */
export const reportDecider: Decider<
  ReportCommand,
  ReportState,
  ReportEvent,
  ReportError,
  ReportDecisionContext
> = {
  aggregate: "report",
  idOf: (command) => command.data.reportId,
  permissions: reportPermissions,
  initialState: initialReportState,
  decide: decideReport,
  evolve: evolveReport,
};

export {
  orderedReportAttributes,
  ReportAttributeAnswer,
  ReportAttributeAnswers,
  type ReportAttributeProblem,
  type ReportAttributeProblemReason,
  reportAttributeProblems,
  reportAttributeProblemText,
} from "./attributes.js";
export * from "./commands.js";
export { isReportOverdue, isResolutionConfirmationDue, reportOverdueMillis } from "./deadlines.js";
export { decideReport, type OriginalReportFacts, type ReportDecisionContext } from "./decide.js";
export {
  type DuplicateCandidate,
  type DuplicateHint,
  duplicateCandidateOf,
  duplicateHints,
  originalReportFacts,
} from "./duplicates.js";
export * from "./errors.js";
export * from "./events.js";
export { evolveReport } from "./evolve.js";
export {
  communityOfJurisdiction,
  jurisdictionIdOf,
  type Open311Error,
  type Open311Jurisdiction,
  Open311JurisdictionNotFound,
  Open311JurisdictionRequired,
  type Open311PostResponse,
  Open311QueryInvalid,
  type Open311RequestOptions,
  type Open311RequestQuery,
  Open311RequestSubmission,
  type Open311Service,
  type Open311ServiceAttribute,
  type Open311ServiceDefinition,
  Open311ServiceNotFound,
  type Open311ServiceRequest,
  type Open311Status,
  open311ErrorResponse,
  open311MaxDescriptionLength,
  open311PostResponse,
  open311RequestLimit,
  open311RequestQuery,
  open311ServiceDefinition,
  open311ServiceRequest,
  open311Services,
  open311Status,
  open311WindowDays,
  photoUrl,
  type QueryArgument,
  selectOpen311Requests,
  submitReportFromOpen311,
} from "./open311.js";
export {
  initialReportState,
  isSubmitted as isReportSubmitted,
  type Report,
  type ReportClosure,
  type ReportHistoryEntry,
  type ReportPhoto,
  type ReportRejection,
  type ReportResolution,
  type ReportState,
  reportStatusesWithHandler,
  terminalReportStatuses,
} from "./state.js";
export { type ReportCountsByStatus, type ReportSummary, summarizeReports } from "./statistics.js";
export * from "./values.js";
export {
  isReportPublic,
  publicPhotos,
  type ReportPublicStep,
  type ReportPublicView,
  type ReportReporterView,
  type ReportStaffView,
  reportCategoryName,
  reportHandlerName,
  reportPublicView,
  reportReporterView,
  reportStaffView,
} from "./views.js";
