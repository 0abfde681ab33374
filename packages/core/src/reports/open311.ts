import { Either } from "effect";
import { z } from "zod";
import { DomainError, type DomainErrorShape } from "../kernel/errors.js";
import { toWgs84 } from "../kernel/geo.js";
import type { CommunityId, ReportId, StationId } from "../kernel/ids.js";
import { type Language, type LocalizedText, localized } from "../kernel/localized-text.js";
import { addMillis, DAY, Instant, isAfter, isBefore } from "../kernel/time.js";
import { bilingual, type InputIssue } from "../kernel/validation.js";
import {
  type ReportAttributeDatatype,
  type ReportCategory,
  ReportCategoryId,
  type ReportPolicy,
} from "../policy/sections/reports.js";
import { orderedReportAttributes, ReportAttributeAnswer } from "./attributes.js";
import type { SubmitReport } from "./commands.js";
import type { ReportEvent } from "./events.js";
import type { Report, ReportState } from "./state.js";
import { isSubmitted } from "./state.js";
import { type PhotoReference, ReportMediaUrl, type ReportStatus } from "./values.js";
import { isReportPublic, publicPhotos, reportCategoryName, reportHandlerName } from "./views.js";

/*
 * A pure mapping between sentinel reports and Open311 GeoReport v2
 * (https://wiki.open311.org/GeoReport_v2), so that a gateway can speak Open311: report
 * categories are services (`GET services`, and `GET services/<code>` for the attributes
 * a category asks), reports are service requests (`GET requests`, `GET requests/<id>`),
 * a `POST requests` body becomes a `SubmitReport` command and its answer the
 * specification's response, a `jurisdiction_id` names a community, and refusals take the
 * specification's error format. Field names are the specification's (snake_case).
 */

/** An Open311 service (`GET services`): one per report category. */
export interface Open311Service {
  /** The category id. */
  readonly service_code: string;
  readonly service_name: string;
  readonly description: string;
  /** Whether the category asks attributes (`GET services/<code>` lists them). */
  readonly metadata: boolean;
  /** A request gets its id at once. */
  readonly type: "realtime";
  /** Comma-separated keywords. */
  readonly keywords: string;
  readonly group: string;
}

const asksAttributes = (category: ReportCategory): boolean =>
  (category.attributes ?? []).length > 0;

/**
 * The Open311 services of a policy's report categories, named in one language.
 *
 * @example
 * open311Services(policy.reports, "en")[0];
 * // { service_code: "river-patrol", service_name: "River and waterway patrol", metadata: false,
 * //   type: "realtime", keywords: "河道,river,水,water", group: "Water", description: "..." }
 */
export const open311Services = (
  policy: Pick<ReportPolicy, "categories">,
  language: Language = "zh-CN",
): Open311Service[] =>
  policy.categories.map((category) => ({
    service_code: category.id,
    service_name: category.name[language],
    description: (category.description ?? category.name)[language],
    metadata: asksAttributes(category),
    type: "realtime",
    keywords: (category.keywords ?? []).join(","),
    group: (category.group ?? category.name)[language],
  }));

/** An attribute of an Open311 service definition, as the specification names its fields. */
export interface Open311ServiceAttribute {
  /** `false`: the attribute only informs the reporter (in `description`). */
  readonly variable: boolean;
  readonly code: string;
  readonly datatype: ReportAttributeDatatype;
  readonly required: boolean;
  readonly datatype_description: string | null;
  /** From 1, each once. */
  readonly order: number;
  readonly description: string;
  /** The choices of a list attribute (empty for the others). */
  readonly values: ReadonlyArray<{ readonly key: string; readonly name: string }>;
}

/** An Open311 service definition (`GET services/<service_code>`). */
export interface Open311ServiceDefinition {
  readonly service_code: string;
  readonly attributes: ReadonlyArray<Open311ServiceAttribute>;
}

/** The `service_code` of a service definition asked for is no category of the community. */
export class Open311ServiceNotFound extends DomainError("Open311ServiceNotFound", {
  code: "open311.service_not_found",
  httpStatus: 404,
  text: (props: { readonly serviceCode: string }) =>
    localized(
      `没有服务代码为“${props.serviceCode}”的报告类别`,
      `service_code "${props.serviceCode}" was not found`,
    ),
}) {}

