import type { Instant } from "../kernel/time.js";
import type { ReportEvent } from "./events.js";
import { isSubmitted, type Report, type ReportHistoryEntry, type ReportState } from "./state.js";
import type { ReportActor } from "./values.js";

const step = (
  type: ReportEvent["type"],
  at: Instant,
  by: ReportActor,
  note: string | undefined,
  publicStep: boolean,
): ReportHistoryEntry =>
  note === undefined ? { type, at, by, publicStep } : { type, at, by, note, publicStep };

const recorded = (report: Report, entry: ReportHistoryEntry, changes: Partial<Report>): Report => ({
  ...report,
  ...changes,
  updatedAt: entry.at,
  history: [...report.history, entry],
});

/**
 * The state of a sentinel report after an event. No rules: every event `decideReport`
 * produces is applied as it is, and each is kept in the report's history.
 *
 * @example
 * const state = events.reduce(evolveReport, initialReportState());
 */
export const evolveReport = (state: ReportState, event: ReportEvent): ReportState => {
  if (event.type === "ReportSubmitted") {
    const data = event.data;
    const by: ReportActor = { role: "reporter", id: data.reporterId };
    return {
      status: "submitted",
      reportId: data.reportId,
      reporterId: data.reporterId,
      category: data.category,
      description: data.description,
      location: data.location,
      photos: data.photos.map((reference) => ({ reference, redacted: false })),
      ...(data.attributes === undefined ? {} : { attributes: data.attributes }),
      ...(data.mediaUrl === undefined ? {} : { mediaUrl: data.mediaUrl }),
      observedAt: data.observedAt,
      submittedAt: data.submittedAt,
      ...(data.stationId === undefined ? {} : { stationId: data.stationId }),
      reopenCount: 0,
      updatedAt: data.submittedAt,
      history: [step(event.type, data.submittedAt, by, undefined, true)],
    };
  }
  // An event for a report that does not exist cannot come from decide; ignore it.
  if (!isSubmitted(state)) return state;
  const report = state;

  switch (event.type) {
    case "ReportAccepted": {
      const data = event.data;
      return recorded(report, step(event.type, data.acceptedAt, data.by, data.note, true), {
        status: "accepted",
        handlerId: data.handlerId,
        acceptedAt: data.acceptedAt,
        dueHours: data.dueHours,
        dueAt: data.dueAt,
        dueFrom: data.acceptedAt,
      });
    }
    case "ReportVerified": {
      const data = event.data;
      return recorded(report, step(event.type, data.verifiedAt, data.by, undefined, true), {
        verifiedAt: data.verifiedAt,
      });
    }
    case "ReportRejected": {
      const data = event.data;
      return recorded(report, step(event.type, data.rejectedAt, data.by, data.note, true), {
        status: "rejected",
        rejection: {
          reason: data.reason,
          rejectedAt: data.rejectedAt,
          corroborated: false,
          ...(data.note === undefined ? {} : { note: data.note }),
          ...(data.originalReportId === undefined
            ? {}
            : { originalReportId: data.originalReportId }),
        },
      });
    }
    case "ReportMarkedDuplicate": {
      const data = event.data;
      return recorded(report, step(event.type, data.markedAt, data.by, data.note, true), {
        status: "rejected",
        rejection: {
          reason: "duplicate",
          rejectedAt: data.markedAt,
          originalReportId: data.originalReportId,
          corroborated: true,
          ...(data.note === undefined ? {} : { note: data.note }),
        },
      });
    }
    case "ReportWorkStarted": {
      const data = event.data;
      return recorded(report, step(event.type, data.startedAt, data.by, data.note, true), {
        status: "in_progress",
        workStartedAt: data.startedAt,
      });
    }
    case "ReportStatusNoted": {
      const data = event.data;
      return recorded(
        report,
        step(event.type, data.notedAt, data.by, data.note, !data.internal),
        {},
      );
    }
    case "ReportResolved": {
      const data = event.data;
      return recorded(report, step(event.type, data.resolvedAt, data.by, data.note, true), {
        status: "resolved",
        resolution: {
          note: data.note,
          resolvedAt: data.resolvedAt,
          confirmationDueAt: data.confirmationDueAt,
        },
      });
    }
    case "ReportClosed": {
      const data = event.data;
      return recorded(report, step(event.type, data.closedAt, data.by, data.note, true), {
        status: "closed",
        closure: {
          closedAt: data.closedAt,
          confirmation: data.confirmation,
          ...(data.note === undefined ? {} : { note: data.note }),
        },
      });
    }
    case "ReportReopened": {
      const data = event.data;
      const { resolution: _resolved, ...rest } = report;
      return recorded(rest, step(event.type, data.reopenedAt, data.by, data.note, true), {
        status: "reopened",
        dueAt: data.dueAt,
        dueFrom: data.reopenedAt,
        reopenCount: report.reopenCount + 1,
      });
    }
    case "ReportHidden": {
      const data = event.data;
      return recorded(report, step(event.type, data.hiddenAt, data.by, data.reason, false), {
        hidden: { reason: data.reason, hiddenAt: data.hiddenAt },
      });
    }
    case "ReportUnhidden": {
      const data = event.data;
      const { hidden: _hidden, ...rest } = report;
      return recorded(rest, step(event.type, data.unhiddenAt, data.by, data.reason, false), {});
    }
    case "ReportPhotoRedacted": {
      const data = event.data;
      return recorded(report, step(event.type, data.redactedAt, data.by, data.reason, false), {
        photos: report.photos.map((photo) =>
          photo.reference === data.photo ? { reference: photo.reference, redacted: true } : photo,
        ),
      });
    }
    case "ReportCategoryCorrected": {
      const data = event.data;
      const routing = data.routing;
      return recorded(report, step(event.type, data.correctedAt, data.by, data.reason, false), {
        category: data.to,
        ...(routing === undefined
          ? {}
          : { handlerId: routing.handlerId, dueHours: routing.dueHours, dueAt: routing.dueAt }),
      });
    }
    case "ReportBecameOverdue": {
      const data = event.data;
      return recorded(report, step(event.type, data.flaggedAt, data.by, undefined, false), {
        overdueFlaggedFor: data.dueAt,
      });
    }
    case "ReportLocationCorrected": {
      const data = event.data;
      return recorded(report, step(event.type, data.correctedAt, data.by, data.reason, false), {
        location: data.to,
      });
    }
  }
};
