import { describe, expect, it } from "vitest";
import { CourierId, ReportId } from "../kernel/ids.js";
import { addMillis, DAY, HOUR, MINUTE } from "../kernel/time.js";
import { decideReport, type OriginalReportFacts } from "./decide.js";
import { evolveReport } from "./evolve.js";
import { initialReportState, type Report, type ReportState } from "./state.js";
import {
  activeCourier,
  contextOf,
  courierActor,
  eventsOf,
  expectRefusal,
  handlerActor,
  hoursAfterNow,
  NOW,
  onReport,
  policyWith,
  reportAfter,
  STAFF,
  SYSTEM,
  stepsTo,
  submitReport,
} from "./testing/fixtures.js";

const asReport = (state: ReportState): Report => {
  if (state.status === "none") throw new Error("expected a submitted report");
  return state;
};

const original = (changes: Partial<OriginalReportFacts> = {}): OriginalReportFacts => ({
  reportId: ReportId.parse("r-0"),
  reporterId: CourierId.parse("c-9"),
  category: "river-patrol",
  status: "accepted",
  verified: true,
  ...changes,
});

describe("SubmitReport", () => {
  it("records the report with the acting courier as reporter", () => {
    const events = eventsOf(
      decideReport(submitReport(), initialReportState(), contextOf(courierActor())),
    );
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event?.type).toBe("ReportSubmitted");
    if (event?.type !== "ReportSubmitted") return;
    expect(event.data.reporterId).toBe("c-1");
    expect(event.data.submittedAt).toBe(NOW);
    expect(event.data.category).toBe("river-patrol");
    expect(event.data.location.point?.datum).toBe("GCJ-02");
    expect(event.data.photos).toEqual(["r-1-a.jpg", "r-1-b.jpg"]);
  });

  it("refuses a report id that already exists", () => {
    const state = reportAfter(stepsTo.submitted());
    expectRefusal(
      decideReport(submitReport(), state, contextOf(courierActor())),
      "report.already_submitted",
    );
  });

  it("refuses a courier who is not active", () => {
    expectRefusal(
      decideReport(
        submitReport(),
        initialReportState(),
        contextOf(courierActor(), { courier: { ...activeCourier(), status: "suspended" } }),
      ),
      "report.reporter_not_active",
    );
  });

  it("refuses when the service found no facts for the acting courier", () => {
    const context = { ...contextOf(STAFF), actor: courierActor() };
    expectRefusal(
      decideReport(submitReport(), initialReportState(), context),
      "report.reporter_not_active",
    );
  });

  it("refuses facts about another courier than the actor", () => {
    expectRefusal(
      decideReport(
        submitReport(),
        initialReportState(),
        contextOf(courierActor("c-1"), { courier: activeCourier("c-2") }),
      ),
      "report.reporter_not_active",
    );
  });

  it("accepts every category of the policy and refuses one it does not have", () => {
    for (const category of ["noise", "environment", "road-damage", "other"]) {
      eventsOf(
        decideReport(submitReport({ category }), initialReportState(), contextOf(courierActor())),
      );
    }
    expectRefusal(
      decideReport(
        submitReport({ category: "graffiti" }),
        initialReportState(),
        contextOf(courierActor()),
      ),
      "report.unknown_category",
    );
  });

  it("holds the description to the policy's length", () => {
    const policy = policyWith({ reports: { maxDescriptionLength: 20 } });
    eventsOf(
      decideReport(
        submitReport({ description: "a".repeat(20) }),
        initialReportState(),
        contextOf(courierActor(), { policy }),
      ),
    );
    expectRefusal(
      decideReport(
        submitReport({ description: "a".repeat(21) }),
        initialReportState(),
        contextOf(courierActor(), { policy }),
      ),
      "report.description_too_long",
    );
  });

  it("holds the photos to the policy's number", () => {
    const policy = policyWith({ reports: { maxPhotos: 2 } });
    eventsOf(
      decideReport(submitReport(), initialReportState(), contextOf(courierActor(), { policy })),
    );
    expectRefusal(
      decideReport(
        submitReport({ photos: ["a.jpg", "b.jpg", "c.jpg"] }),
        initialReportState(),
        contextOf(courierActor(), { policy }),
      ),
      "report.too_many_photos",
    );
  });

  it("accepts a few minutes of clock skew but not an observation in the future", () => {
    eventsOf(
      decideReport(
        submitReport({ observedAt: addMillis(NOW, 4 * MINUTE) }),
        initialReportState(),
        contextOf(courierActor()),
      ),
    );
    expectRefusal(
      decideReport(
        submitReport({ observedAt: addMillis(NOW, HOUR) }),
        initialReportState(),
        contextOf(courierActor()),
      ),
      "report.observed_in_future",
    );
  });

  it("refuses an observation older than the policy allows", () => {
    eventsOf(
      decideReport(
        submitReport({ observedAt: hoursAfterNow(-24 * 7) }),
        initialReportState(),
        contextOf(courierActor()),
      ),
    );
    expectRefusal(
      decideReport(
        submitReport({ observedAt: hoursAfterNow(-24 * 7 - 1) }),
        initialReportState(),
        contextOf(courierActor()),
      ),
      "report.observation_too_old",
    );
  });
});

