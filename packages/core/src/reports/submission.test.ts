import { describe, expect, it } from "vitest";
import { ReportCommand } from "./commands.js";
import { decideReport } from "./decide.js";
import { duplicateCandidateOf } from "./duplicates.js";
import type { ReportAttributesInvalid } from "./errors.js";
import { evolveReport } from "./evolve.js";
import { initialReportState } from "./state.js";
import {
  contextOf,
  courierActor,
  eventsOf,
  expectRefusal,
  policyWith,
  STAFF,
  submitReport,
} from "./testing/fixtures.js";

/** The Jinshan policy, with a safety-hazard category that asks three attributes. */
const policy = policyWith({
  reports: {
    categories: [
      {
        id: "safety-hazard",
        name: { "zh-CN": "安全隐患", en: "Safety hazard" },
        handler: "grid-centre",
        dueHours: 24,
        attributes: [
          {
            code: "hazard",
            datatype: "singlevaluelist",
            required: true,
            description: { "zh-CN": "隐患类型", en: "Kind of hazard" },
            values: [
              { key: "charging", name: { "zh-CN": "楼道充电", en: "Charging in a stairwell" } },
              { key: "exit", name: { "zh-CN": "消防通道堵塞", en: "Blocked fire exit" } },
            ],
          },
          {
            code: "floor",
            datatype: "number",
            description: { "zh-CN": "楼层", en: "Floor" },
          },
          {
            code: "seenAt",
            datatype: "datetime",
            description: { "zh-CN": "发现时间", en: "When it was seen" },
          },
          {
            code: "notice",
            datatype: "text",
            variable: false,
            description: { "zh-CN": "紧急情况请拨打 119", en: "In an emergency call 119" },
          },
        ],
      },
    ],
  },
});

const hazard = (changes: Record<string, unknown> = {}) =>
  submitReport({ category: "safety-hazard", ...changes });

describe("what a report may leave out, as Open311 allows", () => {
  it("accepts an address without a point, and an address id", () => {
    const events = eventsOf(
      decideReport(
        submitReport({ location: { address: "万达广场北门", addressId: "addr-545483" } }),
        initialReportState(),
        contextOf(courierActor()),
      ),
    );
    expect(events[0]).toMatchObject({
      type: "ReportSubmitted",
      data: { location: { address: "万达广场北门", addressId: "addr-545483" } },
    });
    const state = events.reduce(evolveReport, initialReportState());
    // No point, so nothing to measure a duplicate's distance from.
    expect(duplicateCandidateOf(state)).toBeUndefined();
  });

  it("accepts a report without a description, recorded as empty", () => {
    const command = ReportCommand.parse({
      type: "SubmitReport",
      data: {
        reportId: "r-2",
        category: "noise",
        location: { address: "万达广场北门" },
        observedAt: "2026-11-28T09:30:00+08:00",
      },
    });
    const events = eventsOf(decideReport(command, initialReportState(), contextOf(courierActor())));
    expect(events[0]?.type === "ReportSubmitted" && events[0].data.description).toBe("");
  });

  it("still needs an address, and refuses a media link that is not http(s)", () => {
    expect(
      ReportCommand.safeParse({
        type: "SubmitReport",
        data: {
          reportId: "r-2",
          category: "noise",
          location: { point: { latitude: 30.74, longitude: 121.34, datum: "WGS-84" } },
          observedAt: "2026-11-28T09:30:00+08:00",
        },
      }).success,
    ).toBe(false);
    expect(
      ReportCommand.safeParse({
        ...submitReport(),
        data: { ...submitReport().data, mediaUrl: "javascript:alert(1)" },
      }).success,
    ).toBe(false);
  });
});

describe("the answers to a category's attributes", () => {
  it("keeps the answers that fit, and the reporter's media link", () => {
    const events = eventsOf(
      decideReport(
        hazard({
          attributes: { hazard: "charging", floor: "3", seenAt: "2026-11-28T09:00:00+08:00" },
          mediaUrl: "https://pics.example.org/r-1.jpg",
        }),
        initialReportState(),
        contextOf(courierActor(), { policy }),
      ),
    );
    const state = events.reduce(evolveReport, initialReportState());
    expect(state).toMatchObject({
      attributes: { hazard: "charging", floor: "3", seenAt: "2026-11-28T09:00:00+08:00" },
      mediaUrl: "https://pics.example.org/r-1.jpg",
    });
  });

  it("refuses answers that do not fit, every problem at once, and records nothing", () => {
    const decision = decideReport(
      hazard({
        attributes: {
          floor: "three",
          seenAt: "yesterday",
          notice: "ok",
          colour: "red",
        },
      }),
      initialReportState(),
      contextOf(courierActor(), { policy }),
    );
    expectRefusal(decision, "report.attributes_invalid");
    if (decision._tag !== "Left") return;
    expect((decision.left as ReportAttributesInvalid).problems).toEqual([
      { code: "hazard", reason: "required" },
      { code: "floor", reason: "not-a-number" },
      { code: "seenAt", reason: "not-a-datetime" },
      { code: "notice", reason: "not-asked" },
      { code: "colour", reason: "unknown" },
    ]);
    expect(decision.left.text.en).toContain("hazard an answer is required");
  });

  it("takes one key of a single-value list and keys of a multi-value list only", () => {
    const refused = decideReport(
      hazard({ attributes: { hazard: ["charging", "exit"] } }),
      initialReportState(),
      contextOf(courierActor(), { policy }),
    );
    expectRefusal(refused, "report.attributes_invalid");
    const unknownKey = decideReport(
      hazard({ attributes: { hazard: "fire" } }),
      initialReportState(),
      contextOf(courierActor(), { policy }),
    );
    expectRefusal(unknownKey, "report.attributes_invalid");
  });

  it("refuses answers to a category that asks none", () => {
    expectRefusal(
      decideReport(
        submitReport({ attributes: { anything: "x" } }),
        initialReportState(),
        contextOf(courierActor()),
      ),
      "report.attributes_invalid",
    );
  });

  it("lets staff correct a location to an address only, and back", () => {
    const submitted = eventsOf(
      decideReport(submitReport(), initialReportState(), contextOf(courierActor())),
    ).reduce(evolveReport, initialReportState());
    const corrected = eventsOf(
      decideReport(
        ReportCommand.parse({
          type: "CorrectReportLocation",
          data: { reportId: "r-1", location: { address: "龙胜路桥下" }, reason: "定位有误" },
        }),
        submitted,
        contextOf(STAFF),
      ),
    );
    expect(corrected[0]).toMatchObject({
      type: "ReportLocationCorrected",
      data: { to: { address: "龙胜路桥下" } },
    });
  });
});
