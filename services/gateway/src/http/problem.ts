import { isDomainError, type Language, type LocalizedText } from "@courier-station/core";
import { statusOfError } from "@courier-station/kit";
import type { Request, Response } from "express";
import { type FieldProblem, fieldsOfIssues, HttpRefusal } from "./refusal.js";

/** The media type of problem details (RFC 9457). */
export const problemMediaType = "application/problem+json";

/** The base of the `type` URI of every problem: one URI per error code. */
export const defaultProblemBase = "https://courier-station.org/problems/";

/**
 * An RFC 9457 problem details object as the gateway answers it: the standard members
 * (`type` a stable URI per code, `title` the kind of problem, `status`, `detail` this
 * occurrence, `instance` the request path) plus the error's `code`, the invalid fields
 * with their paths, and the request id.
 */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly instance: string;
  readonly code: string;
  readonly requestId: string;
  readonly language: Language;
  readonly errors?: ReadonlyArray<{
    readonly field: string;
    readonly code: string;
    readonly detail: string;
  }>;
}

const titles: Readonly<Record<number, LocalizedText>> = {
  400: { "zh-CN": "请求无效", en: "Bad request" },
  401: { "zh-CN": "需要登录", en: "Unauthorized" },
  403: { "zh-CN": "无权操作", en: "Forbidden" },
  404: { "zh-CN": "未找到", en: "Not found" },
  409: { "zh-CN": "冲突", en: "Conflict" },
  412: { "zh-CN": "前提条件不成立", en: "Precondition failed" },
  413: { "zh-CN": "请求内容过大", en: "Content too large" },
  415: { "zh-CN": "不支持的内容类型", en: "Unsupported media type" },
  422: { "zh-CN": "无法处理", en: "Unprocessable content" },
  429: { "zh-CN": "请求过于频繁", en: "Too many requests" },
  500: { "zh-CN": "服务内部错误", en: "Internal server error" },
  502: { "zh-CN": "上游服务答复无效", en: "Bad gateway" },
  503: { "zh-CN": "服务暂不可用", en: "Service unavailable" },
  504: { "zh-CN": "上游服务超时", en: "Gateway timeout" },
};

/**
 * The language of a request's answers: English when `Accept-Language` prefers it to
 * Chinese, else zh-CN (the default).
 *
 * @example
 * languageOf(request); // "en" for "Accept-Language: en-GB,en;q=0.9"
 */
export const languageOf = (request: Request): Language => {
  const preferred = request.acceptsLanguages("zh-CN", "zh", "en");
  return typeof preferred === "string" && preferred.startsWith("en") ? "en" : "zh-CN";
};

/** What a failure says, whatever it came from: a gateway refusal, a service's, or a fault. */
interface FailureShape {
  readonly code: string;
  readonly status: number;
  readonly text: LocalizedText;
  readonly fields: ReadonlyArray<FieldProblem>;
  readonly headers: Readonly<Record<string, string>>;
}

const issuesIn = (details: unknown): ReadonlyArray<FieldProblem> => {
  if (typeof details !== "object" || details === null) return [];
  const issues = (details as { readonly issues?: unknown }).issues;
  if (!Array.isArray(issues)) return [];
  return fieldsOfIssues(
    issues.filter(
      (issue): issue is Parameters<typeof fieldsOfIssues>[0][number] =>
        typeof issue === "object" &&
        issue !== null &&
        Array.isArray((issue as { path?: unknown }).path) &&
        typeof (issue as { code?: unknown }).code === "string",
    ),
  );
};

/**
 * Reads any failure by its shape (never by `instanceof` across packages): the gateway's
 * own refusals, refusals that came back from a service (`RemoteError`, with the status of
 * the reply), the bus's failures, and anything else as an internal error that shows
 * nothing of itself.
 */
export const failureShape = (failure: unknown): FailureShape => {
  if (failure instanceof HttpRefusal) {
    return {
      code: failure.code,
      status: failure.status,
      text: failure.text,
      fields: failure.fields,
      headers: failure.headers,
    };
  }
  if (isDomainError(failure)) {
    const remote = failure as typeof failure & { readonly status?: unknown; details?: unknown };
    // No service listening is a service that is down, not a missing resource.
    const status =
      failure.code === "bus.no_responders"
        ? 503
        : typeof remote.status === "number" && remote.status >= 400 && remote.status < 600
          ? remote.status
          : statusOfError(failure);
    const details =
      remote.details ??
      ((failure as unknown as { readonly issues?: unknown }).issues === undefined
        ? undefined
        : { issues: (failure as unknown as { readonly issues?: unknown }).issues });
    return {
      code: failure.code,
      status,
      text: failure.text,
      fields: issuesIn(details),
      headers: {},
    };
  }
  return {
    code: "internal.error",
    status: 500,
    text: { "zh-CN": "网关内部错误，请稍后重试", en: "Internal gateway error, please retry later" },
    fields: [],
    headers: {},
  };
};

/**
 * The problem details of a failure for a request, in the request's language.
 *
 * @example
 * problemOf(new HttpRefusal({ code: "input.invalid", status: 400, text }), request, "req-1");
 */
export const problemOf = (
  failure: unknown,
  request: Request,
  requestId: string,
  problemBase: string = defaultProblemBase,
): { readonly problem: Problem; readonly headers: Readonly<Record<string, string>> } => {
  const shape = failureShape(failure);
  const language = languageOf(request);
  const title = titles[shape.status] ?? titles[shape.status >= 500 ? 500 : 400];
  const problem: Problem = {
    type: `${problemBase}${encodeURIComponent(shape.code)}`,
    title: (title ?? { "zh-CN": "错误", en: "Error" })[language],
    status: shape.status,
    detail: shape.text[language],
    instance: request.originalUrl.split("?")[0]?.slice(0, 300) ?? "/",
    code: shape.code,
    requestId,
    language,
    ...(shape.fields.length === 0
      ? {}
      : {
          errors: shape.fields.map((field) => ({
            field: field.field,
            code: field.code,
            detail: field.message[language],
          })),
        }),
  };
  return { problem, headers: shape.headers };
};

/** Answers a request with the problem details of a failure. */
export const sendProblem = (
  request: Request,
  response: Response,
  failure: unknown,
  problemBase?: string,
): void => {
  const requestId = String(response.locals.requestId ?? "");
  const { problem, headers } = problemOf(failure, request, requestId, problemBase);
  response.locals.problemCode = problem.code;
  for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
  response.status(problem.status).type(problemMediaType).send(JSON.stringify(problem));
};
