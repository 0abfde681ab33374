import type { CourierFacts } from "../couriers/facts.js";
import type { Role } from "../kernel/actors.js";
import { accept, type Decision, type DecisionContext, refuse } from "../kernel/decider.js";
import { distanceInMetres, type GeoPoint } from "../kernel/geo.js";
import type { CourierId, ReportId, StationId } from "../kernel/ids.js";
import { addMillis, DAY, HOUR, isAfter, isBefore, MINUTE } from "../kernel/time.js";
import type { CommunityPolicy } from "../policy/schema.js";
import { reportAttributeProblems } from "./attributes.js";
import type { ReportCommand } from "./commands.js";
import { isReportOverdue } from "./deadlines.js";
import {
  DuplicateCategoryMismatch,
  NotTheAssignedHandler,
  NotTheReporter,
  ObservationInFuture,
  ObservationTooOld,
  OriginalReportNotFound,
  OriginalReportNotVerified,
  ReportAlreadyHidden,
  ReportAlreadySubmitted,
  ReportAttributesInvalid,
  ReportCorrectionUnchanged,
  ReportDescriptionTooLong,
  ReportDuplicateOfItself,
  type ReportError,
  ReporterNotActive,
  ReportNotFound,
  ReportNotHidden,
  ReportNotOverdue,
  ReportOverdueAlreadyFlagged,
  ReportPhotoAlreadyRedacted,
  ReportPhotoNotFound,
  type ReportStep,
  ReportTransitionNotAllowed,
  ResolutionConfirmationPending,
  TooManyReportPhotos,
  UnknownReportCategory,
} from "./errors.js";
import type { ReportEvent } from "./events.js";
import { isSubmitted, type Report, type ReportState, reportStatusesWithHandler } from "./state.js";
import type { ReportActor, ReportLocation, ReportStatus } from "./values.js";

/**
 * What the service tells the report decider about the original report when staff mark
 * a duplicate (see `originalReportFacts`, which derives it from the original's state).
 */
export interface OriginalReportFacts {
  readonly reportId: ReportId;
  readonly reporterId: CourierId;
  readonly category: string;
  readonly status: ReportStatus;
  /** Whether staff verified it (accepted it as real and useful). */
  readonly verified: boolean;
  /**
   * The couriers already credited as corroborators of it, when the service keeps a read
   * model of them; a courier is credited once per original.
   */
  readonly corroboratorIds?: ReadonlyArray<CourierId>;
}

/**
 * The decision context of sentinel reports: the community policy, and what the service
 * looked up — the acting courier's facts (to submit, a courier must be active) and the
 * original report's facts (to mark a duplicate).
 */
export interface ReportDecisionContext extends DecisionContext {
  readonly policy: CommunityPolicy;
  /** The facts of the acting courier, when a courier acts. */
  readonly courier?: CourierFacts;
  /** The facts of the original report named by `MarkReportDuplicate`. */
  readonly originalReport?: OriginalReportFacts;
}

type ReportDecision = Decision<ReportEvent, ReportError>;

// Phones' clocks drift; an observation a few minutes "in the future" is a skewed clock,
// not a lie, so it is accepted.
const OBSERVATION_CLOCK_SKEW = 5 * MINUTE;

const actorOf = (context: DecisionContext): ReportActor => {
  const roles: Partial<Record<Role, ReportActor["role"]>> = {
    courier: "reporter",
    staff: "staff",
    handler: "handler",
  };
  return { role: roles[context.actor.role] ?? "system", id: context.actor.id };
};

const optionalStation = (stationId: StationId | undefined): { stationId?: StationId } =>
  stationId === undefined ? {} : { stationId };

const withNote = (note: string | undefined): { note?: string } =>
  note === undefined ? {} : { note };

const notAllowed = (report: Report, step: ReportStep): ReportDecision =>
  refuse(
    new ReportTransitionNotAllowed({ reportId: report.reportId, status: report.status, step }),
  );

const isOneOf = (status: ReportStatus, statuses: ReadonlyArray<ReportStatus>): boolean =>
  statuses.includes(status);

// A handler acts only on the reports routed to them; staff and the system act on all.
const handlerMismatch = (report: Report, context: DecisionContext): ReportError | undefined =>
  context.actor.role === "handler" && context.actor.id !== report.handlerId
    ? new NotTheAssignedHandler({
        reportId: report.reportId,
        actorId: context.actor.id,
        handlerId: report.handlerId ?? "",
      })
    : undefined;

const samePoint = (a: GeoPoint | undefined, b: GeoPoint | undefined): boolean =>
  a === undefined || b === undefined
    ? a === b
    : a.datum === b.datum && distanceInMetres(a, b) === 0;