/**
 * The Open311 service definition of a report category: the attributes the community's
 * policy gives it, in the order they are asked (numbered from 1 where the policy gives no
 * `order`), named in one language. A category without attributes has an empty list.
 *
 * @example
 * open311ServiceDefinition(policy.reports, "safety-hazard", "en");
 * // Either.right({ service_code: "safety-hazard", attributes: [{ variable: true,
 * //   code: "hazard", datatype: "singlevaluelist", required: true, order: 1, … }] })
 */
export const open311ServiceDefinition = (
  policy: Pick<ReportPolicy, "categories">,
  serviceCode: string,
  language: Language = "zh-CN",
): Either.Either<Open311ServiceDefinition, Open311ServiceNotFound> => {
  const category = policy.categories.find((candidate) => candidate.id === serviceCode);
  if (category === undefined) return Either.left(new Open311ServiceNotFound({ serviceCode }));
  return Either.right({
    service_code: category.id,
    attributes: orderedReportAttributes(category).map((attribute) => ({
      variable: attribute.variable,
      code: attribute.code,
      datatype: attribute.datatype,
      required: attribute.required,
      datatype_description: attribute.datatypeDescription?.[language] ?? null,
      order: attribute.order,
      description: attribute.description[language],
      values: (attribute.values ?? []).map((value) => ({
        key: value.key,
        name: value.name[language],
      })),
    })),
  });
};

/** The two statuses of an Open311 service request. */
export type Open311Status = "open" | "closed";

/**
 * The Open311 status of a report status: a report is `open` while it waits for or is
 * with its handler, and `closed` once resolved (as FixMyStreet maps "fixed"), closed or
 * rejected (invalid or a duplicate). A reopened report is `open` again.
 */
export const open311Status = (status: ReportStatus): Open311Status =>
  status === "resolved" || status === "closed" || status === "rejected" ? "closed" : "open";

/**
 * An Open311 service request (`GET requests`, `GET requests/<id>`). The reporter never
 * appears: GeoReport v2 has no field for them and none is added. Coordinates are WGS-84,
 * as the specification requires. A report the public may not see yet (waiting for staff,
 * rejected, hidden) is still a request a client can follow, with its content withheld
 * (`description`, `address`, `address_id`, `lat`, `long` and `media_url` are `null`).
 */
export interface Open311ServiceRequest {
  readonly service_request_id: string;
  readonly status: Open311Status;
  /** Why the status is what it is: the latest public note, "Duplicate request.", or `null`. */
  readonly status_notes: string | null;
  readonly service_name: string;
  readonly service_code: string;
  /** `null` when withheld or when the reporter gave none. */
  readonly description: string | null;
  /** The handler's name once the report is routed, else `null`. */
  readonly agency_responsible: string | null;
  readonly requested_datetime: string;
  /**
   * The last change the public can see (a note, a step of its lifecycle), never a
   * moderation step or an internal note; for a closed request, when it was closed.
   */
  readonly updated_datetime: string;
  /** When it is due to be resolved while it is with its handler, else `null`. */
  readonly expected_datetime: string | null;
  readonly address: string | null;
  readonly address_id: string | null;
  readonly lat: number | null;
  readonly long: number | null;
  /**
   * The first photo that is not redacted (under the photo base URL, when one is given),
   * else the media link the reporter gave, else `null`.
   */
  readonly media_url: string | null;
}

/** Options of {@link open311ServiceRequest}. */
export interface Open311RequestOptions {
  /** The language of names and of the notes this mapping writes. Default `zh-CN`. */
  readonly language?: Language;
  /**
   * The public base URL of photos (`https://example.org/media`); a photo's URL is the base
   * and its reference. Without it, stored photos give no `media_url`.
   */
  readonly photoBaseUrl?: string;
}

// About 11 cm: more digits only carry the float noise of the datum conversion.
const roundCoordinate = (value: number): number => Math.round(value * 1e6) / 1e6;

