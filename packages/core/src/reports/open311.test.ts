import { Either } from "effect";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toWgs84 } from "../kernel/geo.js";
import { ReportId } from "../kernel/ids.js";
import { parseInput } from "../kernel/validation.js";
import { decideReport } from "./decide.js";
import {
  Open311RequestSubmission,
  open311ServiceRequest,
  open311Services,
  open311Status,
  photoUrl,
  submitReportFromOpen311,
} from "./open311.js";
import { initialReportState } from "./state.js";
import {
  contextOf,
  courierActor,
  eventsOf,
  handlerActor,
  hoursAfterNow,
  NOW,
  onReport,
  POLICY,
  reportAfter,
  STAFF,
  stepsTo,
  submitReport,
} from "./testing/fixtures.js";
import { ReportStatus } from "./values.js";

const stringsIn = (value: unknown): string[] => {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (typeof value === "object" && value !== null) return Object.values(value).flatMap(stringsIn);
  return [];
};

describe("open311Services", () => {
  it("lists one realtime service without metadata per category, named in the language asked", () => {
    const services = open311Services(POLICY.reports, "en");
    expect(services.map((service) => service.service_code)).toEqual(
      POLICY.reports.categories.map((category) => category.id),
    );
    for (const service of services) {
      expect(service.metadata).toBe(false);
      expect(service.type).toBe("realtime");
      expect(service.service_name.length).toBeGreaterThan(0);
      expect(service.description.length).toBeGreaterThan(0);
      expect(service.group.length).toBeGreaterThan(0);
    }
    expect(services[0]).toMatchObject({
      service_code: "river-patrol",
      service_name: "River and waterway patrol",
      group: "Water",
      keywords: "河道,river,水,water",
    });
    expect(open311Services(POLICY.reports)[0]?.service_name).toBe("护河巡河");
  });

  it("falls back to the name for a category without description, keywords or group", () => {
    const other = open311Services(POLICY.reports, "zh-CN").find(
      (service) => service.service_code === "other",
    );
    expect(other).toMatchObject({ description: "其他", group: "其他", keywords: "" });
  });
});

describe("open311Status", () => {
  it("is open while the report waits or is with its handler, closed once resolved", () => {
    const statuses = Object.fromEntries(
      ReportStatus.options.map((status) => [status, open311Status(status)]),
    );
    expect(statuses).toEqual({
      submitted: "open",
      accepted: "open",
      in_progress: "open",
      resolved: "closed",
      reopened: "open",
      closed: "closed",
      rejected: "closed",
    });
  });
});

describe("open311ServiceRequest", () => {
  it("maps an accepted report with WGS-84 coordinates converted from GCJ-02", () => {
    const state = reportAfter(stepsTo.accepted());
    const request = open311ServiceRequest(state, POLICY.reports, { language: "en" });
    const wgs = toWgs84({ latitude: 30.7416, longitude: 121.3464, datum: "GCJ-02" });
    expect(request).toMatchObject({
      service_request_id: "r-1",
      status: "open",
      status_notes: "已转河长办",
      service_name: "River and waterway patrol",
      service_code: "river-patrol",
      description: "河面有大片漂浮垃圾",
      agency_responsible: "River chief office (water affairs)",
      requested_datetime: NOW,
      updated_datetime: NOW,
      expected_datetime: hoursAfterNow(72),
      address: "龙胜路桥下",
      media_url: null,
    });
    expect(request?.lat).toBeCloseTo(wgs.latitude, 6);
    expect(request?.long).toBeCloseTo(wgs.longitude, 6);
    // GCJ-02 is offset by hundreds of metres in Shanghai: the conversion must have happened.
    expect(Math.abs((request?.long ?? 0) - 121.3464)).toBeGreaterThan(0.001);
  });

  it("keeps WGS-84 coordinates as they are", () => {
    const state = reportAfter([
      {
        command: submitReport({
          location: {
            point: { latitude: 30.74, longitude: 121.34, datum: "WGS-84" },
            address: "x",
          },
        }),
        actor: courierActor(),
      },
      { command: onReport("AcceptReport"), actor: STAFF },
    ]);
    const request = open311ServiceRequest(state, POLICY.reports);
    expect([request?.lat, request?.long]).toEqual([30.74, 121.34]);
  });

  it("gives the first photo that is not redacted as media_url when a base URL is given", () => {
    const state = reportAfter([
      ...stepsTo.accepted(),
      {
        command: onReport("RedactReportPhoto", { photo: "r-1-a.jpg", reason: "人脸" }),
        actor: STAFF,
      },
    ]);
    const request = open311ServiceRequest(state, POLICY.reports, {
      photoBaseUrl: "https://station.example.org/media/",
    });
    expect(request?.media_url).toBe("https://station.example.org/media/r-1-b.jpg");
    expect(stringsIn(request).some((text) => text.includes("r-1-a.jpg"))).toBe(false);
  });

  it("never names the reporter", () => {
    const request = open311ServiceRequest(reportAfter(stepsTo.closed()), POLICY.reports);
    expect(stringsIn(request).some((text) => text.includes("c-1"))).toBe(false);
  });

  it("is closed with the resolution note once resolved, without an expected time", () => {
    const request = open311ServiceRequest(reportAfter(stepsTo.resolved()), POLICY.reports);
    expect(request).toMatchObject({
      status: "closed",
      status_notes: "已打捞清理",
      expected_datetime: null,
    });
  });

  it("has no status note before any public step carries one", () => {
    const state = reportAfter([
      ...stepsTo.submitted(),
      { command: onReport("AcceptReport"), actor: STAFF },
    ]);
    expect(open311ServiceRequest(state, POLICY.reports)?.status_notes).toBeNull();
  });

  it("answers for hidden, rejected and not yet accepted reports too, with their content withheld", () => {
    const hidden = reportAfter([
      ...stepsTo.accepted(),
      { command: onReport("HideReport", { reason: "x" }), actor: STAFF },
    ]);
    const withheld = {
      description: null,
      address: null,
      address_id: null,
      lat: null,
      long: null,
      media_url: null,
    };
    expect(open311ServiceRequest(hidden, POLICY.reports, { language: "en" })).toMatchObject({
      status: "open",
      status_notes: "This request is not shown publicly.",
      ...withheld,
    });
    expect(open311ServiceRequest(reportAfter(stepsTo.rejected()), POLICY.reports)).toMatchObject({
      status: "closed",
      status_notes: "不在本社区范围",
      ...withheld,
    });
    expect(open311ServiceRequest(reportAfter(stepsTo.submitted()), POLICY.reports)).toMatchObject({
      service_request_id: "r-1",
      status: "open",
      status_notes: null,
      agency_responsible: null,
      ...withheld,
    });
    expect(open311ServiceRequest(initialReportState(), POLICY.reports)).toBeUndefined();
  });

  it("follows a reopened report back to open with its new due time", () => {
    const later = hoursAfterNow(30);
    const state = reportAfter([
      ...stepsTo.resolved(),
      {
        command: onReport("AnswerResolutionCheck", { fixed: false, note: "没修好" }),
        actor: courierActor(),
        now: later,
      },
      { command: onReport("StartReportWork"), actor: handlerActor(), now: later },
    ]);
    expect(open311ServiceRequest(state, POLICY.reports)).toMatchObject({
      status: "open",
      status_notes: "没修好",
      updated_datetime: later,
    });
  });

  it("photoUrl escapes the reference and joins one slash", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,20}$/), (photo) => {
        const url = photoUrl("https://a.example/m//", photo);
        expect(url).toBe(`https://a.example/m/${encodeURIComponent(photo)}`);
      }),
    );
  });
});

