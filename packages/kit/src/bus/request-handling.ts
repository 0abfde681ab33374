import {
  boundedIssues,
  type DomainErrorReport,
  type DomainErrorShape,
  type InputIssue,
  InvalidInput,
  isDomainError,
  isErrorStatus,
  localized,
  parseInput,
  toErrorReport,
  toInputIssues,
  uuidV7Ids,
} from "@courier-station/core";
import { Cause, Effect, Either, Exit, Option } from "effect";
import type { z } from "zod";
import { boundedErrorReport } from "./bounded-error-report.js";
import {
  type BusEndpoint,
  type MessageHeaders,
  type Reply,
  ReplyBody,
  type RequestFault,
  type RequestLimits,
} from "./bus.js";
import { InternalFault, PayloadTooLarge, ReplyInvalid, ServiceStopping } from "./bus-errors.js";
import type { RequestRoute } from "./subjects.js";

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true });

/** A value as UTF-8 JSON bytes: what travels on the bus. */
export const encodeJson = (value: unknown): Uint8Array =>
  encoder.encode(JSON.stringify(value) ?? "null");

/**
 * The status of a refusal by its code alone: the fallback of {@link statusOfError} for
 * an error that does not state its own `httpStatus` (a report from a remote service of
 * an older release, a reply without a status header, a hand-made error shape).
 *
 * - `input.too_large` → 413; other `input.*` and `policy.invalid` → 400;
 * - `access.*` → 403;
 * - `*.not_found`, `*.unknown`, `bus.no_responders` → 404;
 * - `*conflict*` (`command.id_conflict`, `store.version_conflict`) → 409;
 * - `command.version_precondition_failed` → 412;
 * - `bus.service_stopping`, `bus.unavailable` → 503; `bus.timeout` → 504;
 * - `internal.*` → 500;
 * - any other domain refusal (a business rule) → 422.
 *
 * @example
 * statusOfErrorCode("input.invalid"); // 400
 * statusOfErrorCode("wish.already_claimed"); // 422
 */
export const statusOfErrorCode = (code: string): number => {
  if (code === "input.too_large") return 413;
  if (code.startsWith("input.") || code === "policy.invalid") return 400;
  if (code.startsWith("access.")) return 403;
  if (code.endsWith(".not_found") || code.endsWith(".unknown") || code === "bus.no_responders") {
    return 404;
  }
  if (code.includes("conflict")) return 409;
  if (code === "command.version_precondition_failed") return 412;
  if (code === "bus.service_stopping" || code === "bus.unavailable") return 503;
  if (code === "bus.timeout") return 504;
  if (code.startsWith("internal.")) return 500;
  return 422;
};

/**
 * The status a refusal is answered with (on NATS put in the `Nats-Service-Error-Code`
 * header; the gateway answers HTTP with it): the `httpStatus` the error's class states
 * (every core `DomainError` states one), read by shape, never by `instanceof`; for an
 * error without one, {@link statusOfErrorCode}.
 *
 * @example
 * statusOfError(new CourierAlreadyRegistered({ courierId: "c-1" })); // 409
 * statusOfError({ code: "wish.not_found" }); // 404, by its code
 */
export const statusOfError = (error: {
  readonly code: string;
  readonly httpStatus?: unknown;
}): number => (isErrorStatus(error.httpStatus) ? error.httpStatus : statusOfErrorCode(error.code));

const ids = uuidV7Ids();

/** What answering a request produced: the reply body and its status. */
export interface Answer {
  readonly status: number;
  readonly body: ReplyBody;
}

// Every refusal is cut to a fixed size, so no reply grows with the request it answers.
const refusal = (error: DomainErrorShape): Answer => ({
  status: statusOfError(error),
  body: { ok: false, error: boundedErrorReport(toErrorReport(error)) },
});

/** Where a request came from, for the handler and for fault reports. */
export interface RequestOrigin {
  readonly service: string;
  readonly subject: string;
  readonly route: RequestRoute;
  readonly headers: MessageHeaders;
}

const malformed = (detail: string): InputIssue => ({
  path: [],
  field: "",
  code: "malformed_json",
  message: localized(`内容不是有效的 JSON：${detail}`, `The payload is not valid JSON: ${detail}`),
});

/**
 * Reads a request's bytes as the endpoint's input: the size limit first (before any
 * parsing), then UTF-8 JSON, then core's `parseInput` with the endpoint's schema.
 */