const latestPublicNote = (report: Report): string | null => {
  for (let index = report.history.length - 1; index >= 0; index--) {
    const entry = report.history[index];
    if (entry?.publicStep && entry.note !== undefined) return entry.note;
  }
  return null;
};

/** The public URL of a photo under a base URL. */
export const photoUrl = (photoBaseUrl: string, photo: PhotoReference): string =>
  `${photoBaseUrl.replace(/\/+$/, "")}/${encodeURIComponent(photo)}`;

// The Open311 status each lifecycle step leaves a request in (other steps leave it).
const statusAfterStep: Partial<Record<ReportEvent["type"], Open311Status>> = {
  ReportSubmitted: "open",
  ReportResolved: "closed",
  ReportClosed: "closed",
  ReportRejected: "closed",
  ReportMarkedDuplicate: "closed",
  ReportReopened: "open",
};

/**
 * When the request last changed in a way the public can see: for a closed request, the
 * step that closed it (a later confirmation of a resolved report does not move it); for
 * an open one, the last public step. Moderation and internal notes never move it.
 */
const open311UpdatedAt = (report: Report): string => {
  let status: Open311Status = "open";
  let closedAt: string | undefined;
  let lastPublic = report.submittedAt as string;
  for (const entry of report.history) {
    if (!entry.publicStep) continue;
    lastPublic = entry.at;
    const next = statusAfterStep[entry.type];
    if (next === "closed" && status === "open") closedAt = entry.at;
    if (next !== undefined) status = next;
  }
  return status === "closed" && closedAt !== undefined ? closedAt : lastPublic;
};

const notShown = localized("该报告暂不公开", "This request is not shown publicly.");
const duplicateNote = localized("重复报告。", "Duplicate request.");

const statusNotesOf = (report: Report, shown: boolean, language: Language): string | null => {
  if (report.status === "rejected" && report.rejection?.reason === "duplicate") {
    return duplicateNote[language];
  }
  if (report.hidden !== undefined) return notShown[language];
  if (!shown && report.status !== "rejected") return null;
  return latestPublicNote(report);
};

/**
 * A report as an Open311 service request, whatever its status: a client that filed a
 * report can always follow it. A report waiting for staff is `open`; a rejected one is
 * `closed`, with "Duplicate request." (as the specification's own example) for a
 * duplicate and the staff's note for an invalid one. What the public may not see (a
 * report not yet accepted when the policy publishes only accepted ones, a rejected or a
 * hidden one) keeps its content withheld. Redacted photos never appear; neither does the
 * reporter. `undefined` only before the report is submitted.
 *
 * @example
 * const request = open311ServiceRequest(state, policy.reports, {
 *   language: "en", photoBaseUrl: "https://station.example.org/media",
 * });
 */
export const open311ServiceRequest = (
  state: ReportState,
  policy: Pick<ReportPolicy, "categories" | "handlers" | "publicBeforeAcceptance">,
  options: Open311RequestOptions = {},
): Open311ServiceRequest | undefined => {
  if (!isSubmitted(state)) return undefined;
  const report = state;
  const shown = isReportPublic(report, policy);
  const language = options.language ?? "zh-CN";
  const point =
    shown && report.location.point !== undefined ? toWgs84(report.location.point) : undefined;
  const photo = publicPhotos(report)[0];
  const withHandler =
    report.status === "accepted" || report.status === "in_progress" || report.status === "reopened";
  const media =
    photo !== undefined && options.photoBaseUrl !== undefined
      ? photoUrl(options.photoBaseUrl, photo)
      : (report.mediaUrl ?? null);
  return {
    service_request_id: report.reportId,
    status: open311Status(report.status),
    status_notes: statusNotesOf(report, shown, language),
    service_name: reportCategoryName(policy, report.category)[language],
    service_code: report.category,
    description: shown && report.description !== "" ? report.description : null,
    agency_responsible:
      report.handlerId === undefined ? null : reportHandlerName(policy, report.handlerId)[language],
    requested_datetime: report.submittedAt,
    updated_datetime: open311UpdatedAt(report),
    expected_datetime: withHandler && report.dueAt !== undefined ? report.dueAt : null,
    address: shown ? report.location.address : null,
    address_id: shown ? (report.location.addressId ?? null) : null,
    lat: point === undefined ? null : roundCoordinate(point.latitude),
    long: point === undefined ? null : roundCoordinate(point.longitude),
    media_url: shown ? media : null,
  };
};

