import {
  CommunityPolicy,
  DAY,
  HOUR,
  jinshanPolicy,
  Open311RequestSubmission,
  parseInput,
  ReportId,
  type ReportState,
  submitReportFromOpen311,
} from "@courier-station/core";
import { Store } from "@courier-station/kit";
import { Effect, Either } from "effect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reportKey } from "./commands.js";
import {
  ask,
  courierActor,
  expectRefusal,
  openCommunity,
  type ReportsStation,
  refusalOf,
  riverReport,
  send,
  sponsor,
  staff,
  startReports,
  stationStart,
} from "./test-station.js";

/*
 * The queries an HTTP gateway answers Open311 GeoReport v2 with, and a report filed
 * through Open311: a form-encoded POST body, read by core's `Open311RequestSubmission`
 * and made a `SubmitReport` by `submitReportFromOpen311`, is an ordinary report (the same
 * endpoint, routing, lists and events).
 */

const base = jinshanPolicy();
/** Jinshan's policy with a question for safety hazards. */
const policy = CommunityPolicy.parse({
  ...base,
  reports: {
    ...base.reports,
    categories: base.reports.categories.map((category) =>
      category.id === "safety-hazard"
        ? {
            ...category,
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
            ],
          }
        : category,
    ),
  },
});

const c1 = courierActor("c-1");
const c2 = courierActor("c-2");

/** A form-encoded Open311 POST body, as a gateway receives it. */
const form = new URLSearchParams({
  jurisdiction_id: "jinshan-wanda",
  service_code: "safety-hazard",
  lat: "30.7401",
  long: "121.3420",
  address_string: "龙皓路 88 弄 3 号楼道",
  description: "楼道里有电瓶车在充电",
  "attribute[hazard]": "charging",
  email: "reporter@example.org",
  first_name: "小明",
  last_name: "王",
  phone: "13800138000",
  device_id: "device-42",
});

