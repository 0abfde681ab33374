import { z } from "zod";
import { toWgs84 } from "../kernel/geo.js";
import type { ReportId } from "../kernel/ids.js";
import type { Language } from "../kernel/localized-text.js";
import type { Instant } from "../kernel/time.js";
import { bilingual } from "../kernel/validation.js";
import { ReportCategoryId, type ReportPolicy } from "../policy/sections/reports.js";
import type { SubmitReport } from "./commands.js";
import type { Report, ReportState } from "./state.js";
import type { PhotoReference, ReportStatus } from "./values.js";
import { isReportPublic, publicPhotos, reportCategoryName, reportHandlerName } from "./views.js";

/*
 * A pure mapping between sentinel reports and Open311 GeoReport v2
 * (https://wiki.open311.org/GeoReport_v2), so that a gateway can speak Open311: report
 * categories are services (`GET services`), reports are service requests
 * (`GET requests`, `GET requests/<id>`), and a `POST requests` body becomes a
 * `SubmitReport` command. Field names are the specification's (snake_case).
 */

/** An Open311 service (`GET services`): one per report category. */
export interface Open311Service {
  /** The category id. */
  readonly service_code: string;
  readonly service_name: string;
  readonly description: string;
  /** No extra attributes are asked for (no service definition). */
  readonly metadata: false;
  /** A request gets its id at once. */
  readonly type: "realtime";
  /** Comma-separated keywords. */
  readonly keywords: string;
  readonly group: string;
}

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
    metadata: false,
    type: "realtime",
    keywords: (category.keywords ?? []).join(","),
    group: (category.group ?? category.name)[language],
  }));

/** The two statuses of an Open311 service request. */
export type Open311Status = "open" | "closed";

/**
 * The Open311 status of a report status: a report is `open` while it waits for or is
 * with its handler, and `closed` once resolved (as FixMyStreet maps "fixed"), closed or
 * rejected. A reopened report is `open` again.
 */
export const open311Status = (status: ReportStatus): Open311Status =>
  status === "resolved" || status === "closed" || status === "rejected" ? "closed" : "open";

/**
 * An Open311 service request (`GET requests`). The reporter never appears: GeoReport v2
 * has no field for them and none is added. Coordinates are WGS-84, as the specification
 * requires.
 */
export interface Open311ServiceRequest {
  readonly service_request_id: string;
  readonly status: Open311Status;
  /** The latest public status note, or `null`. */
  readonly status_notes: string | null;
  readonly service_name: string;
  readonly service_code: string;
  readonly description: string;
  /** The handler's name once the report is routed, else `null`. */
  readonly agency_responsible: string | null;
  readonly requested_datetime: string;
  readonly updated_datetime: string;
  /** When it is due to be resolved while it is with its handler, else `null`. */
  readonly expected_datetime: string | null;
  readonly address: string;
  readonly lat: number;
  readonly long: number;
  /** The first photo that is not redacted, when a photo base URL is given, else `null`. */
  readonly media_url: string | null;
}

/** Options of {@link open311ServiceRequest}. */
export interface Open311RequestOptions {
  /** The language of `service_name` and `agency_responsible`. Default `zh-CN`. */
  readonly language?: Language;
  /**
   * The public base URL of photos (`https://example.org/media`); a photo's URL is the base
   * and its reference. Without it, `media_url` is `null`.
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

/**
 * A report as an Open311 service request, or `undefined` when the public may not see it
 * (hidden, rejected, or not yet accepted unless the policy publishes at once). Redacted
 * photos never appear; neither does the reporter.
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
  if (!isReportPublic(state, policy)) return undefined;
  const report = state;
  const language = options.language ?? "zh-CN";
  const point = toWgs84(report.location.point);
  const photo = publicPhotos(report)[0];
  const withHandler =
    report.status === "accepted" || report.status === "in_progress" || report.status === "reopened";
  return {
    service_request_id: report.reportId,
    status: open311Status(report.status),
    status_notes: latestPublicNote(report),
    service_name: reportCategoryName(policy, report.category)[language],
    service_code: report.category,
    description: report.description,
    agency_responsible:
      report.handlerId === undefined ? null : reportHandlerName(policy, report.handlerId)[language],
    requested_datetime: report.submittedAt,
    updated_datetime: report.updatedAt,
    expected_datetime: withHandler && report.dueAt !== undefined ? report.dueAt : null,
    address: report.location.address,
    lat: roundCoordinate(point.latitude),
    long: roundCoordinate(point.longitude),
    media_url:
      options.photoBaseUrl === undefined || photo === undefined
        ? null
        : photoUrl(options.photoBaseUrl, photo),
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

/**
 * The body of an Open311 `POST requests`, as far as a sentinel report uses it. Unknown
 * fields (`jurisdiction_id`, `device_id`, `attribute[...]`, and the personal `email`,
 * `first_name`, `last_name`, `phone`) are dropped: the reporter is the courier the gateway
 * authenticated, and no personal data is taken from the body. A report needs a point
 * (`lat` and `long`, WGS-84) and a description; `address_string` is optional.
 */
export const Open311RequestSubmission = z.object({
  service_code: ReportCategoryId,
  lat: coordinate(-90, 90),
  long: coordinate(-180, 180),
  address_string: z.string().trim().max(200).optional(),
  description: z
    .string()
    .trim()
    .min(1, bilingual("须填写问题描述", "a description is required"))
    .max(10_000),
});
/** The body of an Open311 `POST requests` that a sentinel report uses. */
export type Open311RequestSubmission = z.infer<typeof Open311RequestSubmission>;

/**
 * The `SubmitReport` command for an Open311 `POST requests` body (parsed with
 * {@link Open311RequestSubmission}). The gateway chooses the report id, gives the time of
 * observation (Open311 has none: the time of the request) and the references of any
 * photos it stored from `media_url`. Without `address_string`, the coordinates are the
 * address. The command then goes through the decider like any other, which checks the
 * category against the policy.
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
  },
): SubmitReport => {
  const address = submission.address_string;
  return {
    type: "SubmitReport",
    data: {
      reportId: options.reportId,
      category: submission.service_code,
      description: submission.description,
      location: {
        point: { latitude: submission.lat, longitude: submission.long, datum: "WGS-84" },
        address:
          address === undefined || address === ""
            ? `${submission.lat},${submission.long}`
            : address,
      },
      photos: [...(options.photos ?? [])],
      observedAt: options.observedAt,
    },
  };
};