export const readRequestInput = (
  endpoint: Pick<BusEndpoint, "input">,
  data: Uint8Array,
  limits: RequestLimits,
): Either.Either<unknown, PayloadTooLarge | InvalidInput> => {
  if (data.byteLength > limits.maxPayloadBytes) {
    return Either.left(
      new PayloadTooLarge({ bytes: data.byteLength, limitBytes: limits.maxPayloadBytes }),
    );
  }
  let json: unknown;
  try {
    json = data.byteLength === 0 ? undefined : JSON.parse(decoder.decode(data));
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return Either.left(new InvalidInput({ issues: [malformed(detail.slice(0, 200))] }));
  }
  return parseInput(endpoint.input, json, limits.input);
};

/**
 * {@link readRequestInput} for a payload that is already JSON text (`JSON.stringify`'s,
 * which is always well-formed UTF-16, so its UTF-8 bytes decode back to the same text):
 * the same size limit, counted in UTF-8 bytes, the same JSON and the same schema, without
 * encoding the text to bytes and decoding it again. The in-process bus reads a request
 * with it, so its services see what they would see from NATS for less work.
 */
export const readRequestText = (
  endpoint: Pick<BusEndpoint, "input">,
  text: string,
  limits: RequestLimits,
): Either.Either<unknown, PayloadTooLarge | InvalidInput> => {
  // A UTF-16 code unit is at most three UTF-8 bytes: a text up to a third of the limit
  // long fits without counting its bytes, which would cost an encoding of the whole text.
  if (text.length * 3 > limits.maxPayloadBytes) {
    const bytes = encoder.encode(text).byteLength;
    if (bytes > limits.maxPayloadBytes) {
      return Either.left(new PayloadTooLarge({ bytes, limitBytes: limits.maxPayloadBytes }));
    }
  }
  let json: unknown;
  try {
    json = text === "" ? undefined : JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return Either.left(new InvalidInput({ issues: [malformed(detail.slice(0, 200))] }));
  }
  return parseInput(endpoint.input, json, limits.input);
};

/**
 * Answers one request with an endpoint: parse, handle, check the output, and turn any
 * failure into a typed reply by its shape. Never fails and never throws: a fault
 * becomes `internal.error` with a reference, reported to `onFault`.
 */
export const answerRequest = (
  endpoint: BusEndpoint,
  data: Uint8Array,
  origin: RequestOrigin,
  limits: RequestLimits,
  onFault: ((fault: RequestFault) => void) | undefined,
): Effect.Effect<Answer> =>
  answerInput(endpoint, readRequestInput(endpoint, data, limits), origin, onFault);

/**
 * {@link answerRequest} for a request already read ({@link readRequestInput} or
 * {@link readRequestText}): a refusal of the reading is answered as is, an input is
 * handled, its output checked, every failure turned into a typed reply.
 */
export const answerInput = (
  endpoint: BusEndpoint,
  input: Either.Either<unknown, PayloadTooLarge | InvalidInput>,
  origin: RequestOrigin,
  onFault: ((fault: RequestFault) => void) | undefined,
): Effect.Effect<Answer> => {
  const fault = (cause: unknown): Answer => {
    const reference = ids.next();
    try {
      onFault?.({
        service: origin.service,
        endpoint: endpoint.name,
        subject: origin.subject,
        reference,
        cause,
      });
    } catch {
      // A broken fault reporter must not keep the caller from its reply.
    }
    return refusal(new InternalFault({ reference }));
  };
  if (Either.isLeft(input)) return Effect.succeed(refusal(input.left));
  return Effect.suspend(() =>
    endpoint.handle({
      subject: origin.subject,
      community: origin.route.community,
      service: origin.route.service,
      endpoint: origin.route.endpoint,
      input: input.right,
      headers: origin.headers,
    }),
  ).pipe(
    Effect.exit,
    Effect.map((exit): Answer => {
      if (Exit.isSuccess(exit)) {
        if (endpoint.output === undefined)
          return { status: 200, body: { ok: true, value: exit.value } };
        const checked = endpoint.output.safeParse(exit.value);
        if (checked.success) return { status: 200, body: { ok: true, value: checked.data } };
        return fault(checked.error);
      }
      const failure = Cause.failureOption(exit.cause);
      if (Option.isSome(failure) && isDomainError(failure.value)) {
        return refusal(failure.value);
      }
      if (Cause.isInterruptedOnly(exit.cause)) {
        return refusal(new ServiceStopping({ service: origin.service }));
      }
      return fault(Cause.squash(exit.cause));
    }),
  );
};

