import { Either } from "effect";
import { describe, expect, it } from "vitest";
import { Forbidden } from "../kernel/access.js";
import { CommunityId, ReportId } from "../kernel/ids.js";
import { addMillis, DAY, HOUR, Instant } from "../kernel/time.js";
import { parseInput } from "../kernel/validation.js";
import { decideReport } from "./decide.js";
import { evolveReport } from "./evolve.js";
import {
  communityOfJurisdiction,
  jurisdictionIdOf,
  Open311RequestSubmission,
  type Open311ServiceRequest,
  open311ErrorResponse,
  open311PostResponse,
  open311RequestQuery,
  open311ServiceDefinition,
  open311ServiceRequest,
  open311Services,
  selectOpen311Requests,
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
  policyWith,
  reportAfter,
  STAFF,
  stepsTo,
  submitReport,
} from "./testing/fixtures.js";

/*
 * The examples of the GeoReport v2 specification (https://wiki.open311.org/GeoReport_v2),
 * each run through the mapping. Its service codes ("001", "DMV66") are not category ids
 * here (lower-case, starting with a letter), so the tests use "sinkhole" and "dmv66".
 */

/** The policy of the tests: the Jinshan one with two categories from the specification. */
const policy = policyWith({
  reports: {
    categories: [
      {
        id: "dmv66",
        name: { "zh-CN": "车辆问题", en: "Vehicle issues" },
        handler: "traffic-police",
        dueHours: 48,
        attributes: [
          {
            variable: true,
            code: "WHISHETN",
            datatype: "singlevaluelist",
            required: true,
            order: 1,
            description: {
              "zh-CN": "罚单、车牌或驾照号码是多少？",
              en: "What is the ticket/tag/DL number?",
            },
            values: [
              { key: "123", name: { "zh-CN": "福特", en: "Ford" } },
              { key: "124", name: { "zh-CN": "克莱斯勒", en: "Chrysler" } },
            ],
          },
        ],
      },
      {
        id: "sinkhole",
        name: { "zh-CN": "路面塌陷", en: "Sinkhole" },
        handler: "urban-management",
        dueHours: 24,
        attributes: [
          {
            code: "WHISPAWN",
            datatype: "number",
            description: { "zh-CN": "编号", en: "Number" },
          },
          {
            code: "WHISDORN",
            datatype: "string",
            description: { "zh-CN": "代码", en: "Code" },
          },
        ],
      },
      {
        id: "noise",
        name: { "zh-CN": "噪音扰民", en: "Noise nuisance" },
        handler: "urban-management",
        dueHours: 48,
      },
    ],
  },
});

/** The example `POST requests` body of the specification, as a form parser gives it. */
const examplePost =
  "api_key=xyz&jurisdiction_id=city.gov&service_code=sinkhole&lat=37.76524078&long=-122.4212043" +
  "&address_string=1234+5th+street&email=smit333%40sfgov.edu&device_id=tt222111" +
  "&account_id=123456&first_name=john&last_name=smith&phone=111111111" +
  "&description=A+large+sinkhole+is+destroying+the+street" +
  "&media_url=http%3A%2F%2Ffarm3.static.flickr.com%2F2002%2F2212426634_5ed477a060.jpg" +
  "&attribute[WHISPAWN]=123456&attribute[WHISDORN]=COISL001";
/** A form-encoded body or query string as a parser gives it (`+` is a space). */
const formOf = (body: string): Record<string, string> =>
  Object.fromEntries(
    body.split("&").map((pair) => {
      const [key = "", value = ""] = pair.split("=");
      const decode = (text: string) => decodeURIComponent(text.replaceAll("+", " "));
      return [decode(key), decode(value)];
    }),
  );

const JINSHAN = CommunityId.parse("jinshan-wanda");
const SHANYANG = CommunityId.parse("shanyang-town");