describe("AcceptReport", () => {
  it("routes to the category's handler, sets the due time and verifies the report", () => {
    const state = reportAfter(stepsTo.submitted());
    const events = eventsOf(decideReport(onReport("AcceptReport"), state, contextOf(STAFF)));
    expect(events.map((event) => event.type)).toEqual(["ReportAccepted", "ReportVerified"]);
    const [accepted, verified] = events;
    if (accepted?.type !== "ReportAccepted" || verified?.type !== "ReportVerified") return;
    expect(accepted.data.handlerId).toBe("water-affairs");
    expect(accepted.data.dueAt).toBe(hoursAfterNow(72));
    // The contract points relies on.
    expect(verified.data).toMatchObject({
      reportId: "r-1",
      reporterId: "c-1",
      category: "river-patrol",
      verifiedAt: NOW,
    });
    const after = asReport(events.reduce(evolveReport, state));
    expect(after.status).toBe("accepted");
    expect(after.verifiedAt).toBe(NOW);
  });

  it("refuses a report that is not waiting for triage", () => {
    const state = reportAfter(stepsTo.accepted());
    expectRefusal(
      decideReport(onReport("AcceptReport"), state, contextOf(STAFF)),
      "report.transition_not_allowed",
    );
  });

  it("refuses a report whose category the policy no longer has", () => {
    const state = reportAfter(stepsTo.submitted());
    const policy = policyWith({
      reports: {
        categories: [
          {
            id: "noise",
            name: { "zh-CN": "噪音", en: "Noise" },
            handler: "urban-management",
            dueHours: 48,
          },
        ],
      },
    });
    expectRefusal(
      decideReport(onReport("AcceptReport"), state, contextOf(STAFF, { policy })),
      "report.unknown_category",
    );
  });

  it("refuses a report that does not exist", () => {
    expectRefusal(
      decideReport(onReport("AcceptReport"), initialReportState(), contextOf(STAFF)),
      "report.not_found",
    );
  });
});

describe("RejectReport", () => {
  it("rejects a submitted report as invalid with the note", () => {
    const state = reportAfter(stepsTo.submitted());
    const events = eventsOf(
      decideReport(onReport("RejectReport", { note: "不在本社区" }), state, contextOf(STAFF)),
    );
    expect(events).toEqual([
      {
        type: "ReportRejected",
        data: {
          reportId: "r-1",
          reason: "invalid",
          rejectedAt: NOW,
          by: { role: "staff", id: "s-1" },
          note: "不在本社区",
        },
      },
    ]);
  });

  it("refuses to reject a report already accepted (and verified)", () => {
    const state = reportAfter(stepsTo.accepted());
    expectRefusal(
      decideReport(onReport("RejectReport", { note: "晚了" }), state, contextOf(STAFF)),
      "report.transition_not_allowed",
    );
  });
});

