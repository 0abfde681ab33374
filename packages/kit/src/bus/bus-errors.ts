import {
  DomainError,
  type DomainErrorReport,
  type InputIssue,
  type LocalizedText,
  localized,
} from "@courier-station/core";
import { Data } from "effect";

/** The bus cannot reach its server (NATS down, connection closed or draining). */
export class BusUnavailable extends DomainError("BusUnavailable", {
  code: "bus.unavailable",
  httpStatus: 503,
  text: (props: { readonly reason: string }) =>
    localized(
      `消息总线暂不可用，请稍后重试（${props.reason}）`,
      `The message bus is unavailable, please retry later (${props.reason})`,
    ),
}) {}

/** Nobody answered a request in time. */
export class BusTimeout extends DomainError("BusTimeout", {
  code: "bus.timeout",
  httpStatus: 504,
  text: (props: { readonly subject: string; readonly timeoutMs: number }) =>
    localized(
      `请求 ${props.subject} 在 ${props.timeoutMs} 毫秒内未得到答复`,
      `No reply to ${props.subject} within ${props.timeoutMs} ms`,
    ),
}) {}

/** No service listens on a request's subject: an unknown endpoint, or the service is down. */
export class NoResponders extends DomainError("NoResponders", {
  code: "bus.no_responders",
  httpStatus: 404,
  text: (props: { readonly subject: string }) =>
    localized(
      `没有服务处理 ${props.subject}（未知的接口，或服务未运行）`,
      `No service answers ${props.subject} (an unknown endpoint, or the service is not running)`,
    ),
}) {}

/** A reply did not have the shape the caller expects (`{ ok, value | error }` and the output schema). */
export class ReplyInvalid extends DomainError("ReplyInvalid", {
  code: "bus.reply_invalid",
  httpStatus: 502,
  text: (props: { readonly subject: string; readonly issues: ReadonlyArray<InputIssue> }) =>
    localized(
      `${props.subject} 的答复格式不符：${props.issues.map((issue) => `${issue.field || "（整体）"} ${issue.message["zh-CN"]}`).join("；")}`,
      `The reply of ${props.subject} has the wrong shape: ${props.issues.map((issue) => `${issue.field || "(reply)"} ${issue.message.en}`).join("; ")}`,
    ),
}) {}

/** A payload was larger than the configured limit; it was refused before parsing. */
export class PayloadTooLarge extends DomainError("PayloadTooLarge", {
  code: "input.too_large",
  httpStatus: 413,
  text: (props: { readonly bytes: number; readonly limitBytes: number }) =>
    localized(
      `请求内容过大：${props.bytes} 字节，上限 ${props.limitBytes} 字节`,
      `The payload is too large: ${props.bytes} bytes, the limit is ${props.limitBytes} bytes`,
    ),
}) {}

/**
 * A request was sent on a subject that is not a request subject
 * (`<root>.<community>.<service>.<endpoint>`): an upper-case community, a reserved token
 * (`evt`, `dlq`, `srv`) where the community goes, a malformed service or endpoint. The
 * service it reached (or the client, for a route it could not turn into a subject)
 * answers this refusal at once instead of leaving the caller to time out. The subject
 * in the text is shortened, so the reply stays small whatever was sent.
 */
export class InvalidSubject extends DomainError("InvalidSubject", {
  code: "input.invalid_subject",
  httpStatus: 400,
  text: (props: { readonly subject: string; readonly reason: LocalizedText }) =>
    localized(
      `请求主题 ${props.subject} 无效：${props.reason["zh-CN"]}`,
      `The request subject ${props.subject} is not valid: ${props.reason.en}`,
    ),
}) {}

/** A request reached a service on a subject whose community is not the payload's community. */
export class CommunityMismatch extends DomainError("CommunityMismatch", {
  code: "access.community_mismatch",
  httpStatus: 403,
  text: (props: { readonly subjectCommunity: string; readonly payloadCommunity: string }) =>
    localized(
      `请求主题的社区“${props.subjectCommunity}”与内容中的社区“${props.payloadCommunity}”不一致`,
      `The request's subject is for community "${props.subjectCommunity}" but its payload is for "${props.payloadCommunity}"`,
    ),
}) {}

/** A service is stopping and no longer takes requests; another instance (or a retry) will. */
export class ServiceStopping extends DomainError("ServiceStopping", {
  code: "bus.service_stopping",
  httpStatus: 503,
  text: (props: { readonly service: string }) =>
    localized(
      `服务 ${props.service} 正在停止，请重试`,
      `The service ${props.service} is stopping, please retry`,
    ),
}) {}

/**
 * A fault inside a service: a bug or a broken dependency, never a refusal. The reply
 * carries only a reference to find the details in the service's log, so nothing
 * internal leaks.
 */
export class InternalFault extends DomainError("InternalFault", {
  code: "internal.error",
  httpStatus: 500,
  text: (props: { readonly reference: string }) =>
    localized(
      `服务内部错误，请稍后重试（参考编号 ${props.reference}）`,
      `Internal error, please retry later (reference ${props.reference})`,
    ),
}) {}

/**
 * A refusal that came back in a reply (`ok: false`), as a typed error: it has the
 * remote error's `_tag`, `code`, `text` (both languages) and `details`, plus the
 * `status` of the reply, so `isDomainError` and `Effect.catchTag` work on it as on the
 * original error.
 *
 * @example
 * bus.request({ subject, payload }).pipe(Effect.flatMap(expectOk), Effect.catchTag("WishAlreadyClaimed", …));
 */
export class RemoteError extends Data.Error<{
  readonly _tag: string;
  readonly code: string;
  readonly text: LocalizedText;
  readonly details: Readonly<Record<string, unknown>>;
  readonly status: number;
  /** The English text, so stack traces and logs read well. */
  readonly message: string;
}> {
  /** Builds the error from a reply's error report and status. */
  static fromReport(report: DomainErrorReport, status: number): RemoteError {
    return new RemoteError({
      _tag: report.tag,
      code: report.code,
      text: report.message,
      details: report.details,
      status,
      message: report.message.en,
    });
  }
}

/** Why a request did not produce a reply. */
export type RequestFailure = BusUnavailable | BusTimeout | NoResponders | ReplyInvalid;