describe("GET services and a service definition, as the specification's example", () => {
  it("gives the attributes of a category in the specification's fields", () => {
    const definition = open311ServiceDefinition(policy.reports, "dmv66", "en");
    expect(definition).toEqual(
      Either.right({
        service_code: "dmv66",
        attributes: [
          {
            variable: true,
            code: "WHISHETN",
            datatype: "singlevaluelist",
            required: true,
            datatype_description: null,
            order: 1,
            description: "What is the ticket/tag/DL number?",
            values: [
              { key: "123", name: "Ford" },
              { key: "124", name: "Chrysler" },
            ],
          },
        ],
      }),
    );
  });

  it("marks a service with attributes as having metadata, numbers the attributes from 1", () => {
    const services = open311Services(policy.reports, "en");
    expect(services.map((service) => [service.service_code, service.metadata])).toEqual([
      ["dmv66", true],
      ["sinkhole", true],
      ["noise", false],
    ]);
    const sinkhole = open311ServiceDefinition(policy.reports, "sinkhole", "zh-CN");
    expect(Either.getOrThrow(sinkhole).attributes.map((attribute) => attribute.order)).toEqual([
      1, 2,
    ]);
    expect(Either.getOrThrow(open311ServiceDefinition(policy.reports, "noise")).attributes).toEqual(
      [],
    );
  });

  it("answers an unknown service code with 404 in the specification's error format", () => {
    const unknown = open311ServiceDefinition(policy.reports, "potholes");
    if (Either.isRight(unknown)) throw new Error("expected a refusal");
    expect(open311ErrorResponse(unknown.left, "en")).toEqual({
      status: 404,
      body: [{ code: 404, description: 'service_code "potholes" was not found' }],
    });
  });
});