describe("MarkReportDuplicate", () => {
  const mark = onReport("MarkReportDuplicate", { originalReportId: "r-0" });

  it("credits another courier as a corroborator of a verified original", () => {
    const state = reportAfter(stepsTo.submitted());
    const events = eventsOf(
      decideReport(mark, state, contextOf(STAFF, { originalReport: original() })),
    );
    expect(events).toHaveLength(1);
    // The contract points relies on.
    expect(events[0]).toMatchObject({
      type: "ReportMarkedDuplicate",
      data: {
        reportId: "r-1",
        originalReportId: "r-0",
        reporterId: "c-1",
        category: "river-patrol",
        markedAt: NOW,
      },
    });
    const after = asReport(events.reduce(evolveReport, state));
    expect(after.status).toBe("rejected");
    expect(after.rejection).toMatchObject({
      reason: "duplicate",
      originalReportId: "r-0",
      corroborated: true,
    });
  });

  it("rejects without credit a duplicate of the reporter's own report", () => {
    const state = reportAfter(stepsTo.submitted());
    const events = eventsOf(
      decideReport(
        mark,
        state,
        contextOf(STAFF, { originalReport: original({ reporterId: CourierId.parse("c-1") }) }),
      ),
    );
    expect(events.map((event) => event.type)).toEqual(["ReportRejected"]);
    expect(events[0]?.data).toMatchObject({ reason: "duplicate", originalReportId: "r-0" });
  });

  it("rejects without credit a courier who already corroborated the original", () => {
    const state = reportAfter(stepsTo.submitted());
    const facts = original({ corroboratorIds: [CourierId.parse("c-1")] });
    const events = eventsOf(decideReport(mark, state, contextOf(STAFF, { originalReport: facts })));
    expect(events.map((event) => event.type)).toEqual(["ReportRejected"]);
  });

  it("refuses a report as a duplicate of itself", () => {
    const state = reportAfter(stepsTo.submitted());
    expectRefusal(
      decideReport(
        onReport("MarkReportDuplicate", { originalReportId: "r-1" }),
        state,
        contextOf(STAFF, { originalReport: original({ reportId: ReportId.parse("r-1") }) }),
      ),
      "report.duplicate_of_itself",
    );
  });

  it("refuses an original the service did not find", () => {
    const state = reportAfter(stepsTo.submitted());
    expectRefusal(decideReport(mark, state, contextOf(STAFF)), "report.original_not_found");
    expectRefusal(
      decideReport(
        mark,
        state,
        contextOf(STAFF, { originalReport: original({ reportId: ReportId.parse("r-5") }) }),
      ),
      "report.original_not_found",
    );
  });

  it("refuses an original that was not verified", () => {
    const state = reportAfter(stepsTo.submitted());
    expectRefusal(
      decideReport(
        mark,
        state,
        contextOf(STAFF, { originalReport: original({ status: "submitted", verified: false }) }),
      ),
      "report.original_not_verified",
    );
  });

  it("refuses an original of another category", () => {
    const state = reportAfter(stepsTo.submitted());
    expectRefusal(
      decideReport(
        mark,
        state,
        contextOf(STAFF, { originalReport: original({ category: "noise" }) }),
      ),
      "report.duplicate_category_mismatch",
    );
  });

  it("refuses to mark a report already accepted", () => {
    const state = reportAfter(stepsTo.accepted());
    expectRefusal(
      decideReport(mark, state, contextOf(STAFF, { originalReport: original() })),
      "report.transition_not_allowed",
    );
  });
});

describe("StartReportWork", () => {
  it("lets the assigned handler start work", () => {
    const state = reportAfter(stepsTo.accepted());
    const events = eventsOf(
      decideReport(
        onReport("StartReportWork", { note: "已派人" }),
        state,
        contextOf(handlerActor()),
      ),
    );
    expect(asReport(events.reduce(evolveReport, state)).status).toBe("in_progress");
  });

  it("refuses a handler the report is not routed to", () => {
    const state = reportAfter(stepsTo.accepted());
    expectRefusal(
      decideReport(onReport("StartReportWork"), state, contextOf(handlerActor("traffic-police"))),
      "report.not_assigned_handler",
    );
  });

  it("refuses a report not yet accepted", () => {
    const state = reportAfter(stepsTo.submitted());
    expectRefusal(
      decideReport(onReport("StartReportWork"), state, contextOf(STAFF)),
      "report.transition_not_allowed",
    );
  });
});