describe("Open311 through the reports service", () => {
  let station: ReportsStation;

  beforeAll(async () => {
    station = await startReports({ policy });
    await openCommunity(station, ["c-1", "c-2"]);
    await send(station, c2, riverReport(station, "r-1"));
    await send(station, staff, { type: "AcceptReport", data: { reportId: "r-1" } });
    station.clock.advance(HOUR);
    await send(station, c2, riverReport(station, "r-2", { category: "noise" }));
    await send(station, staff, { type: "AcceptReport", data: { reportId: "r-2" } });
    await send(station, staff, {
      type: "ResolveReport",
      data: { reportId: "r-2", note: "已劝离" },
    });
    station.clock.advance(HOUR);
  });
  afterAll(async () => station.close());

  it("lists a service per category, and the attributes a category asks", async () => {
    const { services } = await ask(station, "ListOpen311Services", {
      actor: sponsor,
      language: "en",
    });
    expect(services.map((service) => service.service_code)).toEqual(
      policy.reports.categories.map((category) => category.id),
    );
    const hazard = services.find((service) => service.service_code === "safety-hazard");
    expect(hazard).toMatchObject({ metadata: true, type: "realtime" });
    const definition = await ask(station, "GetOpen311ServiceDefinition", {
      actor: sponsor,
      serviceCode: "safety-hazard",
      language: "zh-CN",
    });
    expect(definition.attributes).toEqual([
      expect.objectContaining({ code: "hazard", order: 1, description: "隐患类型" }),
    ]);
    const refusal = await refusalOf(
      ask(station, "GetOpen311ServiceDefinition", { actor: sponsor, serviceCode: "fireworks" }),
    );
    expectRefusal(refusal, "open311.service_not_found", 404);
  });

  it("files an Open311 POST as an ordinary report: staff's queue, the lists, the answer", async () => {
    const body = parseInput(Open311RequestSubmission, Object.fromEntries(form));
    if (Either.isLeft(body)) return expect.fail(body.left.text.en);
    const command = submitReportFromOpen311(body.right, {
      reportId: ReportId.parse("r-311"),
      observedAt: station.clock.now(),
    });
    const reply = await send(station, c1, command, "cmd-open311-post");
    expect(reply.outcome).toBe("applied");
    const queue = await ask(station, "ListReports", { actor: staff, status: "submitted" });
    expect(queue.items.map((item) => [item.reportId, item.category, item.reporterId])).toEqual([
      ["r-311", "safety-hazard", "c-1"],
    ]);
    const answer = await ask(station, "GetOpen311PostResponse", {
      actor: c1,
      serviceRequestId: "r-311",
      language: "en",
    });
    expect(answer).toEqual([
      {
        service_request_id: "r-311",
        service_notice: expect.stringContaining("within 24 hours"),
        account_id: null,
      },
    ]);
    const request = await ask(station, "GetOpen311Request", {
      actor: sponsor,
      serviceRequestId: "r-311",
    });
    // Not accepted yet: the client can follow it, the public sees nothing of its content.
    expect(request).toMatchObject({ status: "open", description: null, lat: null });
    // What Open311 carries of a person is dropped before the command, so nothing keeps it.
    const stored = await station.run(
      Effect.flatMap(Store, (store) =>
        Effect.all([
          store.readStream(reportKey("jinshan-wanda", "r-311")),
          store.load<ReportState>(reportKey("jinshan-wanda", "r-311"), {
            receiptsFor: "cmd-open311-post",
          }),
        ]),
      ),
    );
    const text = JSON.stringify(stored);
    // The receipt keeps the command as sent, with what it does carry.
    expect(text).toContain("楼道里有电瓶车在充电");
    for (const personal of ["reporter@example.org", "小明", "13800138000", "device-42"]) {
      expect(text).not.toContain(personal);
    }
    const stranger = await refusalOf(
      ask(station, "GetOpen311PostResponse", { actor: c2, serviceRequestId: "r-311" }),
    );
    expectRefusal(stranger, "report.not_found", 404);
  });

  it("answers GET requests by ids in the order asked, leaving out the unknown", async () => {
    const { items } = await ask(station, "ListOpen311Requests", {
      actor: sponsor,
      query: { service_request_id: "r-2,r-404,r-1" },
    });
    expect(items.map((request) => request.service_request_id)).toEqual(["r-2", "r-1"]);
  });

  it("answers GET requests by status, service code and date range, the most recent first", async () => {
    const search = async (query: Record<string, string | string[]>) =>
      (await ask(station, "ListOpen311Requests", { actor: sponsor, query })).items.map(
        (request) => [request.service_request_id, request.status],
      );
    expect(await search({})).toEqual([
      ["r-311", "open"],
      ["r-2", "closed"],
      ["r-1", "open"],
    ]);
    expect(await search({ status: "closed" })).toEqual([["r-2", "closed"]]);
    expect(await search({ service_code: ["river-patrol", "noise"] })).toEqual([
      ["r-2", "closed"],
      ["r-1", "open"],
    ]);
    const afterFirst = new Date(stationStart + 30 * 60 * 1000).toISOString();
    expect(await search({ start_date: afterFirst })).toEqual([
      ["r-311", "open"],
      ["r-2", "closed"],
    ]);
    expect(await search({ end_date: afterFirst })).toEqual([["r-1", "open"]]);
  });

  it("answers GET requests a page at a time, each page of one answer reading the same range", async () => {
    const first = await ask(station, "ListOpen311Requests", {
      actor: sponsor,
      query: {},
      limit: 2,
    });
    expect(first.items.map((request) => request.service_request_id)).toEqual(["r-311", "r-2"]);
    expect(first.next).toBeDefined();
    // A report filed between the pages belongs to a later answer, not to this one.
    station.clock.advance(60_000);
    await send(station, c2, riverReport(station, "r-late"));
    const second = await ask(station, "ListOpen311Requests", {
      actor: sponsor,
      query: {},
      limit: 2,
      ...(first.next === undefined ? {} : { after: first.next }),
    });
    expect(second.items.map((request) => request.service_request_id)).toEqual(["r-1"]);
    expect(second.next).toBeUndefined();
    const forged = await refusalOf(
      ask(station, "ListOpen311Requests", { actor: sponsor, query: {}, after: "forged" }),
    );
    expectRefusal(forged, "open311.query_invalid", 400);
  });

  it("refuses a GET requests query that breaks the specification, every problem at once", async () => {
    const refusal = await refusalOf(
      ask(station, "ListOpen311Requests", {
        actor: sponsor,
        query: {
          status: "pending",
          start_date: "2026-01-01T00:00:00Z",
          end_date: "2026-06-01T00:00:00Z",
        },
      }),
    );
    expectRefusal(refusal, "open311.query_invalid", 400);
    expect(refusal.text.en).toContain("status");
    expect(refusal.text.en).toContain("end_date");
  });

  it("keeps to the last 90 days by default", async () => {
    station.clock.advance(91 * DAY);
    const { items } = await ask(station, "ListOpen311Requests", { actor: sponsor, query: {} });
    expect(items).toEqual([]);
    station.clock.advance(-91 * DAY);
    const refusal = await refusalOf(
      ask(station, "GetOpen311Request", { actor: sponsor, serviceRequestId: "r-404" }),
    );
    expectRefusal(refusal, "report.not_found", 404);
  });
});