/**
 * Reads a reply: its body (`{ ok, value | error }`), the status from its
 * `Nats-Service-Error-Code` header, and the value by the output schema.
 *
 * A reply with an error header and no body (as the NATS services library sends when a
 * handler throws) becomes an `internal.error` reply with the header's description.
 */
export const readReply = <Output>(
  subject: string,
  data: Uint8Array,
  statusHeader: string | undefined,
  descriptionHeader: string | undefined,
  output: z.ZodType<Output> | undefined,
): Either.Either<Reply<Output>, ReplyInvalid> => {
  const headerStatus = statusHeader === undefined ? undefined : Number.parseInt(statusHeader, 10);
  if (data.byteLength === 0 && headerStatus !== undefined && Number.isFinite(headerStatus)) {
    const description = descriptionHeader ?? "";
    return Either.right({
      ok: false,
      status: headerStatus,
      error: {
        code: headerStatus >= 500 ? "internal.error" : "remote.error",
        tag: "RemoteFailure",
        message: localized(`服务返回错误：${description}`, `The service answered: ${description}`),
        details: {},
      },
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(decoder.decode(data));
  } catch (error) {
    return Either.left(unreadableReply(subject, error));
  }
  return replyFromJson(subject, json, headerStatus, output);
};

/**
 * {@link readReply} for a reply body that is JSON text (`JSON.stringify`'s, so its UTF-8
 * bytes would decode back to the same text) and its status: the same body, status and
 * output checks, without encoding the text to bytes and decoding it again. The
 * in-process bus reads its replies with it.
 */
export const readReplyText = <Output>(
  subject: string,
  text: string,
  status: number | undefined,
  output: z.ZodType<Output> | undefined,
): Either.Either<Reply<Output>, ReplyInvalid> => {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return Either.left(unreadableReply(subject, error));
  }
  return replyFromJson(subject, json, status, output);
};

const unreadableReply = (subject: string, error: unknown): ReplyInvalid => {
  const detail = error instanceof Error ? error.message : String(error);
  return new ReplyInvalid({ subject, issues: [malformed(detail.slice(0, 200))] });
};

const replyFromJson = <Output>(
  subject: string,
  json: unknown,
  headerStatus: number | undefined,
  output: z.ZodType<Output> | undefined,
): Either.Either<Reply<Output>, ReplyInvalid> => {
  const body = ReplyBody.safeParse(json);
  if (!body.success) {
    return Either.left(
      new ReplyInvalid({ subject, issues: boundedIssues(toInputIssues(body.error.issues)).issues }),
    );
  }
  if (!body.data.ok) {
    const status =
      headerStatus !== undefined && Number.isFinite(headerStatus)
        ? headerStatus
        : statusOfErrorCode(body.data.error.code);
    return Either.right({ ok: false, error: body.data.error, status });
  }
  if (output === undefined)
    return Either.right({ ok: true, value: body.data.value as Output, status: 200 });
  const value = output.safeParse(body.data.value);
  if (!value.success) {
    return Either.left(
      new ReplyInvalid({
        subject,
        issues: boundedIssues(toInputIssues(value.error.issues)).issues.map((issue) => ({
          ...issue,
          path: ["value", ...issue.path],
          field: issue.field === "" ? "value" : `value.${issue.field}`,
        })),
      }),
    );
  }
  return Either.right({ ok: true, value: value.data, status: 200 });
};

/**
 * The report of why a consumer's handler failed: a domain error's own report, or
 * `consumer.failed` with the error's message (a consumer's failure stays inside the
 * system: it goes to the log and the dead letters, never to a user), cut to a fixed size
 * like every reply (see `boundedErrorReport`).
 */
export const failureReport = (cause: unknown): DomainErrorReport => {
  if (isDomainError(cause)) return boundedErrorReport(toErrorReport(cause));
  const message = cause instanceof Error ? cause.message : String(cause);
  return boundedErrorReport({
    code: "consumer.failed",
    tag: "ConsumerFailed",
    message: localized(`事件处理失败：${message}`, `The event handler failed: ${message}`),
    details: {},
  });
};