describe("POST requests, as the specification's example", () => {
  it("keeps the location, description, media_url and attributes, and drops the personal fields", () => {
    const body = parseInput(Open311RequestSubmission, formOf(examplePost));
    if (Either.isLeft(body)) throw new Error(body.left.text.en);
    expect(body.right).toEqual({
      jurisdiction_id: "city.gov",
      service_code: "sinkhole",
      lat: 37.76524078,
      long: -122.4212043,
      address_string: "1234 5th street",
      description: "A large sinkhole is destroying the street",
      media_url: "http://farm3.static.flickr.com/2002/2212426634_5ed477a060.jpg",
      attribute: { WHISPAWN: "123456", WHISDORN: "COISL001" },
    });
    const command = submitReportFromOpen311(body.right, {
      reportId: ReportId.parse("r-293944"),
      observedAt: NOW,
    });
    const events = eventsOf(
      decideReport(command, initialReportState(), contextOf(courierActor(), { policy })),
    );
    const state = events.reduce(evolveReport, initialReportState());
    expect(state).toMatchObject({
      description: "A large sinkhole is destroying the street",
      location: {
        point: { latitude: 37.76524078, longitude: -122.4212043, datum: "WGS-84" },
        address: "1234 5th street",
      },
      attributes: { WHISPAWN: "123456", WHISDORN: "COISL001" },
      mediaUrl: "http://farm3.static.flickr.com/2002/2212426634_5ed477a060.jpg",
    });
    expect(JSON.stringify(state)).not.toMatch(/smit333|john|smith|111111111|tt222111/);
  });

  it("answers with the specification's response: the id, a notice, and no account id", () => {
    const [response, ...more] = open311PostResponse(
      ReportId.parse("r-293944"),
      policy.reports,
      "sinkhole",
      { language: "en" },
    );
    expect(more).toEqual([]);
    expect(Object.keys(response ?? {}).sort()).toEqual([
      "account_id",
      "service_notice",
      "service_request_id",
    ]);
    expect(response).toEqual({
      service_request_id: "r-293944",
      service_notice:
        "Station staff check the report first; once accepted, Urban management team is due to resolve it within 24 hours.",
      account_id: null,
    });
    expect(
      open311PostResponse(ReportId.parse("r-1"), policy.reports, "noise", { accountId: "c-1" })[0],
    ).toMatchObject({ account_id: "c-1", service_notice: expect.stringContaining("48 小时") });
  });

  it("accepts an address_string without coordinates and without a description", () => {
    const body = parseInput(Open311RequestSubmission, {
      service_code: "noise",
      address_string: "万达广场北门",
      description: "",
    });
    if (Either.isLeft(body)) throw new Error(body.left.text.en);
    const command = submitReportFromOpen311(body.right, {
      reportId: ReportId.parse("r-2"),
      observedAt: NOW,
    });
    expect(command.data.location).toEqual({ address: "万达广场北门" });
    expect(command.data.description).toBeUndefined();
    const state = eventsOf(
      decideReport(command, initialReportState(), contextOf(courierActor(), { policy })),
    ).reduce(evolveReport, initialReportState());
    expect(state).toMatchObject({ description: "", location: { address: "万达广场北门" } });
  });

  it("accepts an address_id alone, and keeps it", () => {
    const body = parseInput(Open311RequestSubmission, {
      service_code: "noise",
      address_id: "545483",
    });
    if (Either.isLeft(body)) throw new Error(body.left.text.en);
    const command = submitReportFromOpen311(body.right, {
      reportId: ReportId.parse("r-3"),
      observedAt: NOW,
    });
    expect(command.data.location).toEqual({ address: "545483", addressId: "545483" });
    expect(
      eventsOf(decideReport(command, initialReportState(), contextOf(courierActor(), { policy }))),
    ).toHaveLength(1);
  });

  it("gathers list answers given as attribute[code][]", () => {
    const body = parseInput(Open311RequestSubmission, {
      service_code: "noise",
      address_string: "x",
      "attribute[kinds][]": ["music", "works"],
      "attribute[level]": "high",
    });
    expect(Either.isRight(body) && body.right.attribute).toEqual({
      kinds: ["music", "works"],
      level: "high",
    });
  });

  it("refuses a description over 4,000 characters in the specification's error format", () => {
    const body = parseInput(Open311RequestSubmission, {
      service_code: "noise",
      address_string: "万达广场北门",
      description: "吵".repeat(4_001),
    });
    if (Either.isRight(body)) throw new Error("expected a refusal");
    expect(open311ErrorResponse(body.left, "en")).toEqual({
      status: 400,
      body: [{ code: 400, description: "description: a description is at most 4,000 characters" }],
    });
    const zh = open311ErrorResponse(body.left, "zh-CN");
    expect(zh.body[0]?.description).toBe("description: 问题描述最多 4000 个字符");
    // 4,000 exactly is still a description.
    expect(
      Either.isRight(
        parseInput(Open311RequestSubmission, {
          service_code: "noise",
          address_string: "万达广场北门",
          description: "吵".repeat(4_000),
        }),
      ),
    ).toBe(true);
  });

  it("answers a refusal of the decider in the specification's format, 400 for a rule", () => {
    const body = parseInput(Open311RequestSubmission, {
      service_code: "dmv66",
      address_string: "x",
    });
    if (Either.isLeft(body)) throw new Error(body.left.text.en);
    const decision = decideReport(
      submitReportFromOpen311(body.right, { reportId: ReportId.parse("r-4"), observedAt: NOW }),
      initialReportState(),
      contextOf(courierActor(), { policy }),
    );
    if (Either.isRight(decision)) throw new Error("expected a refusal");
    expect(open311ErrorResponse(decision.left, "en")).toEqual({
      status: 400,
      body: [
        {
          code: 400,
          description:
            "The report's attributes do not fit its category: WHISHETN an answer is required",
        },
      ],
    });
  });

  it("answers an invalid api key as the specification's 403 example", () => {
    const forbidden = new Forbidden({
      commandType: "SubmitReport",
      role: "auditor",
      community: JINSHAN,
      reason: "role",
    });
    const response = open311ErrorResponse(forbidden, "en");
    expect(response.status).toBe(403);
    expect(response.body).toEqual([{ code: 403, description: forbidden.text.en }]);
  });
});