describe("submitReportFromOpen311", () => {
  it("turns a form-encoded POST into a SubmitReport the decider accepts, dropping personal fields", () => {
    const body = parseInput(Open311RequestSubmission, {
      jurisdiction_id: "jinshan-wanda",
      service_code: "noise",
      lat: "30.7405",
      long: "121.3441",
      address_string: "万达广场北门",
      description: "夜间施工噪音",
      email: "someone@example.org",
      phone: "13800000000",
      first_name: "Li",
    });
    expect(Either.isRight(body)).toBe(true);
    if (Either.isLeft(body)) return;
    expect(stringsIn(body.right)).not.toContain("13800000000");
    const command = submitReportFromOpen311(body.right, {
      reportId: ReportId.parse("r-311"),
      observedAt: NOW,
    });
    expect(command.data.location).toEqual({
      point: { latitude: 30.7405, longitude: 121.3441, datum: "WGS-84" },
      address: "万达广场北门",
    });
    const events = eventsOf(decideReport(command, initialReportState(), contextOf(courierActor())));
    expect(events[0]?.type).toBe("ReportSubmitted");
  });

  it("uses the coordinates as the address when none is given", () => {
    const body = parseInput(Open311RequestSubmission, {
      service_code: "noise",
      lat: 30.74,
      long: 121.34,
      description: "噪音",
    });
    if (Either.isLeft(body)) throw body.left;
    const command = submitReportFromOpen311(body.right, {
      reportId: ReportId.parse("r-2"),
      observedAt: NOW,
    });
    expect(command.data.location.address).toBe("30.74,121.34");
  });

  it("refuses a body without any location, or with lat and no long, naming the fields", () => {
    const body = parseInput(Open311RequestSubmission, { service_code: "noise", lat: "30.74" });
    expect(Either.isLeft(body)).toBe(true);
    if (Either.isRight(body)) return;
    const fields = body.left.issues.map((issue) => issue.field);
    expect(fields).toEqual(expect.arrayContaining(["long"]));
    const nowhere = parseInput(Open311RequestSubmission, { service_code: "noise" });
    expect(Either.isLeft(nowhere) && nowhere.left.issues.map((issue) => issue.field)).toEqual([
      "address_string",
    ]);
    for (const issue of body.left.issues) {
      expect(issue.message["zh-CN"].length).toBeGreaterThan(0);
      expect(issue.message.en.length).toBeGreaterThan(0);
    }
  });

  it("refuses coordinates out of range or not numbers", () => {
    for (const lat of ["91", "abc", "", 95]) {
      const body = parseInput(Open311RequestSubmission, {
        service_code: "noise",
        lat,
        long: "121.3",
        description: "x",
      });
      expect(Either.isLeft(body)).toBe(true);
    }
  });
});