describe("AddReportStatusNote", () => {
  it("keeps an internal note out of the public steps", () => {
    const state = reportAfter(stepsTo.inProgress());
    const events = eventsOf(
      decideReport(
        onReport("AddReportStatusNote", { note: "需协调水务集团", internal: true }),
        state,
        contextOf(handlerActor()),
      ),
    );
    const after = asReport(events.reduce(evolveReport, state));
    expect(after.history.at(-1)).toMatchObject({ note: "需协调水务集团", publicStep: false });
  });

  it("refuses a note on a closed report", () => {
    const state = reportAfter(stepsTo.closed());
    expectRefusal(
      decideReport(onReport("AddReportStatusNote", { note: "补充" }), state, contextOf(STAFF)),
      "report.transition_not_allowed",
    );
  });

  it("refuses a note from a handler the report is not routed to", () => {
    const state = reportAfter(stepsTo.inProgress());
    expectRefusal(
      decideReport(
        onReport("AddReportStatusNote", { note: "补充" }),
        state,
        contextOf(handlerActor("grid-centre")),
      ),
      "report.not_assigned_handler",
    );
  });
});

describe("ResolveReport", () => {
  it("resolves and asks the reporter within the confirmation window", () => {
    const state = reportAfter(stepsTo.inProgress());
    const events = eventsOf(
      decideReport(onReport("ResolveReport", { note: "已清理" }), state, contextOf(handlerActor())),
    );
    expect(events[0]).toMatchObject({
      type: "ReportResolved",
      data: { reporterId: "c-1", note: "已清理", confirmationDueAt: addMillis(NOW, 7 * DAY) },
    });
  });

  it("refuses to resolve a report not yet accepted", () => {
    const state = reportAfter(stepsTo.submitted());
    expectRefusal(
      decideReport(onReport("ResolveReport", { note: "已清理" }), state, contextOf(STAFF)),
      "report.transition_not_allowed",
    );
  });

  it("refuses a handler the report is not routed to", () => {
    const state = reportAfter(stepsTo.inProgress());
    expectRefusal(
      decideReport(
        onReport("ResolveReport", { note: "已清理" }),
        state,
        contextOf(handlerActor("grid-centre")),
      ),
      "report.not_assigned_handler",
    );
  });
});

describe("AnswerResolutionCheck", () => {
  it("closes the report when the reporter says it is fixed", () => {
    const state = reportAfter(stepsTo.resolved());
    const events = eventsOf(
      decideReport(
        onReport("AnswerResolutionCheck", { fixed: true }),
        state,
        contextOf(courierActor()),
      ),
    );
    const after = asReport(events.reduce(evolveReport, state));
    expect(after.status).toBe("closed");
    expect(after.closure?.confirmation).toBe("reporter");
  });

  it("reopens the report with a new due time when the reporter says it is not fixed", () => {
    const state = reportAfter(stepsTo.resolved());
    const later = hoursAfterNow(10);
    const events = eventsOf(
      decideReport(
        onReport("AnswerResolutionCheck", { fixed: false, note: "垃圾还在" }),
        state,
        contextOf(courierActor(), { now: later }),
      ),
    );
    expect(events[0]).toMatchObject({
      type: "ReportReopened",
      data: { dueAt: addMillis(later, 72 * HOUR), note: "垃圾还在" },
    });
    const after = asReport(events.reduce(evolveReport, state));
    expect(after.status).toBe("reopened");
    expect(after.reopenCount).toBe(1);
    expect(after.resolution).toBeUndefined();
  });

  it("refuses a courier who is not the reporter", () => {
    const state = reportAfter(stepsTo.resolved());
    expectRefusal(
      decideReport(
        onReport("AnswerResolutionCheck", { fixed: true }),
        state,
        contextOf(courierActor("c-2")),
      ),
      "report.not_reporter",
    );
  });

  it("refuses an answer before the report is resolved", () => {
    const state = reportAfter(stepsTo.inProgress());
    expectRefusal(
      decideReport(
        onReport("AnswerResolutionCheck", { fixed: true }),
        state,
        contextOf(courierActor()),
      ),
      "report.transition_not_allowed",
    );
  });
});

