import type { InputIssue, Language, LocalizedText } from "@courier-station/core";

/** A field at fault in a refused request: its path in the request, the rule's code, the message. */
export interface FieldProblem {
  /** Dotted path in the body, the query or the path (`location.point.latitude`). */
  readonly field: string;
  readonly code: string;
  readonly message: LocalizedText;
}

/**
 * A refusal the gateway answers itself (before or instead of a service): a stable code,
 * the HTTP status, a message in both languages, the fields at fault and extra headers.
 * Services' refusals arrive as the kit's `RemoteError` and are answered the same way.
 */
export class HttpRefusal extends Error {
  readonly code: string;
  readonly status: number;
  readonly text: LocalizedText;
  readonly fields: ReadonlyArray<FieldProblem>;
  readonly headers: Readonly<Record<string, string>>;

  constructor(spec: {
    readonly code: string;
    readonly status: number;
    readonly text: LocalizedText;
    readonly fields?: ReadonlyArray<FieldProblem>;
    readonly headers?: Readonly<Record<string, string>>;
  }) {
    super(spec.text.en);
    this.name = "HttpRefusal";
    this.code = spec.code;
    this.status = spec.status;
    this.text = spec.text;
    this.fields = spec.fields ?? [];
    this.headers = spec.headers ?? {};
  }
}

const text = (zhCN: string, en: string): LocalizedText => ({ "zh-CN": zhCN, en });

/** The request needs a valid access token (401). */
export const unauthenticated = (reason: LocalizedText): HttpRefusal =>
  new HttpRefusal({
    code: "access.unauthenticated",
    status: 401,
    text: text(`需要登录：${reason["zh-CN"]}`, `Sign-in required: ${reason.en}`),
    headers: { "WWW-Authenticate": 'Bearer realm="courier-station"' },
  });

/** The actor may not do this: their role or their community (403). */
export const forbidden = (reason: LocalizedText): HttpRefusal =>
  new HttpRefusal({ code: "access.forbidden", status: 403, text: reason });

/** No route answers this method and path (404). */
export const routeNotFound = (method: string, path: string): HttpRefusal =>
  new HttpRefusal({
    code: "http.route_not_found",
    status: 404,
    text: text(
      `没有这个接口：${method} ${path.slice(0, 200)}`,
      `No such route: ${method} ${path.slice(0, 200)}`,
    ),
  });

/** The body is not of a type this route reads (415). */
export const unsupportedMediaType = (expected: string): HttpRefusal =>
  new HttpRefusal({
    code: "input.unsupported_media_type",
    status: 415,
    text: text(`请求内容须为 ${expected}`, `The request body must be ${expected}`),
  });

/** The body is not valid JSON (400). */
export const malformedBody = (): HttpRefusal =>
  new HttpRefusal({
    code: "input.malformed_json",
    status: 400,
    text: text("请求内容不是有效的 JSON", "The request body is not valid JSON"),
  });

/** The body is larger than the limit (413). */
export const bodyTooLarge = (limitBytes: number): HttpRefusal =>
  new HttpRefusal({
    code: "input.too_large",
    status: 413,
    text: text(
      `请求内容过大，上限 ${limitBytes} 字节`,
      `The request body is too large; the limit is ${limitBytes} bytes`,
    ),
  });

/** Too many requests from this client or for this sign-in (429). */
export const tooManyRequests = (retryAfterSeconds: number): HttpRefusal =>
  new HttpRefusal({
    code: "http.too_many_requests",
    status: 429,
    text: text(
      `请求过于频繁，请 ${retryAfterSeconds} 秒后重试`,
      `Too many requests, please retry in ${retryAfterSeconds} seconds`,
    ),
    headers: { "Retry-After": String(retryAfterSeconds) },
  });

/** An input broke its schema (400), with the fields at fault. */
export const invalidInput = (fields: ReadonlyArray<FieldProblem>): HttpRefusal => {
  const first = fields[0];
  const more = fields.length > 1 ? fields.length - 1 : 0;
  return new HttpRefusal({
    code: "input.invalid",
    status: 400,
    text: text(
      `输入无效：${first === undefined ? "" : `${first.field ? `${first.field}：` : ""}${first.message["zh-CN"]}`}${more ? `（另有 ${more} 处问题）` : ""}`,
      `Invalid input: ${first === undefined ? "" : `${first.field ? `${first.field}: ` : ""}${first.message.en}`}${more ? ` (and ${more} more)` : ""}`,
    ),
    fields,
  });
};

/**
 * The fields of input issues as the HTTP client sent them: a command's issues are under
 * `command.data`, which is the body of the request, so that prefix is dropped.
 */
export const fieldsOfIssues = (issues: ReadonlyArray<InputIssue>): ReadonlyArray<FieldProblem> =>
  issues.map((issue) => {
    const path = issue.path.map(String);
    const inBody = path[0] === "command" && path[1] === "data" ? path.slice(2) : path;
    return { field: inBody.join("."), code: issue.code, message: issue.message };
  });

/** The message of a refusal in a language. */
export const textIn = (message: LocalizedText, language: Language): string => message[language];