const sameLocation = (a: ReportLocation, b: ReportLocation): boolean =>
  a.address === b.address && a.addressId === b.addressId && samePoint(a.point, b.point);

const decideSubmit = (
  command: Extract<ReportCommand, { type: "SubmitReport" }>,
  state: ReportState,
  context: ReportDecisionContext,
): ReportDecision => {
  const data = command.data;
  if (isSubmitted(state)) return refuse(new ReportAlreadySubmitted({ reportId: data.reportId }));
  const courier = context.courier;
  if (courier === undefined || courier.courierId !== context.actor.id) {
    return refuse(new ReporterNotActive({ courierId: context.actor.id, status: "unknown" }));
  }
  if (courier.status !== "active") {
    return refuse(new ReporterNotActive({ courierId: courier.courierId, status: courier.status }));
  }
  const policy = context.policy.reports;
  const category = policy.categories.find((candidate) => candidate.id === data.category);
  if (category === undefined) return refuse(new UnknownReportCategory({ category: data.category }));
  const description = data.description ?? "";
  if (description.length > policy.maxDescriptionLength) {
    return refuse(
      new ReportDescriptionTooLong({
        length: description.length,
        max: policy.maxDescriptionLength,
      }),
    );
  }
  const attributeProblems = reportAttributeProblems(category, data.attributes);
  if (attributeProblems.length > 0) {
    return refuse(new ReportAttributesInvalid({ problems: attributeProblems }));
  }
  if (data.photos.length > policy.maxPhotos) {
    return refuse(new TooManyReportPhotos({ count: data.photos.length, max: policy.maxPhotos }));
  }
  if (isAfter(data.observedAt, addMillis(context.now, OBSERVATION_CLOCK_SKEW))) {
    return refuse(new ObservationInFuture({ observedAt: data.observedAt, now: context.now }));
  }
  if (isBefore(data.observedAt, addMillis(context.now, -policy.maxObservationAgeHours * HOUR))) {
    return refuse(
      new ObservationTooOld({
        observedAt: data.observedAt,
        maxAgeHours: policy.maxObservationAgeHours,
      }),
    );
  }
  return accept({
    type: "ReportSubmitted",
    data: {
      reportId: data.reportId,
      reporterId: courier.courierId,
      category: data.category,
      description,
      location: data.location,
      photos: data.photos,
      ...(data.attributes === undefined ? {} : { attributes: data.attributes }),
      ...(data.mediaUrl === undefined ? {} : { mediaUrl: data.mediaUrl }),
      observedAt: data.observedAt,
      submittedAt: context.now,
      ...optionalStation(data.stationId ?? courier.stationId),
    },
  });
};

const decideMarkDuplicate = (
  command: Extract<ReportCommand, { type: "MarkReportDuplicate" }>,
  report: Report,
  context: ReportDecisionContext,
): ReportDecision => {
  const { originalReportId, note } = command.data;
  if (report.status !== "submitted") return notAllowed(report, "mark-duplicate");
  if (originalReportId === report.reportId) {
    return refuse(new ReportDuplicateOfItself({ reportId: report.reportId }));
  }
  const original = context.originalReport;
  if (original === undefined || original.reportId !== originalReportId) {
    return refuse(new OriginalReportNotFound({ originalReportId }));
  }
  if (!original.verified) {
    return refuse(new OriginalReportNotVerified({ originalReportId, status: original.status }));
  }
  if (original.category !== report.category) {
    return refuse(
      new DuplicateCategoryMismatch({
        category: report.category,
        originalCategory: original.category,
      }),
    );
  }
  const by = actorOf(context);
  // Reporting the same problem twice, or corroborating the same original twice, earns
  // nothing more: the report is rejected as a duplicate without a corroboration.
  const alreadyCredited =
    original.reporterId === report.reporterId ||
    (original.corroboratorIds ?? []).includes(report.reporterId);
  if (alreadyCredited) {
    return accept({
      type: "ReportRejected",
      data: {
        reportId: report.reportId,
        reason: "duplicate",
        originalReportId,
        rejectedAt: context.now,
        by,
        ...withNote(note),
      },
    });
  }
  return accept({
    type: "ReportMarkedDuplicate",
    data: {
      reportId: report.reportId,
      originalReportId,
      reporterId: report.reporterId,
      category: report.category,
      markedAt: context.now,
      by,
      ...withNote(note),
    },
  });
};

