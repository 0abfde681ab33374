import { Data } from "effect";
import type { YieldableError } from "effect/Cause";
import type { LocalizedText } from "./localized-text.js";

/**
 * What every domain error shows the edges (HTTP, NATS, the UI): a tag to handle it by,
 * a stable machine code, and a message in each language.
 *
 * Edges map errors by this shape, never by `instanceof`, so that two copies of a
 * package in one application still agree.
 */
export interface DomainErrorShape {
  readonly _tag: string;
  readonly code: string;
  readonly text: LocalizedText;
  /**
   * The HTTP-like status the error is answered with (named apart from `status`, which
   * many errors carry as the status of the aggregate they refuse for). Every class made
   * by {@link DomainError} states one; a shape from elsewhere (an older release, a remote
   * report) may lack it, and an edge then falls back to its own table by code.
   */
  readonly httpStatus?: number;
}

/**
 * The HTTP-like statuses a domain error may state, each with one meaning, so that an edge
 * (HTTP, a NATS service error header) answers a refusal without guessing from its code:
 *
 * - `400` the input itself is wrong (a schema, an unsafe value, a bad document, a command
 *   that contradicts where it was sent);
 * - `403` the actor may not do this (their role, their community, not their own record);
 * - `404` what the command names does not exist;
 * - `409` an id or key is already taken, or a command id is reused for another command;
 * - `412` the command carried the version its sender saw and the record has moved on;
 * - `413` the input is too large;
 * - `422` a rule of the programme refuses it (the state, the policy, a limit);
 * - `500` a fault on the service's side (a fact it failed to provide);
 * - `502` another service answered with something unreadable;
 * - `503` the service or its store is unavailable for now, retry later;
 * - `504` another service did not answer in time.
 */
export const errorStatuses = [400, 403, 404, 409, 412, 413, 422, 500, 502, 503, 504] as const;
/** An HTTP-like status a domain error states (see {@link errorStatuses}). */
export type ErrorStatus = (typeof errorStatuses)[number];

/**
 * Whether a value is one of the {@link errorStatuses}.
 *
 * @example
 * isErrorStatus(404); // true
 * isErrorStatus(418); // false
 */
export const isErrorStatus = (value: unknown): value is ErrorStatus =>
  (errorStatuses as ReadonlyArray<unknown>).includes(value);

/** An instance of a class made by {@link DomainError}. */
export type DomainErrorOf<Tag extends string, Props> = YieldableError & {
  readonly _tag: Tag;
  readonly code: string;
  readonly httpStatus: ErrorStatus;
  readonly text: LocalizedText;
} & Readonly<Props>;

/** The constructor {@link DomainError} returns; extend it to declare an error class. */
export interface DomainErrorConstructor<Tag extends string, Props> {
  new (
    ...args: keyof Props extends never ? [props?: Props] : [props: Props]
  ): DomainErrorOf<Tag, Props>;
  /** The tag every instance carries in `_tag`. */
  readonly tag: Tag;
  /** The stable code every instance carries in `code`. */
  readonly code: string;
  /** The HTTP-like status every instance carries in `httpStatus`. */
  readonly httpStatus: ErrorStatus;
}

/**
 * Declares a tagged domain error with a stable code, the HTTP-like status it is answered
 * with (see {@link errorStatuses}) and a message in zh-CN and en. The result is an Effect
 * `Data.TaggedError`, so `Effect.catchTag` handles it by tag.
 *
 * @example
 * export class CourierNotActive extends DomainError("CourierNotActive", {
 *   code: "courier.not_active",
 *   httpStatus: 422,
 *   text: (props: { courierId: string }) =>
 *     localized(`小哥 ${props.courierId} 尚未激活`, `Courier ${props.courierId} is not active`),
 * }) {}
 *
 * const error = new CourierNotActive({ courierId: "c-1" });
 * error.code; // "courier.not_active"
 * error.httpStatus; // 422
 * error.text.en; // "Courier c-1 is not active"
 */
export const DomainError = <const Tag extends string, Props extends object = Record<never, never>>(
  tag: Tag,
  spec: {
    readonly code: string;
    readonly httpStatus: ErrorStatus;
    readonly text: (props: Props) => LocalizedText;
  },
): DomainErrorConstructor<Tag, Props> => {
  // The English text doubles as the Error message, so stack traces and logs read well.
  class Base extends Data.TaggedError(tag)<{
    readonly code: string;
    readonly httpStatus: ErrorStatus;
    readonly text: LocalizedText;
  }> {
    static readonly tag = tag;
    static readonly code = spec.code;
    static readonly httpStatus = spec.httpStatus;
    constructor(props?: Props) {
      const text = spec.text((props ?? {}) as Props);
      super({
        ...(props ?? {}),
        code: spec.code,
        httpStatus: spec.httpStatus,
        text,
        message: text.en,
      } as never);
    }
  }
  return Base as unknown as DomainErrorConstructor<Tag, Props>;
};

/**
 * Whether a value has the shape of a domain error (tag, code and bilingual text).
 * Works across copies of this package, unlike `instanceof`.
 */
export const isDomainError = (value: unknown): value is DomainErrorShape => {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as Partial<Record<"_tag" | "code" | "text", unknown>>;
  const text = candidate.text as Partial<Record<string, unknown>> | undefined;
  return (
    typeof candidate._tag === "string" &&
    typeof candidate.code === "string" &&
    typeof text === "object" &&
    text !== null &&
    typeof text["zh-CN"] === "string" &&
    typeof text.en === "string"
  );
};

/** The plain, serialisable view of a domain error that crosses a wire (NATS reply, HTTP body). */
export interface DomainErrorReport {
  readonly code: string;
  readonly tag: string;
  readonly message: LocalizedText;
  readonly details: Readonly<Record<string, unknown>>;
}

// The status travels beside the report (a reply's status, an HTTP status line), not in it.
const reportKeysToSkip = new Set([
  "_tag",
  "code",
  "httpStatus",
  "text",
  "message",
  "stack",
  "name",
  "cause",
]);

/**
 * Turns a domain error into its serialisable report: code, tag, message in both
 * languages and the error's own fields as details.
 *
 * @example
 * toErrorReport(new CourierNotActive({ courierId: "c-1" }));
 * // { code: "courier.not_active", tag: "CourierNotActive", message: {...}, details: { courierId: "c-1" } }
 */
export const toErrorReport = (error: DomainErrorShape): DomainErrorReport => {
  const details: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(error)) {
    if (!reportKeysToSkip.has(key)) details[key] = value;
  }
  return { code: error.code, tag: error._tag, message: error.text, details };
};