describe("jurisdiction_id and the community", () => {
  const endpoint = [{ community: JINSHAN, jurisdictionId: "city.gov" }, { community: SHANYANG }];

  it("finds the community a jurisdiction_id names, its own id by default", () => {
    expect(communityOfJurisdiction("city.gov", endpoint)).toEqual(Either.right(JINSHAN));
    expect(communityOfJurisdiction(" CITY.GOV ", endpoint)).toEqual(Either.right(JINSHAN));
    expect(communityOfJurisdiction("shanyang-town", endpoint)).toEqual(Either.right(SHANYANG));
    expect(jurisdictionIdOf(JINSHAN, endpoint)).toBe("city.gov");
    expect(jurisdictionIdOf(SHANYANG, endpoint)).toBe("shanyang-town");
  });

  it("answers 404 for an unknown one, 400 for none when the endpoint serves several", () => {
    const unknown = communityOfJurisdiction("sfgov.org", endpoint);
    if (Either.isRight(unknown)) throw new Error("expected a refusal");
    expect(open311ErrorResponse(unknown.left, "en")).toEqual({
      status: 404,
      body: [{ code: 404, description: 'jurisdiction_id "sfgov.org" was not found' }],
    });
    const missing = communityOfJurisdiction(undefined, endpoint);
    if (Either.isRight(missing)) throw new Error("expected a refusal");
    expect(open311ErrorResponse(missing.left).status).toBe(400);
    // An endpoint of one community may leave it out.
    expect(communityOfJurisdiction("", [{ community: JINSHAN }])).toEqual(Either.right(JINSHAN));
  });
});