const coordinate = (min: number, max: number) =>
  z
    .union([
      z.number(),
      // Open311 bodies are often form-encoded, so numbers arrive as text.
      z
        .string()
        .trim()
        .regex(/^-?\d{1,3}(\.\d+)?$/, bilingual("须为十进制度数", "a number of decimal degrees"))
        .transform(Number),
    ])
    .pipe(z.number().min(min).max(max));

// An optional argument given empty is no argument (the specification's "Optional
// Arguments": a null parameter is a parameter not declared).
const optionalText = <Schema extends z.ZodType>(schema: Schema) =>
  z.preprocess((value) => (value === "" || value === null ? undefined : value), schema.optional());

/** The longest description a `POST requests` may carry, as the specification says. */
export const open311MaxDescriptionLength = 4_000;

// `attribute[code]=value` and `attribute[code][]=value` keys of a form body, gathered into
// `attribute: { code: value }` (a parser such as `qs` already gives that shape).
const ATTRIBUTE_KEY = /^attribute\[([^\][]+)\](\[\])?$/;

const gatherAttributes = (body: unknown): unknown => {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return body;
  const gathered: Record<string, unknown> = {};
  const rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    const match = ATTRIBUTE_KEY.exec(key);
    if (match === null) rest[key] = value;
    else if (match[1] !== undefined) {
      gathered[match[1]] = match[2] === undefined || Array.isArray(value) ? value : [value];
    }
  }
  if (Object.keys(gathered).length === 0) return body;
  const given = rest.attribute;
  const merged =
    typeof given === "object" && given !== null && !Array.isArray(given)
      ? { ...given, ...gathered }
      : gathered;
  return { ...rest, attribute: merged };
};

/**
 * The body of an Open311 `POST requests`, as far as a sentinel report uses it: the
 * `service_code`; a location — `lat` and `long` (WGS-84, both or neither), an
 * `address_string`, or an `address_id`, at least one; an optional `description` of at
 * most 4,000 characters; an optional `media_url`; and the answers to the category's
 * attributes, as `attribute[code]=value` (`attribute[code][]=…` for a list) or already
 * gathered into `attribute`. `jurisdiction_id` is read by {@link communityOfJurisdiction}.
 * The personal `email`, `first_name`, `last_name`, `phone`, and `device_id` and
 * `account_id`, are dropped: the reporter is the courier the gateway authenticated.
 */
export const Open311RequestSubmission = z.preprocess(
  gatherAttributes,
  z
    .object({
      jurisdiction_id: optionalText(z.string().trim().max(200)),
      service_code: ReportCategoryId,
      lat: optionalText(coordinate(-90, 90)),
      long: optionalText(coordinate(-180, 180)),
      address_string: optionalText(z.string().trim().min(1).max(200)),
      address_id: optionalText(
        z
          .string()
          .trim()
          .regex(
            /^[A-Za-z0-9][A-Za-z0-9_.:/-]{0,99}$/,
            bilingual(
              "地址编号须为 1 至 100 位字母、数字或“_.:/-”",
              "an address id is 1 to 100 letters, digits or '_.:/-'",
            ),
          ),
      ),
      description: optionalText(
        z
          .string()
          .trim()
          .max(
            open311MaxDescriptionLength,
            bilingual("问题描述最多 4000 个字符", "a description is at most 4,000 characters"),
          ),
      ),
      media_url: optionalText(ReportMediaUrl),
      attribute: z.record(z.string(), ReportAttributeAnswer).optional(),
    })
    .refine((body) => (body.lat === undefined) === (body.long === undefined), {
      ...bilingual("lat 与 long 须同时提供", "lat and long go together"),
      path: ["long"],
    })
    .refine(
      (body) =>
        body.lat !== undefined ||
        body.address_string !== undefined ||
        body.address_id !== undefined,
      {
        ...bilingual(
          "须提供位置：lat 与 long、address_string 或 address_id",
          "a location is required: lat and long, address_string or address_id",
        ),
        path: ["address_string"],
      },
    ),
);
/** The body of an Open311 `POST requests` that a sentinel report uses. */
export type Open311RequestSubmission = z.infer<typeof Open311RequestSubmission>;

