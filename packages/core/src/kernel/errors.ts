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
}

/** An instance of a class made by {@link DomainError}. */
export type DomainErrorOf<Tag extends string, Props> = YieldableError & {
  readonly _tag: Tag;
  readonly code: string;
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
}

/**
 * Declares a tagged domain error with a stable code and a message in zh-CN and en.
 * The result is an Effect `Data.TaggedError`, so `Effect.catchTag` handles it by tag.
 *
 * @example
 * export class CourierNotActive extends DomainError("CourierNotActive", {
 *   code: "courier.not_active",
 *   text: (props: { courierId: string }) =>
 *     localized(`小哥 ${props.courierId} 尚未激活`, `Courier ${props.courierId} is not active`),
 * }) {}
 *
 * const error = new CourierNotActive({ courierId: "c-1" });
 * error.code; // "courier.not_active"
 * error.text.en; // "Courier c-1 is not active"
 */
export const DomainError = <const Tag extends string, Props extends object = Record<never, never>>(
  tag: Tag,
  spec: { readonly code: string; readonly text: (props: Props) => LocalizedText },
): DomainErrorConstructor<Tag, Props> => {
  // The English text doubles as the Error message, so stack traces and logs read well.
  class Base extends Data.TaggedError(tag)<{
    readonly code: string;
    readonly text: LocalizedText;
  }> {
    static readonly tag = tag;
    static readonly code = spec.code;
    constructor(props?: Props) {
      const text = spec.text((props ?? {}) as Props);
      super({ ...(props ?? {}), code: spec.code, text, message: text.en } as never);
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

const reportKeysToSkip = new Set(["_tag", "code", "text", "message", "stack", "name", "cause"]);

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
