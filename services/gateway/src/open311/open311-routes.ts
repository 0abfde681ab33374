import { randomUUID } from "node:crypto";
import { call, reportsContract } from "@courier-station/contracts";
import {
  type Actor,
  type CommunityId,
  communityOfJurisdiction,
  type DomainErrorShape,
  type InputIssue,
  instantFromMillis,
  isDomainError,
  type Language,
  type Open311Jurisdiction,
  Open311RequestSubmission,
  parseInput,
  ReportId,
  submitReportFromOpen311,
} from "@courier-station/core";
import type { BusApi, StoreApi } from "@courier-station/kit";
import { Either } from "effect";
import type { NextFunction, Request, Response, Router } from "express";
import { XMLBuilder } from "fast-xml-parser";
import { runOnBus } from "../api/bus-calls.js";
import { commandIdFor } from "../api/idempotency.js";
import { languageOf } from "../http/problem.js";
import { HttpRefusal } from "../http/refusal.js";
import type { MediaStore } from "../media/media-store.js";

/** Which communities the Open311 endpoint serves, and how it names them. */
export interface Open311Settings {
  /** The communities, each with its `jurisdiction_id` (default its community id). */
  readonly jurisdictions: ReadonlyArray<Open311Jurisdiction>;
  /** The public base URL of the gateway, for `media_url` of stored photos and discovery. */
  readonly publicBaseUrl?: string;
  /** Contact text for discovery. */
  readonly contact?: string;
}

const xml = new XMLBuilder({ format: true, suppressEmptyNode: false, processEntities: true });

type Format = "json" | "xml";

const formatOf = (request: Request): Format => {
  const format = String(request.params.format ?? "");
  if (format === "json" || format === "xml") return format;
  throw new HttpRefusal({
    code: "open311.format_unknown",
    status: 404,
    text: { "zh-CN": "格式须为 json 或 xml", en: "The format is json or xml" },
  });
};

/** Sends a value as JSON, or as XML under a root element with a name for list items. */
const send = (
  response: Response,
  format: Format,
  value: unknown,
  xmlShape: { readonly root: string; readonly item?: string },
  status = 200,
) => {
  if (format === "json") {
    response.status(status).json(value);
    return;
  }
  const body =
    xmlShape.item === undefined
      ? { [xmlShape.root]: value }
      : { [xmlShape.root]: { [xmlShape.item]: value } };
  const text = `<?xml version="1.0" encoding="utf-8"?>\n${xml.build(xmlForm(body))}`;
  response.status(status).type("text/xml; charset=utf-8").send(text);
};

// Nulls as empty elements and lists of values as repeated elements, as GeoReport v2's XML.
const xmlForm = (value: unknown): unknown => {
  if (value === null || value === undefined) return "";
  if (Array.isArray(value)) return value.map(xmlForm);
  if (typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, xmlForm(item)]));
  }
  return value;
};

/** The public reader of Open311's read-only routes: it sees what the public may see. */
const publicReader = (community: CommunityId): Actor => ({
  role: "sponsor",
  id: "open311-public",
  communities: [community],
});

const communityOf = (settings: Open311Settings, request: Request): CommunityId => {
  const given =
    (request.method === "POST"
      ? (request.body as Record<string, unknown> | undefined)?.jurisdiction_id
      : undefined) ?? request.query.jurisdiction_id;
  const found = communityOfJurisdiction(
    typeof given === "string" ? given : undefined,
    settings.jurisdictions,
  );
  if (Either.isLeft(found)) throw found.left;
  return found.right;
};

const issuesOf = (failure: unknown): ReadonlyArray<InputIssue> | undefined => {
  if (failure instanceof HttpRefusal) {
    return failure.fields.map((field) => ({
      path: field.field.split("."),
      field: field.field,
      code: field.code,
      message: field.message,
    }));
  }
  const details = (failure as { details?: { issues?: unknown } }).details;
  const issues = details?.issues ?? (failure as { issues?: unknown }).issues;
  return Array.isArray(issues) ? (issues as ReadonlyArray<InputIssue>) : undefined;
};

/**
 * A failure in the specification's error format: status 404 for what does not exist,
 * 403 for access, 400 for anything else, and a list of `{ code, description }` (one per
 * field at fault).
 */
