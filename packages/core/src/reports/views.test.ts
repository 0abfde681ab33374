import { describe, expect, it } from "vitest";
import { initialReportState } from "./state.js";
import {
  courierActor,
  handlerActor,
  hoursAfterNow,
  onReport,
  POLICY,
  policyWith,
  reportAfter,
  STAFF,
  stepsTo,
} from "./testing/fixtures.js";
import { reportPublicView, reportReporterView, reportStaffView } from "./views.js";

/** Every string anywhere in a value, to check what a view could leak. */
const stringsIn = (value: unknown): string[] => {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (typeof value === "object" && value !== null) return Object.values(value).flatMap(stringsIn);
  return [];
};

const moderated = () =>
  reportAfter([
    ...stepsTo.inProgress(),
    {
      command: onReport("AddReportStatusNote", { note: "内部协调", internal: true }),
      actor: handlerActor(),
    },
    {
      command: onReport("AddReportStatusNote", { note: "已联系保洁" }),
      actor: handlerActor(),
    },
    {
      command: onReport("RedactReportPhoto", { photo: "r-1-a.jpg", reason: "拍到人脸" }),
      actor: STAFF,
    },
  ]);

describe("reportPublicView", () => {
  it("never shows the reporter, nor who acted, only their role", () => {
    const view = reportPublicView(moderated(), POLICY.reports);
    expect(view).toBeDefined();
    const strings = stringsIn(view);
    expect(strings).not.toContain("c-1");
    expect(strings).not.toContain("s-1");
    expect(strings.some((text) => text.includes("c-1"))).toBe(false);
    expect(view?.history.map((step) => step.by)).toContain("reporter");
  });

  it("removes redacted photos and leaves moderation and internal notes out of the history", () => {
    const view = reportPublicView(moderated(), POLICY.reports);
    expect(view?.photos).toEqual(["r-1-b.jpg"]);
    expect(view?.history.map((step) => step.type)).toEqual([
      "ReportSubmitted",
      "ReportAccepted",
      "ReportVerified",
      "ReportWorkStarted",
      "ReportStatusNoted",
    ]);
    expect(view?.history.at(-1)?.note).toBe("已联系保洁");
    expect(stringsIn(view)).not.toContain("内部协调");
    expect(stringsIn(view)).not.toContain("拍到人脸");
  });

  it("names the category and the handler from the policy", () => {
    const view = reportPublicView(reportAfter(stepsTo.accepted()), POLICY.reports);
    expect(view?.categoryName.en).toBe("River and waterway patrol");
    expect(view?.handler?.name["zh-CN"]).toBe("河长办（水务）");
  });

  it("does not show a hidden report, but shows it again once unhidden", () => {
    const hidden = reportAfter([
      ...stepsTo.accepted(),
      { command: onReport("HideReport", { reason: "含手机号" }), actor: STAFF },
    ]);
    expect(reportPublicView(hidden, POLICY.reports)).toBeUndefined();
    const unhidden = reportAfter([
      ...stepsTo.accepted(),
      { command: onReport("HideReport", { reason: "含手机号" }), actor: STAFF },
      { command: onReport("UnhideReport", { reason: "已处理" }), actor: STAFF },
    ]);
    expect(reportPublicView(unhidden, POLICY.reports)).toBeDefined();
  });

  it("does not show rejected reports, nor reports that do not exist", () => {
    expect(reportPublicView(reportAfter(stepsTo.rejected()), POLICY.reports)).toBeUndefined();
    expect(reportPublicView(initialReportState(), POLICY.reports)).toBeUndefined();
  });

  it("shows a submitted report only when the policy publishes before acceptance", () => {
    const submitted = reportAfter(stepsTo.submitted());
    expect(reportPublicView(submitted, POLICY.reports)).toBeUndefined();
    const open = policyWith({ reports: { publicBeforeAcceptance: true } });
    expect(reportPublicView(submitted, open.reports)?.status).toBe("submitted");
  });
});

