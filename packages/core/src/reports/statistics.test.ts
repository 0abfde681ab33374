import { describe, expect, it } from "vitest";
import { CourierId, ReportId } from "../kernel/ids.js";
import { HOUR } from "../kernel/time.js";
import { isReportOverdue, isResolutionConfirmationDue, reportOverdueMillis } from "./deadlines.js";
import { initialReportState } from "./state.js";
import { summarizeReports } from "./statistics.js";
import {
  courierActor,
  hoursAfterNow,
  onReport,
  reportAfter,
  STAFF,
  stepsTo,
  submitReport,
} from "./testing/fixtures.js";

describe("isReportOverdue", () => {
  it("is true only after the due time while the report is with its handler", () => {
    const accepted = reportAfter(stepsTo.accepted()); // due after 72 hours
    expect(isReportOverdue(accepted, hoursAfterNow(72))).toBe(false);
    expect(isReportOverdue(accepted, hoursAfterNow(73))).toBe(true);
    expect(reportOverdueMillis(accepted, hoursAfterNow(73))).toBe(HOUR);
    expect(reportOverdueMillis(accepted, hoursAfterNow(1))).toBe(0);
    expect(isReportOverdue(reportAfter(stepsTo.inProgress()), hoursAfterNow(100))).toBe(true);
  });

  it("is false once resolved, closed or rejected, and before acceptance", () => {
    for (const state of [
      reportAfter(stepsTo.resolved()),
      reportAfter(stepsTo.closed()),
      reportAfter(stepsTo.rejected()),
      reportAfter(stepsTo.submitted()),
      initialReportState(),
    ]) {
      expect(isReportOverdue(state, hoursAfterNow(1_000))).toBe(false);
    }
  });

  it("counts a reopened report from its reopening", () => {
    const reopened = reportAfter([
      ...stepsTo.resolved(),
      {
        command: onReport("AnswerResolutionCheck", { fixed: false }),
        actor: courierActor(),
        now: hoursAfterNow(100),
      },
    ]);
    expect(isReportOverdue(reopened, hoursAfterNow(171))).toBe(false);
    expect(isReportOverdue(reopened, hoursAfterNow(173))).toBe(true);
  });
});

describe("isResolutionConfirmationDue", () => {
  it("is true from the end of the confirmation window of a resolved report", () => {
    const resolved = reportAfter(stepsTo.resolved());
    expect(isResolutionConfirmationDue(resolved, hoursAfterNow(24 * 7 - 1))).toBe(false);
    expect(isResolutionConfirmationDue(resolved, hoursAfterNow(24 * 7))).toBe(true);
    expect(isResolutionConfirmationDue(reportAfter(stepsTo.closed()), hoursAfterNow(1_000))).toBe(
      false,
    );
  });
});

describe("summarizeReports", () => {
  it("counts by status and category, verified, duplicates, overdue and reopened", () => {
    const noise = reportAfter([
      {
        command: submitReport({ reportId: "r-2", category: "noise" }),
        actor: courierActor("c-2"),
      },
      {
        command: onReport("AcceptReport", { reportId: "r-2" }),
        actor: STAFF,
        now: hoursAfterNow(2),
      },
    ]);
    const closed = reportAfter([
      ...stepsTo.submitted(),
      { command: onReport("AcceptReport"), actor: STAFF, now: hoursAfterNow(1) },
      {
        command: onReport("ResolveReport", { note: "已清理" }),
        actor: STAFF,
        now: hoursAfterNow(5),
      },
      {
        command: onReport("AnswerResolutionCheck", { fixed: true }),
        actor: courierActor(),
        now: hoursAfterNow(6),
      },
    ]);
    const duplicate = reportAfter([
      { command: submitReport({ reportId: "r-3" }), actor: courierActor("c-3") },
      {
        command: onReport("MarkReportDuplicate", { reportId: "r-3", originalReportId: "r-1" }),
        actor: STAFF,
        originalReport: {
          reportId: ReportId.parse("r-1"),
          reporterId: CourierId.parse("c-1"),
          category: "river-patrol",
          status: "closed",
          verified: true,
        },
      },
    ]);
    const reopened = reportAfter([
      ...stepsTo.resolved(),
      { command: onReport("ReopenReport", { note: "未修好" }), actor: STAFF },
    ]);
    const summary = summarizeReports(
      [closed, noise, duplicate, reopened, reportAfter(stepsTo.rejected()), initialReportState()],
      hoursAfterNow(60),
    );
    expect(summary.total).toBe(5);
    // c-1 made three of them, c-2 and c-3 one each.
    expect(summary.reporters).toBe(3);
    expect(summary.byStatus).toMatchObject({
      closed: 1,
      accepted: 1,
      rejected: 2,
      reopened: 1,
      submitted: 0,
    });
    expect(summary.byCategory.noise?.accepted).toBe(1);
    expect(summary.byCategory["river-patrol"]?.rejected).toBe(2);
    expect(summary.verified).toBe(3);
    expect(summary.duplicates).toBe(1);
    expect(summary.corroborations).toBe(1);
    // The noise report was due 48 hours after its acceptance (at 50); at 60 it is late.
    // The reopened river report is due at 72.
    expect(summary.overdue).toBe(1);
    expect(summary.reopened).toBe(1);
    // Accepted after 1, 2 and 0 hours; only the closed report keeps a resolution, 4 hours in.
    expect(summary.averageMillisToAcceptance).toBe(HOUR);
    expect(summary.averageMillisToResolution).toBe(4 * HOUR);
    expect(summary.medianMillisToResolution).toBe(4 * HOUR);
  });

  it("has no averages without reports", () => {
    const summary = summarizeReports([], hoursAfterNow(1));
    expect(summary.total).toBe(0);
    expect(summary.averageMillisToAcceptance).toBeUndefined();
    expect(summary.averageMillisToResolution).toBeUndefined();
    expect(summary.medianMillisToResolution).toBeUndefined();
  });
});