export const open311Error = (
  failure: unknown,
  language: Language,
): {
  readonly status: number;
  readonly body: ReadonlyArray<{ code: number; description: string }>;
} => {
  const shape: DomainErrorShape | undefined =
    failure instanceof HttpRefusal
      ? { _tag: failure.code, code: failure.code, text: failure.text }
      : isDomainError(failure)
        ? failure
        : undefined;
  if (shape === undefined) {
    return {
      status: 500,
      body: [{ code: 500, description: language === "en" ? "Internal error" : "内部错误" }],
    };
  }
  const status =
    failure instanceof HttpRefusal
      ? failure.status
      : ((failure as { status?: unknown; httpStatus?: unknown }).status ??
        (failure as { httpStatus?: unknown }).httpStatus);
  const mapped =
    status === 404
      ? 404
      : status === 403 || status === 401
        ? 403
        : status === 503 || status === 504
          ? 503
          : 400;
  const issues = issuesOf(failure) ?? [];
  const body =
    issues.length > 0
      ? issues.slice(0, 20).map((issue) => ({
          code: mapped,
          description:
            issue.field === ""
              ? issue.message[language]
              : `${issue.field}: ${issue.message[language]}`,
        }))
      : [{ code: mapped, description: shape.text[language] }];
  return { status: mapped, body };
};

/** What the Open311 routes need. */
export interface Open311RouteOptions {
  readonly bus: BusApi;
  readonly store: StoreApi;
  readonly settings: Open311Settings;
  /** Verifies an `api_key` (a courier's access token) as the actor who reports. */
  readonly verify: (token: string) => Promise<Actor>;
  readonly media?: MediaStore | undefined;
  /** The time of a POSTed request's observation (Open311 has none: the time it is filed). */
  readonly now?: () => number;
}

/**
 * Mounts Open311 GeoReport v2 at its base (`/open311/v2`): discovery, services, service
 * definitions, requests (GET with the specification's filters, POST form-encoded with
 * `api_key`) and one request, each as `.json` or `.xml`, with the specification's field
 * names and error format. A POSTed request is an ordinary `SubmitReport` of the courier
 * whose access token is the `api_key`.
 */