describe("ConfirmReportResolution", () => {
  it("lets staff close a resolved report at any time", () => {
    const state = reportAfter(stepsTo.resolved());
    const events = eventsOf(
      decideReport(onReport("ConfirmReportResolution"), state, contextOf(STAFF)),
    );
    expect(events[0]).toMatchObject({ type: "ReportClosed", data: { confirmation: "staff" } });
  });

  it("lets the system close it once the confirmation window has passed", () => {
    const state = reportAfter(stepsTo.resolved());
    const events = eventsOf(
      decideReport(
        onReport("ConfirmReportResolution"),
        state,
        contextOf(SYSTEM, { now: addMillis(NOW, 7 * DAY) }),
      ),
    );
    expect(events[0]).toMatchObject({ type: "ReportClosed", data: { confirmation: "timeout" } });
  });

  it("refuses the system before the window has passed", () => {
    const state = reportAfter(stepsTo.resolved());
    expectRefusal(
      decideReport(
        onReport("ConfirmReportResolution"),
        state,
        contextOf(SYSTEM, { now: addMillis(NOW, 7 * DAY - MINUTE) }),
      ),
      "report.confirmation_pending",
    );
  });

  it("refuses a report that is not resolved", () => {
    const state = reportAfter(stepsTo.accepted());
    expectRefusal(
      decideReport(onReport("ConfirmReportResolution"), state, contextOf(STAFF)),
      "report.transition_not_allowed",
    );
  });
});

describe("ReopenReport", () => {
  it("lets staff reopen a resolved report", () => {
    const state = reportAfter(stepsTo.resolved());
    const events = eventsOf(
      decideReport(onReport("ReopenReport", { note: "居民反映仍有异味" }), state, contextOf(STAFF)),
    );
    expect(asReport(events.reduce(evolveReport, state)).status).toBe("reopened");
  });

  it("refuses to reopen a closed report", () => {
    const state = reportAfter(stepsTo.closed());
    expectRefusal(
      decideReport(onReport("ReopenReport", { note: "again" }), state, contextOf(STAFF)),
      "report.transition_not_allowed",
    );
  });
});