/**
 * The `SubmitReport` command for an Open311 `POST requests` body (parsed with
 * {@link Open311RequestSubmission}). The gateway chooses the report id, gives the time of
 * observation (Open311 has none: the time of the request) and the references of any
 * photos it stored. The address is `address_string`, else the coordinates, else the
 * `address_id`; the description, the `media_url` and the attributes are kept as given.
 * The command then goes through the decider like any other, which checks the category and
 * the attributes against the policy.
 *
 * @example
 * const body = parseInput(Open311RequestSubmission, form);
 * const command = submitReportFromOpen311(body.right, { reportId, observedAt: clock.now() });
 */
export const submitReportFromOpen311 = (
  submission: Open311RequestSubmission,
  options: {
    readonly reportId: ReportId;
    readonly observedAt: Instant;
    readonly photos?: ReadonlyArray<PhotoReference>;
    readonly stationId?: StationId;
  },
): SubmitReport => {
  const { lat, long } = submission;
  const point =
    lat === undefined || long === undefined
      ? undefined
      : { latitude: lat, longitude: long, datum: "WGS-84" as const };
  const address =
    submission.address_string ??
    (point === undefined ? (submission.address_id ?? "") : `${point.latitude},${point.longitude}`);
  const attributes = submission.attribute;
  return {
    type: "SubmitReport",
    data: {
      reportId: options.reportId,
      category: submission.service_code,
      ...(submission.description === undefined || submission.description === ""
        ? {}
        : { description: submission.description }),
      location: {
        ...(point === undefined ? {} : { point }),
        address,
        ...(submission.address_id === undefined ? {} : { addressId: submission.address_id }),
      },
      photos: [...(options.photos ?? [])],
      observedAt: options.observedAt,
      ...(attributes === undefined || Object.keys(attributes).length === 0 ? {} : { attributes }),
      ...(submission.media_url === undefined ? {} : { mediaUrl: submission.media_url }),
      ...(options.stationId === undefined ? {} : { stationId: options.stationId }),
    },
  };
};

/** One entry of the answer to a `POST requests`. */
export interface Open311PostResponse {
  readonly service_request_id: string;
  /** What happens next, from the category's handler and due time. */
  readonly service_notice: string | null;
  /** The submitter's account id, when the gateway chooses to give it, else `null`. */
  readonly account_id: string | null;
}

/**
 * The answer to an accepted `POST requests` (the specification's response is a list of
 * one): the new request's id, a notice of what happens next — staff check it first, then
 * the category's handler is due to resolve it within its hours — and the account id the
 * gateway gives (`null` unless given: the reporter appears nowhere else).
 *
 * @example
 * open311PostResponse("r-311", policy.reports, "noise", { language: "en" });
 * // [{ service_request_id: "r-311", service_notice: "Station staff check the report first; …",
 * //    account_id: null }]
 */
export const open311PostResponse = (
  reportId: ReportId,
  policy: Pick<ReportPolicy, "categories" | "handlers">,
  serviceCode: string,
  options: { readonly language?: Language; readonly accountId?: string } = {},
): Open311PostResponse[] => {
  const language = options.language ?? "zh-CN";
  const category = policy.categories.find((candidate) => candidate.id === serviceCode);
  const notice =
    category === undefined
      ? undefined
      : localized(
          `驿站工作人员将先核实报告；受理后由${reportHandlerName(policy, category.handler)["zh-CN"]}在 ${category.dueHours} 小时内处置。`,
          `Station staff check the report first; once accepted, ${reportHandlerName(policy, category.handler).en} is due to resolve it within ${category.dueHours} hours.`,
        );
  return [
    {
      service_request_id: reportId,
      service_notice: notice === undefined ? null : notice[language],
      account_id: options.accountId ?? null,
    },
  ];
};