const decideConfirm = (
  command: Extract<ReportCommand, { type: "ConfirmReportResolution" }>,
  report: Report,
  context: ReportDecisionContext,
): ReportDecision => {
  if (report.status !== "resolved" || report.resolution === undefined) {
    return notAllowed(report, "confirm");
  }
  const bySystem = context.actor.role === "system";
  if (bySystem && isBefore(context.now, report.resolution.confirmationDueAt)) {
    return refuse(
      new ResolutionConfirmationPending({
        reportId: report.reportId,
        confirmationDueAt: report.resolution.confirmationDueAt,
      }),
    );
  }
  return accept({
    type: "ReportClosed",
    data: {
      reportId: report.reportId,
      confirmation: bySystem ? "timeout" : "staff",
      closedAt: context.now,
      by: actorOf(context),
      ...withNote(command.data.note),
    },
  });
};

const reopened = (
  report: Report,
  context: ReportDecisionContext,
  note: string | undefined,
): ReportDecision =>
  accept({
    type: "ReportReopened",
    data: {
      reportId: report.reportId,
      reopenedAt: context.now,
      dueAt: addMillis(context.now, (report.dueHours ?? 0) * HOUR),
      by: actorOf(context),
      ...withNote(note),
    },
  });

const decideCorrectCategory = (
  command: Extract<ReportCommand, { type: "CorrectReportCategory" }>,
  report: Report,
  context: ReportDecisionContext,
): ReportDecision => {
  const { category, reason } = command.data;
  const target = context.policy.reports.categories.find((candidate) => candidate.id === category);
  if (target === undefined) return refuse(new UnknownReportCategory({ category }));
  if (category === report.category) {
    return refuse(new ReportCorrectionUnchanged({ reportId: report.reportId, field: "category" }));
  }
  // A routed report that is not finished (with its handler, or resolved and possibly
  // reopened) follows its new category to that category's handler, due from the start
  // of its current due period.
  const rerouted =
    isOneOf(report.status, [...reportStatusesWithHandler, "resolved"]) &&
    report.dueFrom !== undefined
      ? {
          routing: {
            handlerId: target.handler,
            dueHours: target.dueHours,
            dueAt: addMillis(report.dueFrom, target.dueHours * HOUR),
          },
        }
      : {};
  return accept({
    type: "ReportCategoryCorrected",
    data: {
      reportId: report.reportId,
      from: report.category,
      to: category,
      reason,
      correctedAt: context.now,
      by: actorOf(context),
      ...rerouted,
    },
  });
};

/**
 * Every rule of a sentinel report (民情前哨), one `case` per command. Who may send each
 * command is in the permission table; who may act on this report (its reporter, its
 * handler) is decided here.
 *
 * - Only an active courier reports; the category must be the policy's; the description
 *   (which may be left out), photos and observation age are within the policy; the
 *   answers fit the category's attributes, every problem listed at once.
 * - Staff accept (route to the category's handler, set the due time, and verify:
 *   `ReportAccepted` + `ReportVerified`), reject as invalid, or mark a duplicate of a
 *   verified report of the same category (`ReportMarkedDuplicate` credits the reporter as a
 *   corroborator, once per courier and original).
 * - The assigned handler (or staff) starts work, notes and resolves; the reporter answers
 *   whether it is fixed (closing or reopening it); staff close or reopen a resolved report;
 *   the system closes it once the confirmation window has passed.
 * - Staff moderate at any time: hide and unhide, redact a photo, correct the category
 *   (re-routing an open report) or the location. `closed` and `rejected` are terminal for
 *   everything else.
 * - The system flags a report still with its handler after its due time, once per due
 *   period (a reopening or a re-routing starts a new one).
 *
 * @example
 * const decision = decideReport(command, state, { now, actor, community, policy, courier });
 */