describe("moderation", () => {
  it("hides a report and keeps the reason in its history", () => {
    const state = reportAfter(stepsTo.accepted());
    const events = eventsOf(
      decideReport(onReport("HideReport", { reason: "含个人信息" }), state, contextOf(STAFF)),
    );
    const after = asReport(events.reduce(evolveReport, state));
    expect(after.hidden?.reason).toBe("含个人信息");
    expect(after.history.at(-1)).toMatchObject({
      type: "ReportHidden",
      note: "含个人信息",
      by: { role: "staff", id: "s-1" },
      publicStep: false,
    });
  });

  it("refuses to hide a hidden report", () => {
    const state = reportAfter([
      ...stepsTo.accepted(),
      { command: onReport("HideReport", { reason: "x" }), actor: STAFF },
    ]);
    expectRefusal(
      decideReport(onReport("HideReport", { reason: "y" }), state, contextOf(STAFF)),
      "report.already_hidden",
    );
  });

  it("unhides a hidden report, and refuses one that is not hidden", () => {
    const hidden = reportAfter([
      ...stepsTo.accepted(),
      { command: onReport("HideReport", { reason: "x" }), actor: STAFF },
    ]);
    const events = eventsOf(
      decideReport(onReport("UnhideReport", { reason: "已核实" }), hidden, contextOf(STAFF)),
    );
    expect(asReport(events.reduce(evolveReport, hidden)).hidden).toBeUndefined();
    expectRefusal(
      decideReport(
        onReport("UnhideReport", { reason: "y" }),
        reportAfter(stepsTo.accepted()),
        contextOf(STAFF),
      ),
      "report.not_hidden",
    );
  });

  it("redacts a photo once", () => {
    const state = reportAfter(stepsTo.closed());
    const events = eventsOf(
      decideReport(
        onReport("RedactReportPhoto", { photo: "r-1-a.jpg", reason: "拍到车牌" }),
        state,
        contextOf(STAFF),
      ),
    );
    const after = asReport(events.reduce(evolveReport, state));
    expect(after.photos).toEqual([
      { reference: "r-1-a.jpg", redacted: true },
      { reference: "r-1-b.jpg", redacted: false },
    ]);
    expectRefusal(
      decideReport(
        onReport("RedactReportPhoto", { photo: "r-1-a.jpg", reason: "again" }),
        after,
        contextOf(STAFF),
      ),
      "report.photo_already_redacted",
    );
  });

  it("refuses to redact a photo the report does not have", () => {
    const state = reportAfter(stepsTo.accepted());
    expectRefusal(
      decideReport(
        onReport("RedactReportPhoto", { photo: "other.jpg", reason: "x" }),
        state,
        contextOf(STAFF),
      ),
      "report.photo_not_found",
    );
  });

  it("corrects the category of an open report and routes it to the new handler", () => {
    const accepted = reportAfter(stepsTo.accepted());
    const later = hoursAfterNow(5);
    const events = eventsOf(
      decideReport(
        onReport("CorrectReportCategory", { category: "safety-hazard", reason: "实为安全隐患" }),
        accepted,
        contextOf(STAFF, { now: later }),
      ),
    );
    expect(events[0]).toMatchObject({
      type: "ReportCategoryCorrected",
      data: {
        from: "river-patrol",
        to: "safety-hazard",
        routing: { handlerId: "grid-centre", dueHours: 24, dueAt: hoursAfterNow(24) },
      },
    });
    const after = asReport(events.reduce(evolveReport, accepted));
    expect(after.category).toBe("safety-hazard");
    expect(after.handlerId).toBe("grid-centre");
  });

  it("routes a resolved report to the new category's handler, who gets it if it is reopened", () => {
    const corrected = reportAfter([
      ...stepsTo.resolved(),
      {
        command: onReport("CorrectReportCategory", { category: "noise", reason: "实为噪音" }),
        actor: STAFF,
      },
    ]);
    expect(asReport(corrected).handlerId).toBe("urban-management");
    const events = eventsOf(
      decideReport(
        onReport("AnswerResolutionCheck", { fixed: false }),
        corrected,
        contextOf(courierActor(), { now: hoursAfterNow(2) }),
      ),
    );
    const reopened = asReport(events.reduce(evolveReport, corrected));
    expect(reopened.dueAt).toBe(hoursAfterNow(2 + 48));
    eventsOf(
      decideReport(
        onReport("StartReportWork"),
        reopened,
        contextOf(handlerActor("urban-management")),
      ),
    );
  });

  it("corrects the category of a closed report without routing it", () => {
    const closed = reportAfter(stepsTo.closed());
    const events = eventsOf(
      decideReport(
        onReport("CorrectReportCategory", { category: "environment", reason: "统计口径" }),
        closed,
        contextOf(STAFF),
      ),
    );
    expect(events[0]?.type === "ReportCategoryCorrected" && events[0].data.routing).toBe(undefined);
    expect(asReport(events.reduce(evolveReport, closed)).handlerId).toBe("water-affairs");
  });

  it("refuses an unknown category or the same category", () => {
    const state = reportAfter(stepsTo.accepted());
    expectRefusal(
      decideReport(
        onReport("CorrectReportCategory", { category: "graffiti", reason: "x" }),
        state,
        contextOf(STAFF),
      ),
      "report.unknown_category",
    );
    expectRefusal(
      decideReport(
        onReport("CorrectReportCategory", { category: "river-patrol", reason: "x" }),
        state,
        contextOf(STAFF),
      ),
      "report.correction_unchanged",
    );
  });

  it("corrects the location and keeps both in the history event", () => {
    const state = reportAfter(stepsTo.accepted());
    const location = {
      point: { latitude: 30.742, longitude: 121.347, datum: "WGS-84" },
      address: "龙胜路桥东侧",
    };
    const events = eventsOf(
      decideReport(
        onReport("CorrectReportLocation", { location, reason: "定位偏差" }),
        state,
        contextOf(STAFF),
      ),
    );
    expect(events[0]).toMatchObject({
      type: "ReportLocationCorrected",
      data: { to: location, from: asReport(state).location },
    });
    expect(asReport(events.reduce(evolveReport, state)).location).toEqual(location);
  });

  it("refuses a location correction that changes nothing", () => {
    const state = asReport(reportAfter(stepsTo.accepted()));
    expectRefusal(
      decideReport(
        onReport("CorrectReportLocation", { location: state.location, reason: "x" }),
        state,
        contextOf(STAFF),
      ),
      "report.correction_unchanged",
    );
  });
});