/** A `jurisdiction_id` names no community of this endpoint. */
export class Open311JurisdictionNotFound extends DomainError("Open311JurisdictionNotFound", {
  code: "open311.jurisdiction_not_found",
  httpStatus: 404,
  text: (props: { readonly jurisdictionId: string }) =>
    localized(
      `找不到 jurisdiction_id“${props.jurisdictionId}”`,
      `jurisdiction_id "${props.jurisdictionId}" was not found`,
    ),
}) {}

/** The endpoint serves several communities and the request named none. */
export class Open311JurisdictionRequired extends DomainError("Open311JurisdictionRequired", {
  code: "open311.jurisdiction_required",
  httpStatus: 400,
  text: () =>
    localized(
      "本接口服务多个社区，须提供 jurisdiction_id",
      "jurisdiction_id was not provided, and this endpoint serves several jurisdictions",
    ),
}) {}

/**
 * A community an Open311 endpoint serves, with its `jurisdiction_id` (by default its
 * community id; the specification suggests the jurisdiction's website domain, such as
 * `jinshan.gov.cn`).
 */
export interface Open311Jurisdiction {
  readonly community: CommunityId;
  readonly jurisdictionId?: string;
}

/** The `jurisdiction_id` of a community (its own id unless the endpoint names another). */
export const jurisdictionIdOf = (
  community: CommunityId,
  jurisdictions: ReadonlyArray<Open311Jurisdiction>,
): string =>
  jurisdictions.find((jurisdiction) => jurisdiction.community === community)?.jurisdictionId ??
  community;

/**
 * The community a request's `jurisdiction_id` names, among those the endpoint serves
 * (compared without regard to case). Without one, the endpoint's only community, or
 * {@link Open311JurisdictionRequired} (400) when it serves several, as the specification
 * asks; an unknown one is {@link Open311JurisdictionNotFound} (404).
 *
 * @example
 * communityOfJurisdiction("jinshan.gov.cn", [{ community: "jinshan-wanda", jurisdictionId: "jinshan.gov.cn" }]);
 * // Either.right("jinshan-wanda")
 */
export const communityOfJurisdiction = (
  jurisdictionId: string | undefined,
  jurisdictions: ReadonlyArray<Open311Jurisdiction>,
): Either.Either<CommunityId, Open311JurisdictionNotFound | Open311JurisdictionRequired> => {
  const wanted = jurisdictionId?.trim().toLowerCase() ?? "";
  if (wanted === "") {
    const only = jurisdictions.length === 1 ? jurisdictions[0] : undefined;
    return only === undefined
      ? Either.left(new Open311JurisdictionRequired())
      : Either.right(only.community);
  }
  const found = jurisdictions.find(
    (jurisdiction) =>
      (jurisdiction.jurisdictionId ?? jurisdiction.community).toLowerCase() === wanted,
  );
  return found === undefined
    ? Either.left(new Open311JurisdictionNotFound({ jurisdictionId: jurisdictionId ?? "" }))
    : Either.right(found.community);
};

/** The most requests a `GET requests` answers, as the specification's default. */
export const open311RequestLimit = 1_000;

/** The widest date range of a `GET requests`, and its default (the most recent 90 days). */
export const open311WindowDays = 90;

/** What a `GET requests` asks for, once read. */
export type Open311RequestQuery =
  | {
      /** `service_request_id` was given: it overrides every other argument. */
      readonly kind: "ids";
      readonly serviceRequestIds: ReadonlyArray<string>;
    }
  | {
      readonly kind: "search";
      /** Absent: every service. */
      readonly serviceCodes?: ReadonlyArray<string>;
      /** Requests whose `requested_datetime` is from `start` to `end`, both included. */
      readonly start: Instant;
      readonly end: Instant;
      /** Absent: both statuses. */
      readonly statuses?: ReadonlyArray<Open311Status>;
      /** The first so many, the most recent first. */
      readonly limit: number;
    };

/** The arguments of a `GET requests` do not make a query: every problem at once. */
export class Open311QueryInvalid extends DomainError("Open311QueryInvalid", {
  code: "open311.query_invalid",
  httpStatus: 400,
  text: (props: { readonly issues: ReadonlyArray<InputIssue> }) =>
    localized(
      `查询参数有误：${props.issues.map((issue) => `${issue.field}：${issue.message["zh-CN"]}`).join("；")}`,
      `The query is not valid: ${props.issues.map((issue) => `${issue.field}: ${issue.message.en}`).join("; ")}`,
    ),
}) {}