describe("GET requests: statuses, notes and times", () => {
  it("shows a duplicate as the specification's example: closed, Duplicate request.", () => {
    const original = {
      reportId: ReportId.parse("r-0"),
      reporterId: "c-1",
      category: "river-patrol",
      status: "accepted" as const,
      verified: true,
    };
    const duplicate = reportAfter([
      { command: submitReport({ reportId: "r-2" }), actor: courierActor("c-2") },
      {
        command: onReport("MarkReportDuplicate", { reportId: "r-2", originalReportId: "r-0" }),
        actor: STAFF,
        originalReport: original as never,
      },
    ]);
    const request = open311ServiceRequest(duplicate, POLICY.reports, { language: "en" });
    expect(request).toMatchObject({
      service_request_id: "r-2",
      status: "closed",
      status_notes: "Duplicate request.",
      description: null,
      agency_responsible: null,
      requested_datetime: NOW,
      updated_datetime: NOW,
      expected_datetime: null,
    });
    // Every field is one of the specification's.
    const specified = [
      "service_request_id",
      "status",
      "status_notes",
      "service_name",
      "service_code",
      "description",
      "agency_responsible",
      "service_notice",
      "requested_datetime",
      "updated_datetime",
      "expected_datetime",
      "address",
      "address_id",
      "zipcode",
      "lat",
      "long",
      "media_url",
    ];
    for (const key of Object.keys(request ?? {})) expect(specified).toContain(key);
    expect(
      open311ServiceRequest(duplicate, POLICY.reports, { language: "zh-CN" })?.status_notes,
    ).toBe("重复报告。");
  });

  it("moves updated_datetime on public changes only", () => {
    const accepted = stepsTo.accepted();
    const later = (hours: number) => hoursAfterNow(hours);
    const state = reportAfter([
      ...accepted,
      {
        command: onReport("AddReportStatusNote", { note: "内部备注", internal: true }),
        actor: STAFF,
        now: later(1),
      },
      { command: onReport("HideReport", { reason: "核实中" }), actor: STAFF, now: later(2) },
      { command: onReport("UnhideReport", { reason: "已核实" }), actor: STAFF, now: later(3) },
      {
        command: onReport("RedactReportPhoto", { photo: "r-1-a.jpg", reason: "人脸" }),
        actor: STAFF,
        now: later(4),
      },
    ]);
    expect(open311ServiceRequest(state, POLICY.reports)?.updated_datetime).toBe(NOW);
    const noted = reportAfter([
      ...accepted,
      {
        command: onReport("AddReportStatusNote", { note: "已派人查看" }),
        actor: handlerActor(),
        now: later(5),
      },
    ]);
    expect(open311ServiceRequest(noted, POLICY.reports)).toMatchObject({
      updated_datetime: later(5),
      status_notes: "已派人查看",
    });
  });

  it("shows a closed request's close time, not a later confirmation's", () => {
    const resolvedAt = hoursAfterNow(10);
    const confirmedAt = hoursAfterNow(30);
    const state = reportAfter([
      ...stepsTo.inProgress(),
      {
        command: onReport("ResolveReport", { note: "已打捞清理" }),
        actor: handlerActor(),
        now: resolvedAt,
      },
      {
        command: onReport("AnswerResolutionCheck", { fixed: true, note: "确实干净了" }),
        actor: courierActor(),
        now: confirmedAt,
      },
    ]);
    expect(open311ServiceRequest(state, POLICY.reports)).toMatchObject({
      status: "closed",
      updated_datetime: resolvedAt,
    });
    const reopenedAt = hoursAfterNow(40);
    const resolvedAgainAt = hoursAfterNow(50);
    const again = reportAfter([
      ...stepsTo.inProgress(),
      {
        command: onReport("ResolveReport", { note: "已处理" }),
        actor: handlerActor(),
        now: resolvedAt,
      },
      {
        command: onReport("AnswerResolutionCheck", { fixed: false, note: "没修好" }),
        actor: courierActor(),
        now: reopenedAt,
      },
      {
        command: onReport("ResolveReport", { note: "再次处理" }),
        actor: handlerActor(),
        now: resolvedAgainAt,
      },
    ]);
    expect(open311ServiceRequest(again, POLICY.reports)?.updated_datetime).toBe(resolvedAgainAt);
    expect(
      open311ServiceRequest(reportAfter(stepsTo.rejected()), POLICY.reports)?.updated_datetime,
    ).toBe(NOW);
  });

  it("gives the reporter's media link when no photo is shown, and null coordinates without a point", () => {
    const state = reportAfter([
      {
        command: submitReport({
          location: { address: "龙胜路桥下" },
          photos: [],
          mediaUrl: "https://pics.example.org/r-1.jpg",
        }),
        actor: courierActor(),
      },
      { command: onReport("AcceptReport"), actor: STAFF },
    ]);
    expect(open311ServiceRequest(state, POLICY.reports)).toMatchObject({
      address: "龙胜路桥下",
      address_id: null,
      lat: null,
      long: null,
      media_url: "https://pics.example.org/r-1.jpg",
    });
  });
});