export const decideReport = (
  command: ReportCommand,
  state: ReportState,
  context: ReportDecisionContext,
): ReportDecision => {
  if (command.type === "SubmitReport") return decideSubmit(command, state, context);
  if (!isSubmitted(state)) return refuse(new ReportNotFound({ reportId: command.data.reportId }));
  const report = state;
  const by = actorOf(context);
  const now = context.now;
  const reportId = report.reportId;

  switch (command.type) {
    case "AcceptReport": {
      if (report.status !== "submitted") return notAllowed(report, "accept");
      const category = context.policy.reports.categories.find(
        (candidate) => candidate.id === report.category,
      );
      if (category === undefined) {
        return refuse(new UnknownReportCategory({ category: report.category }));
      }
      return accept(
        {
          type: "ReportAccepted",
          data: {
            reportId,
            category: report.category,
            handlerId: category.handler,
            dueHours: category.dueHours,
            dueAt: addMillis(now, category.dueHours * HOUR),
            acceptedAt: now,
            by,
            ...withNote(command.data.note),
          },
        },
        {
          type: "ReportVerified",
          data: {
            reportId,
            reporterId: report.reporterId,
            category: report.category,
            verifiedAt: now,
            by,
          },
        },
      );
    }
    case "RejectReport":
      if (report.status !== "submitted") return notAllowed(report, "reject");
      return accept({
        type: "ReportRejected",
        data: { reportId, reason: "invalid", rejectedAt: now, by, note: command.data.note },
      });
    case "MarkReportDuplicate":
      return decideMarkDuplicate(command, report, context);
    case "StartReportWork": {
      if (report.status !== "accepted" && report.status !== "reopened") {
        return notAllowed(report, "start-work");
      }
      const mismatch = handlerMismatch(report, context);
      if (mismatch !== undefined) return refuse(mismatch);
      return accept({
        type: "ReportWorkStarted",
        data: { reportId, startedAt: now, by, ...withNote(command.data.note) },
      });
    }
    case "AddReportStatusNote": {
      if (!isOneOf(report.status, ["submitted", ...reportStatusesWithHandler, "resolved"])) {
        return notAllowed(report, "note");
      }
      const mismatch = handlerMismatch(report, context);
      if (mismatch !== undefined) return refuse(mismatch);
      return accept({
        type: "ReportStatusNoted",
        data: {
          reportId,
          note: command.data.note,
          internal: command.data.internal,
          notedAt: now,
          by,
        },
      });
    }
    case "ResolveReport": {
      if (!isOneOf(report.status, reportStatusesWithHandler)) return notAllowed(report, "resolve");
      const mismatch = handlerMismatch(report, context);
      if (mismatch !== undefined) return refuse(mismatch);
      return accept({
        type: "ReportResolved",
        data: {
          reportId,
          reporterId: report.reporterId,
          note: command.data.note,
          resolvedAt: now,
          confirmationDueAt: addMillis(
            now,
            context.policy.reports.resolutionConfirmationDays * DAY,
          ),
          by,
        },
      });
    }
    case "AnswerResolutionCheck": {
      if (context.actor.id !== report.reporterId) {
        return refuse(new NotTheReporter({ reportId, actorId: context.actor.id }));
      }
      if (report.status !== "resolved") return notAllowed(report, "answer-check");
      if (!command.data.fixed) return reopened(report, context, command.data.note);
      return accept({
        type: "ReportClosed",
        data: {
          reportId,
          confirmation: "reporter",
          closedAt: now,
          by,
          ...withNote(command.data.note),
        },
      });
    }
    case "ConfirmReportResolution":
      return decideConfirm(command, report, context);
    case "ReopenReport":
      if (report.status !== "resolved") return notAllowed(report, "reopen");
      return reopened(report, context, command.data.note);
    case "HideReport":
      if (report.hidden !== undefined) return refuse(new ReportAlreadyHidden({ reportId }));
      return accept({
        type: "ReportHidden",
        data: { reportId, reason: command.data.reason, hiddenAt: now, by },
      });
    case "UnhideReport":
      if (report.hidden === undefined) return refuse(new ReportNotHidden({ reportId }));
      return accept({
        type: "ReportUnhidden",
        data: { reportId, reason: command.data.reason, unhiddenAt: now, by },
      });
    case "RedactReportPhoto": {
      const { photo, reason } = command.data;
      const found = report.photos.find((candidate) => candidate.reference === photo);
      if (found === undefined) return refuse(new ReportPhotoNotFound({ reportId, photo }));
      if (found.redacted) return refuse(new ReportPhotoAlreadyRedacted({ reportId, photo }));
      return accept({
        type: "ReportPhotoRedacted",
        data: { reportId, photo, reason, redactedAt: now, by },
      });
    }
    case "CorrectReportCategory":
      return decideCorrectCategory(command, report, context);
    case "FlagReportOverdue": {
      const { dueAt, handlerId } = report;
      if (!isReportOverdue(report, now) || dueAt === undefined || handlerId === undefined) {
        return refuse(new ReportNotOverdue({ reportId }));
      }
      if (report.overdueFlaggedFor === dueAt) {
        return refuse(new ReportOverdueAlreadyFlagged({ reportId, dueAt }));
      }
      return accept({
        type: "ReportBecameOverdue",
        data: {
          reportId,
          category: report.category,
          handlerId,
          dueAt,
          flaggedAt: now,
          ...optionalStation(report.stationId),
          by,
        },
      });
    }
    case "CorrectReportLocation": {
      const { location, reason } = command.data;
      if (sameLocation(location, report.location)) {
        return refuse(new ReportCorrectionUnchanged({ reportId, field: "location" }));
      }
      return accept({
        type: "ReportLocationCorrected",
        data: {
          reportId,
          from: report.location,
          to: location,
          reason,
          correctedAt: now,
          by,
        },
      });
    }
  }
};