/** An argument of a query string: absent, given once, or given several times. */
export type QueryArgument = string | ReadonlyArray<string> | undefined;

// "Can be declared multiple times, comma delimited": every value, split at commas.
const listOf = (argument: QueryArgument): string[] =>
  (typeof argument === "string" ? [argument] : (argument ?? []))
    .flatMap((value) => value.split(","))
    .map((value) => value.trim())
    .filter((value) => value !== "");

const issue = (field: string, message: LocalizedText): InputIssue => ({
  path: [field],
  field,
  code: "custom",
  message,
});

/**
 * Reads the arguments of a `GET requests` as the specification defines them, at `now`:
 *
 * - `service_request_id` (comma-delimited, at most 1,000) overrides every other argument;
 * - `service_code` and `status` (`open`, `closed`) may be comma-delimited or repeated;
 * - `start_date` and `end_date` (w3 format with an offset, `2010-01-01T00:00:00Z`) bound
 *   `requested_datetime`; without them the range is the most recent 90 days, with one of
 *   them the 90 days after the start (not past now) or before the end, and a range given
 *   in full may not span more than 90 days;
 * - at most the first 1,000 requests, the most recent first.
 *
 * Arguments given empty count as not given. Every problem is listed at once.
 *
 * @example
 * open311RequestQuery({ status: "open", service_code: "noise,road-damage" }, now);
 * // Either.right({ kind: "search", serviceCodes: ["noise", "road-damage"], statuses: ["open"],
 * //   start: <now − 90 days>, end: now, limit: 1000 })
 */
export const open311RequestQuery = (
  argumentsGiven: Readonly<Record<string, QueryArgument>>,
  now: Instant,
): Either.Either<Open311RequestQuery, Open311QueryInvalid> => {
  const argument = (name: string): QueryArgument =>
    Object.hasOwn(argumentsGiven, name) ? argumentsGiven[name] : undefined;
  const issues: InputIssue[] = [];
  const ids = listOf(argument("service_request_id"));
  if (ids.length > 0) {
    if (ids.length > open311RequestLimit) {
      issues.push(
        issue(
          "service_request_id",
          localized(
            `最多查询 ${open311RequestLimit} 个编号`,
            `at most ${open311RequestLimit} ids at once`,
          ),
        ),
      );
      return Either.left(new Open311QueryInvalid({ issues }));
    }
    return Either.right({ kind: "ids", serviceRequestIds: [...new Set(ids)] });
  }
  const date = (name: string): Instant | undefined => {
    const [text, ...more] = listOf(argument(name));
    if (text === undefined) return undefined;
    const parsed = Instant.safeParse(text);
    if (more.length > 0 || !parsed.success) {
      issues.push(
        issue(
          name,
          localized(
            "须为一个带时区的 w3 格式时间，如 2010-01-01T00:00:00Z",
            "must be one w3 datetime with its offset, such as 2010-01-01T00:00:00Z",
          ),
        ),
      );
      return undefined;
    }
    return parsed.data;
  };
  const startGiven = date("start_date");
  const endGiven = date("end_date");
  const window = open311WindowDays * DAY;
  let start: Instant;
  let end: Instant;
  if (startGiven !== undefined && endGiven !== undefined) {
    start = startGiven;
    end = endGiven;
    if (isAfter(start, end)) {
      issues.push(
        issue("end_date", localized("不能早于 start_date", "must not be before start_date")),
      );
    } else if (isAfter(end, addMillis(start, window))) {
      issues.push(
        issue(
          "end_date",
          localized(
            `查询范围不能超过 ${open311WindowDays} 天`,
            `the range may not span more than ${open311WindowDays} days`,
          ),
        ),
      );
    }
  } else if (startGiven !== undefined) {
    start = startGiven;
    const windowEnd = addMillis(start, window);
    end = isBefore(now, windowEnd) && !isBefore(now, start) ? now : windowEnd;
  } else if (endGiven !== undefined) {
    end = endGiven;
    start = addMillis(end, -window);
  } else {
    end = now;
    start = addMillis(now, -window);
  }
  const statuses = listOf(argument("status"));
  const unknownStatuses = statuses.filter((status) => status !== "open" && status !== "closed");
  if (unknownStatuses.length > 0) {
    issues.push(
      issue(
        "status",
        localized(
          `只能为 open 或 closed，而不是 ${unknownStatuses.join("、")}`,
          `must be open or closed, not ${unknownStatuses.join(", ")}`,
        ),
      ),
    );
  }
  if (issues.length > 0) return Either.left(new Open311QueryInvalid({ issues }));
  const serviceCodes = listOf(argument("service_code"));
  return Either.right({
    kind: "search",
    ...(serviceCodes.length === 0 ? {} : { serviceCodes: [...new Set(serviceCodes)] }),
    start,
    end,
    ...(statuses.length === 0
      ? {}
      : { statuses: [...new Set(statuses)] as ReadonlyArray<Open311Status> }),
    limit: open311RequestLimit,
  });
};