describe("FlagReportOverdue", () => {
  const overdueAt = hoursAfterNow(73);

  it("flags a report still with its handler after its due time, naming the handler", () => {
    const events = eventsOf(
      decideReport(
        onReport("FlagReportOverdue"),
        reportAfter(stepsTo.inProgress()),
        contextOf(SYSTEM, { now: overdueAt }),
      ),
    );
    expect(events).toEqual([
      {
        type: "ReportBecameOverdue",
        data: {
          reportId: "r-1",
          category: "river-patrol",
          handlerId: "water-affairs",
          dueAt: hoursAfterNow(72),
          flaggedAt: overdueAt,
          by: { role: "system", id: SYSTEM.id },
        },
      },
    ]);
    const flagged = events.reduce(evolveReport, reportAfter(stepsTo.inProgress()));
    expect(asReport(flagged).overdueFlaggedFor).toBe(hoursAfterNow(72));
    // Staff see the flag in the history; the public does not.
    expect(asReport(flagged).history.at(-1)).toMatchObject({
      type: "ReportBecameOverdue",
      publicStep: false,
    });
  });

  it("refuses a report within its due time, resolved, or not routed yet", () => {
    for (const [steps, now] of [
      [stepsTo.accepted(), hoursAfterNow(71)],
      [stepsTo.resolved(), overdueAt],
      [stepsTo.submitted(), overdueAt],
      [stepsTo.closed(), overdueAt],
    ] as const) {
      expectRefusal(
        decideReport(onReport("FlagReportOverdue"), reportAfter(steps), contextOf(SYSTEM, { now })),
        "report.not_overdue",
      );
    }
  });

  it("flags once per due period: again after a reopening gives a new due time", () => {
    const flagged = reportAfter([
      ...stepsTo.accepted(),
      { command: onReport("FlagReportOverdue"), actor: SYSTEM, now: overdueAt },
    ]);
    expectRefusal(
      decideReport(
        onReport("FlagReportOverdue"),
        flagged,
        contextOf(SYSTEM, { now: hoursAfterNow(80) }),
      ),
      "report.overdue_already_flagged",
    );
    const reopened = reportAfter([
      ...stepsTo.accepted(),
      { command: onReport("FlagReportOverdue"), actor: SYSTEM, now: overdueAt },
      {
        command: onReport("ResolveReport", { note: "已处理" }),
        actor: handlerActor(),
        now: overdueAt,
      },
      {
        command: onReport("AnswerResolutionCheck", { fixed: false }),
        actor: courierActor(),
        now: overdueAt,
      },
    ]);
    const again = eventsOf(
      decideReport(
        onReport("FlagReportOverdue"),
        reopened,
        contextOf(SYSTEM, { now: addMillis(overdueAt, 73 * HOUR) }),
      ),
    );
    expect(again[0]?.type).toBe("ReportBecameOverdue");
    expect(again[0]?.data).toMatchObject({ dueAt: addMillis(overdueAt, 72 * HOUR) });
  });
});