describe("reportStaffView", () => {
  it("shows everything: the reporter, redacted photos, the whole history with who acted", () => {
    const view = reportStaffView(moderated(), POLICY.reports, hoursAfterNow(1));
    expect(view?.reporterId).toBe("c-1");
    expect(view?.photos).toContainEqual({ reference: "r-1-a.jpg", redacted: true });
    expect(view?.history.map((entry) => entry.type)).toContain("ReportPhotoRedacted");
    expect(view?.history.find((entry) => entry.type === "ReportPhotoRedacted")?.by).toEqual({
      role: "staff",
      id: "s-1",
    });
    expect(view?.handlerName?.en).toBe("River chief office (water affairs)");
  });

  it("shows a hidden report with why it is hidden", () => {
    const hidden = reportAfter([
      ...stepsTo.accepted(),
      { command: onReport("HideReport", { reason: "含手机号" }), actor: STAFF },
    ]);
    expect(reportStaffView(hidden, POLICY.reports, hoursAfterNow(1))?.hidden?.reason).toBe(
      "含手机号",
    );
  });

  it("says whether the report is overdue and whether its confirmation window has passed", () => {
    const accepted = reportAfter(stepsTo.accepted());
    expect(reportStaffView(accepted, POLICY.reports, hoursAfterNow(71))?.overdue).toBe(false);
    expect(reportStaffView(accepted, POLICY.reports, hoursAfterNow(73))?.overdue).toBe(true);
    const resolved = reportAfter(stepsTo.resolved());
    expect(reportStaffView(resolved, POLICY.reports, hoursAfterNow(24 * 7))?.confirmationDue).toBe(
      true,
    );
    expect(reportStaffView(initialReportState(), POLICY.reports, hoursAfterNow(1))).toBeUndefined();
    // The reporter is shown to staff only: the courier's own actor id is the reporter.
    expect(reportStaffView(resolved, POLICY.reports, hoursAfterNow(1))?.reporterId).toBe(
      courierActor().id,
    );
  });
});

describe("reportReporterView", () => {
  it("shows the reporter their own report before the public may see it", () => {
    const submitted = reportAfter(stepsTo.submitted());
    expect(reportPublicView(submitted, POLICY.reports)).toBeUndefined();
    const view = reportReporterView(submitted, POLICY.reports, "c-1");
    expect(view?.status).toBe("submitted");
    expect(view?.shownPublicly).toBe(false);
    expect(view?.description).toBe("河面有大片漂浮垃圾");
  });

  it("is nothing for another courier, nor for a report that does not exist", () => {
    expect(reportReporterView(reportAfter(stepsTo.accepted()), POLICY.reports, "c-2")).toBe(
      undefined,
    );
    expect(reportReporterView(initialReportState(), POLICY.reports, "c-1")).toBeUndefined();
  });

  it("asks the reporter whether a resolved report is fixed, until when, and says why a report was rejected", () => {
    const resolved = reportReporterView(reportAfter(stepsTo.resolved()), POLICY.reports, "c-1");
    expect(resolved?.resolutionCheckOpen).toBe(true);
    expect(resolved?.resolution?.confirmationDueAt).toBe(hoursAfterNow(24 * 7));
    const closed = reportReporterView(reportAfter(stepsTo.closed()), POLICY.reports, "c-1");
    expect(closed?.resolutionCheckOpen).toBe(false);
    expect(closed?.closure?.confirmation).toBe("reporter");
    const rejected = reportReporterView(reportAfter(stepsTo.rejected()), POLICY.reports, "c-1");
    expect(rejected?.rejection).toMatchObject({ reason: "invalid", note: "不在本社区范围" });
    expect(rejected?.shownPublicly).toBe(false);
  });

  it("leaves out staff ids, moderation, internal notes and redacted photos", () => {
    const hidden = reportAfter([
      ...stepsTo.inProgress(),
      {
        command: onReport("AddReportStatusNote", { note: "内部协调", internal: true }),
        actor: handlerActor(),
      },
      {
        command: onReport("RedactReportPhoto", { photo: "r-1-a.jpg", reason: "拍到人脸" }),
        actor: STAFF,
      },
      { command: onReport("HideReport", { reason: "含手机号" }), actor: STAFF },
    ]);
    const view = reportReporterView(hidden, POLICY.reports, "c-1");
    expect(view?.shownPublicly).toBe(false);
    expect(view?.photos).toEqual(["r-1-b.jpg"]);
    const strings = stringsIn(view);
    for (const hiddenText of ["s-1", "内部协调", "拍到人脸", "含手机号"]) {
      expect(strings).not.toContain(hiddenText);
    }
    expect(view?.history.map((step) => step.by)).toEqual(["reporter", "staff", "staff", "handler"]);
  });
});