/**
 * The requests a query selects among those given (a read model's candidates, already
 * mapped with {@link open311ServiceRequest}): by id, in the order asked; or by service,
 * date range and status, the most recent first, at most the query's limit.
 *
 * @example
 * selectOpen311Requests(requests, Either.getOrThrow(open311RequestQuery(searchParams, now)));
 */
export const selectOpen311Requests = (
  requests: Iterable<Open311ServiceRequest>,
  query: Open311RequestQuery,
): Open311ServiceRequest[] => {
  const all = [...requests];
  if (query.kind === "ids") {
    const byId = new Map(all.map((request) => [request.service_request_id, request]));
    return query.serviceRequestIds.flatMap((id) => byId.get(id) ?? []);
  }
  const codes = query.serviceCodes === undefined ? undefined : new Set(query.serviceCodes);
  const statuses = query.statuses === undefined ? undefined : new Set(query.statuses);
  return all
    .filter(
      (request) =>
        (codes === undefined || codes.has(request.service_code)) &&
        (statuses === undefined || statuses.has(request.status)) &&
        !isBefore(request.requested_datetime as Instant, query.start) &&
        !isAfter(request.requested_datetime as Instant, query.end),
    )
    .sort(
      (a, b) =>
        b.requested_datetime.localeCompare(a.requested_datetime) ||
        a.service_request_id.localeCompare(b.service_request_id),
    )
    .slice(0, query.limit);
};

/** One entry of an Open311 error response. */
export interface Open311Error {
  /** The HTTP status, as the specification's examples give it. */
  readonly code: number;
  readonly description: string;
}

/**
 * A refusal in the specification's error format: the HTTP status — 404 for what does
 * not exist, 403 for access, and 400 for any other request that cannot be fulfilled, as
 * the specification asks — and a list of `{ code, description }`, one per input problem
 * (a body or query that breaks its schema lists each field, the first 20 and a count of
 * the rest), else one with the error's message, in the language asked.
 *
 * @example
 * open311ErrorResponse(invalidBody, "en");
 * // { status: 400, body: [{ code: 400, description: "description: a description is at most 4,000 characters" }] }
 */
export const open311ErrorResponse = (
  error: DomainErrorShape,
  language: Language = "zh-CN",
): { readonly status: 400 | 403 | 404; readonly body: Open311Error[] } => {
  const status = error.httpStatus === 404 ? 404 : error.httpStatus === 403 ? 403 : 400;
  const withIssues = error as DomainErrorShape & {
    readonly issues?: ReadonlyArray<InputIssue>;
    readonly moreIssues?: number;
  };
  if (Array.isArray(withIssues.issues) && withIssues.issues.length > 0) {
    const body = withIssues.issues.map((problem) => ({
      code: status,
      description:
        problem.field === ""
          ? problem.message[language]
          : `${problem.field}: ${problem.message[language]}`,
    }));
    const more = withIssues.moreIssues ?? 0;
    if (more > 0) {
      body.push({
        code: status,
        description: localized(`另有 ${more} 处问题`, `and ${more} more problems`)[language],
      });
    }
    return { status, body };
  }
  return { status, body: [{ code: status, description: error.text[language] }] };
};