describe("GET requests: the query", () => {
  const now = Instant.parse("2010-06-30T00:00:00Z");

  it("reads the specification's sample URL", () => {
    const query = open311RequestQuery(
      formOf(
        "start_date=2010-05-24T00:00:00Z&end_date=2010-06-24T00:00:00Z&status=open&jurisdiction_id=city.gov",
      ),
      now,
    );
    expect(query).toEqual(
      Either.right({
        kind: "search",
        start: "2010-05-24T00:00:00.000Z",
        end: "2010-06-24T00:00:00.000Z",
        statuses: ["open"],
        limit: 1000,
      }),
    );
  });

  it("defaults to the most recent 90 days, and to 90 days from one bound", () => {
    expect(open311RequestQuery({}, now)).toEqual(
      Either.right({ kind: "search", start: addMillis(now, -90 * DAY), end: now, limit: 1000 }),
    );
    const start = Instant.parse("2010-06-01T00:00:00Z");
    expect(open311RequestQuery({ start_date: start }, now)).toMatchObject(
      Either.right({ start, end: now }),
    );
    const longAgo = Instant.parse("2009-01-01T00:00:00Z");
    expect(open311RequestQuery({ start_date: longAgo }, now)).toMatchObject(
      Either.right({ start: longAgo, end: addMillis(longAgo, 90 * DAY) }),
    );
    const end = Instant.parse("2010-03-01T00:00:00Z");
    expect(open311RequestQuery({ end_date: end }, now)).toMatchObject(
      Either.right({ start: addMillis(end, -90 * DAY), end }),
    );
  });

  it("reads comma-delimited and repeated codes and statuses, and ids that override the rest", () => {
    expect(
      open311RequestQuery(
        { service_code: ["noise,road-damage", "noise"], status: "open,closed" },
        now,
      ),
    ).toMatchObject(
      Either.right({ serviceCodes: ["noise", "road-damage"], statuses: ["open", "closed"] }),
    );
    expect(open311RequestQuery({ service_request_id: "r-1,r-2", status: "nonsense" }, now)).toEqual(
      Either.right({ kind: "ids", serviceRequestIds: ["r-1", "r-2"] }),
    );
  });

  it("refuses a span over 90 days, a bad date and an unknown status, every problem at once", () => {
    const refused = open311RequestQuery(
      {
        start_date: "2010-01-01T00:00:00Z",
        end_date: "2010-06-01T00:00:00Z",
        status: "pending",
      },
      now,
    );
    if (Either.isRight(refused)) throw new Error("expected a refusal");
    expect(refused.left.issues.map((problem) => problem.field)).toEqual(["end_date", "status"]);
    const response = open311ErrorResponse(refused.left, "en");
    expect(response).toEqual({
      status: 400,
      body: [
        { code: 400, description: "end_date: the range may not span more than 90 days" },
        { code: 400, description: "status: must be open or closed, not pending" },
      ],
    });
    const badDate = open311RequestQuery({ start_date: "2010-01-01" }, now);
    expect(Either.isLeft(badDate) && badDate.left.issues[0]?.field).toBe("start_date");
    // 90 days exactly is allowed.
    expect(
      Either.isRight(
        open311RequestQuery(
          { start_date: "2010-01-01T00:00:00Z", end_date: "2010-04-01T00:00:00Z" },
          now,
        ),
      ),
    ).toBe(true);
  });

  it("selects by service, status and range, the most recent first, at most 1,000", () => {
    const request = (index: number, changes: Partial<Open311ServiceRequest> = {}) =>
      ({
        service_request_id: `r-${index}`,
        status: "open",
        service_code: "noise",
        requested_datetime: addMillis(now, -index * HOUR),
        ...changes,
      }) as Open311ServiceRequest;
    const requests = [
      ...Array.from({ length: 1_005 }, (_, index) => request(index)),
      request(2_000, { status: "closed" }),
      request(2_001, { service_code: "road-damage" }),
      request(24 * 100, {}),
    ];
    const all = selectOpen311Requests(requests, Either.getOrThrow(open311RequestQuery({}, now)));
    expect(all).toHaveLength(1_000);
    expect(all[0]?.service_request_id).toBe("r-0");
    expect(all.at(-1)?.service_request_id).toBe("r-999");
    const closed = selectOpen311Requests(
      requests,
      Either.getOrThrow(open311RequestQuery({ status: "closed" }, now)),
    );
    expect(closed.map((found) => found.service_request_id)).toEqual(["r-2000"]);
    const roads = selectOpen311Requests(
      requests,
      Either.getOrThrow(open311RequestQuery({ service_code: "road-damage" }, now)),
    );
    expect(roads.map((found) => found.service_request_id)).toEqual(["r-2001"]);
    // 100 days ago is outside the default window.
    expect(all.some((found) => found.service_request_id === "r-2400")).toBe(false);
    const byId = selectOpen311Requests(
      requests,
      Either.getOrThrow(open311RequestQuery({ service_request_id: "r-2400,r-missing,r-3" }, now)),
    );
    expect(byId.map((found) => found.service_request_id)).toEqual(["r-2400", "r-3"]);
  });
});