export const mountOpen311Routes = (router: Router, options: Open311RouteOptions): void => {
  const { bus, settings } = options;
  const photoBaseUrl = (community: CommunityId) =>
    settings.publicBaseUrl === undefined
      ? undefined
      : `${settings.publicBaseUrl.replace(/\/$/, "")}/v1/communities/${community}/photos`;

  router.get("/discovery.:format", (request, response) => {
    const format = formatOf(request);
    const base = settings.publicBaseUrl?.replace(/\/$/, "") ?? "";
    send(
      response,
      format,
      {
        changeset: "2026-01-01T00:00:00Z",
        contact: settings.contact ?? "",
        key_service: `${base}/v1/auth/code-sign-ins`,
        endpoints: [
          {
            specification: "http://wiki.open311.org/GeoReport_v2",
            url: `${base}/open311/v2`,
            changeset: "2026-01-01T00:00:00Z",
            type: "production",
            formats: ["text/xml", "application/json"],
          },
        ],
      },
      { root: "discovery" },
    );
  });

  router.get("/services.:format", async (request, response) => {
    const format = formatOf(request);
    const community = communityOf(settings, request);
    const reply = await runOnBus(
      bus,
      call(reportsContract, "ListOpen311Services", community, {
        actor: publicReader(community),
        language: languageOf(request),
      }),
    );
    send(response, format, reply.services, { root: "services", item: "service" });
  });

  router.get("/services/:serviceCode.:format", async (request, response) => {
    const format = formatOf(request);
    const community = communityOf(settings, request);
    const definition = await runOnBus(
      bus,
      call(reportsContract, "GetOpen311ServiceDefinition", community, {
        actor: publicReader(community),
        serviceCode: String(request.params.serviceCode ?? "").slice(0, 200),
        language: languageOf(request),
      }),
    );
    if (format === "json") {
      send(response, format, definition, { root: "service_definition" });
      return;
    }
    send(
      response,
      format,
      {
        service_code: definition.service_code,
        attributes: {
          attribute: definition.attributes.map((attribute) => ({
            ...attribute,
            values: { value: attribute.values },
          })),
        },
      },
      { root: "service_definition" },
    );
  });

  router.get("/requests.:format", async (request, response) => {
    const format = formatOf(request);
    const community = communityOf(settings, request);
    const query: Record<string, string | string[]> = {};
    for (const name of ["service_request_id", "service_code", "start_date", "end_date", "status"]) {
      const value = request.query[name];
      if (typeof value === "string") query[name] = value;
      else if (Array.isArray(value)) query[name] = value.map(String);
    }
    const base = photoBaseUrl(community);
    const items: unknown[] = [];
    let after: string | undefined;
    for (let page = 0; page < 20; page++) {
      const reply = await runOnBus(
        bus,
        call(reportsContract, "ListOpen311Requests", community, {
          actor: publicReader(community),
          query,
          language: languageOf(request),
          ...(base === undefined ? {} : { photoBaseUrl: base }),
          ...(after === undefined ? {} : { after }),
        }),
      );
      items.push(...reply.items);
      after = reply.next;
      if (after === undefined) break;
    }
    send(response, format, items, { root: "service_requests", item: "request" });
  });

  router.get("/requests/:serviceRequestId.:format", async (request, response) => {
    const format = formatOf(request);
    const community = communityOf(settings, request);
    const id = ReportId.safeParse(request.params.serviceRequestId);
    if (!id.success) {
      throw new HttpRefusal({
        code: "open311.request_not_found",
        status: 404,
        text: { "zh-CN": "找不到这个服务请求", en: "No such service request" },
      });
    }
    const base = photoBaseUrl(community);
    const found = await runOnBus(
      bus,
      call(reportsContract, "GetOpen311Request", community, {
        actor: publicReader(community),
        serviceRequestId: id.data,
        language: languageOf(request),
        ...(base === undefined ? {} : { photoBaseUrl: base }),
      }),
    );
    send(response, format, [found], { root: "service_requests", item: "request" });
  });

  router.post("/requests.:format", async (request, response) => {
    const format = formatOf(request);
    if (
      !request.is("application/x-www-form-urlencoded") ||
      typeof request.body !== "object" ||
      request.body === null
    ) {
      throw new HttpRefusal({
        code: "input.unsupported_media_type",
        status: 400,
        text: {
          "zh-CN": "请求内容须为 application/x-www-form-urlencoded",
          en: "The body must be application/x-www-form-urlencoded",
        },
      });
    }
    const form = { ...(request.body as Record<string, unknown>) };
    const apiKey = form.api_key;
    delete form.api_key;
    if (typeof apiKey !== "string" || apiKey === "") {
      throw new HttpRefusal({
        code: "open311.api_key_required",
        status: 403,
        text: { "zh-CN": "须提供有效的 api_key", en: "A valid api_key is required" },
      });
    }
    const actor = await options.verify(apiKey).catch(() => {
      throw new HttpRefusal({
        code: "open311.api_key_invalid",
        status: 403,
        text: { "zh-CN": "api_key 无效或已过期", en: "The api_key is invalid or expired" },
      });
    });
    const community = communityOf(settings, request);
    if (actor.role !== "courier" || !actor.communities.includes(community)) {
      throw new HttpRefusal({
        code: "access.forbidden",
        status: 403,
        text: {
          "zh-CN": "只有本社区的小哥可以提交报告",
          en: "Only couriers of this community file reports",
        },
      });
    }
    const parsed = parseInput(Open311RequestSubmission, form);
    if (Either.isLeft(parsed)) throw parsed.left;
    const reportId = ReportId.parse(`o311-${randomUUID()}`);
    const command = submitReportFromOpen311(parsed.right, {
      reportId,
      observedAt: instantFromMillis((options.now ?? Date.now)()),
    });
    const commandId = await commandIdFor(
      options.store,
      actor,
      request.get("Idempotency-Key"),
      "POST /open311/v2/requests",
      form,
    );
    await runOnBus(
      bus,
      call(reportsContract, "SubmitReport", community, {
        commandId,
        community,
        actor,
        command,
      } as never),
    );
    const answer = await runOnBus(
      bus,
      call(reportsContract, "GetOpen311PostResponse", community, {
        actor,
        serviceRequestId: reportId,
        language: languageOf(request),
      }),
    );
    send(response, format, answer, { root: "service_requests", item: "request" });
  });

  router.use((error: unknown, request: Request, response: Response, _next: NextFunction) => {
    const language = languageOf(request);
    const { status, body } = open311Error(error, language);
    const format =
      String(request.params.format ?? "").toLowerCase() === "xml" || request.path.endsWith(".xml")
        ? "xml"
        : "json";
    send(response, format, body, { root: "errors", item: "error" }, status);
  });
};
