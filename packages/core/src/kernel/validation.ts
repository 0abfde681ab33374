import { Either } from "effect";
import { z } from "zod";
import { DomainError } from "./errors.js";
import { type LocalizedText, localized } from "./localized-text.js";

/** One problem with an input: where it is, what rule it breaks, in both languages. */
export interface InputIssue {
  /** The path as segments, `[]` for the whole input. */
  readonly path: ReadonlyArray<string | number>;
  /** The path as one dotted string (`data.items.2.name`), `""` for the whole input. */
  readonly field: string;
  /** A stable code: zod's issue code, or one of the safety codes of {@link parseInput}. */
  readonly code: string;
  readonly message: LocalizedText;
}

/** An input (HTTP body, NATS payload, policy file, CSV row) broke its schema. */
export class InvalidInput extends DomainError("InvalidInput", {
  code: "input.invalid",
  text: (props: { readonly issues: ReadonlyArray<InputIssue> }) => {
    const first = props.issues[0];
    const where = (field: string | undefined, colon: string) => (field ? `${field}${colon}` : "");
    const more = props.issues.length > 1 ? props.issues.length - 1 : 0;
    return localized(
      `输入无效：${where(first?.field, "：")}${first?.message["zh-CN"] ?? ""}${more ? `（另有 ${more} 处问题）` : ""}`,
      `Invalid input: ${where(first?.field, ": ")}${first?.message.en ?? ""}${more ? ` (and ${more} more)` : ""}`,
    );
  },
}) {}

/** Limits on the shape of an input, checked before its schema. */
export interface InputLimits {
  /** Deepest nesting of objects and arrays. Default 16. */
  readonly maxDepth: number;
  /** Most values (objects, arrays, strings, numbers, …) in the whole input. Default 10,000. */
  readonly maxNodes: number;
  /** Longest string. Default 20,000 characters. */
  readonly maxStringLength: number;
}

/** The default {@link InputLimits}. */
export const defaultInputLimits: InputLimits = {
  maxDepth: 16,
  maxNodes: 10_000,
  maxStringLength: 20_000,
};

const joinPath = (path: ReadonlyArray<PropertyKey>): string => path.map(String).join(".");

const issue = (
  path: ReadonlyArray<string | number>,
  code: string,
  message: LocalizedText,
): InputIssue => ({ path, field: joinPath(path), code, message });

/**
 * Finds what no schema should ever see: keys that could pollute prototypes or break
 * MongoDB (`__proto__`, keys containing `.` or starting with `$`), NUL characters,
 * numbers that are not finite, and inputs too deep or too large.
 */
export const findUnsafeInput = (
  input: unknown,
  limits: InputLimits = defaultInputLimits,
): InputIssue[] => {
  const issues: InputIssue[] = [];
  let nodes = 0;
  const visit = (value: unknown, path: Array<string | number>, depth: number): void => {
    nodes += 1;
    if (nodes > limits.maxNodes) {
      if (nodes === limits.maxNodes + 1) {
        issues.push(
          issue(
            [],
            "too_large",
            localized(
              `输入过大：超过 ${limits.maxNodes} 个值`,
              `the input is too large: more than ${limits.maxNodes} values`,
            ),
          ),
        );
      }
      return;
    }
    if (typeof value === "string") {
      if (value.includes("\u0000")) {
        issues.push(
          issue(
            path,
            "nul_character",
            localized("文本不能包含 NUL 字符", "text must not contain NUL characters"),
          ),
        );
      }
      if (value.length > limits.maxStringLength) {
        issues.push(
          issue(
            path,
            "too_long",
            localized(
              `文本过长：最多 ${limits.maxStringLength} 个字符`,
              `text is too long: at most ${limits.maxStringLength} characters`,
            ),
          ),
        );
      }
      return;
    }
    if (typeof value === "number") {
      if (!Number.isFinite(value)) {
        issues.push(
          issue(
            path,
            "not_finite",
            localized(
              "数值须为有限数（不能是 NaN 或无穷大）",
              "a number must be finite (not NaN or Infinity)",
            ),
          ),
        );
      }
      return;
    }
    if (typeof value !== "object" || value === null) return;
    if (depth >= limits.maxDepth) {
      issues.push(
        issue(
          path,
          "too_deep",
          localized(
            `嵌套过深：最多 ${limits.maxDepth} 层`,
            `nested too deeply: at most ${limits.maxDepth} levels`,
          ),
        ),
      );
      return;
    }
    if (Array.isArray(value)) {
      value.forEach((entry, index) => {
        visit(entry, [...path, index], depth + 1);
      });
      return;
    }
    for (const key of Object.keys(value)) {
      const keyPath = [...path, key];
      if (key === "__proto__" || key === "constructor" || key === "prototype") {
        issues.push(
          issue(
            keyPath,
            "forbidden_key",
            localized(`不允许的键名“${key}”`, `the key "${key}" is not allowed`),
          ),
        );
        continue;
      }
      if (key.startsWith("$") || key.includes(".")) {
        issues.push(
          issue(
            keyPath,
            "forbidden_key",
            localized(
              `键名不能以“$”开头或包含“.”：“${key.slice(0, 40)}”`,
              `a key must not start with "$" or contain ".": "${key.slice(0, 40)}"`,
            ),
          ),
        );
        continue;
      }
      if (key.includes("\u0000")) {
        issues.push(
          issue(
            keyPath,
            "nul_character",
            localized("键名不能包含 NUL 字符", "a key must not contain NUL characters"),
          ),
        );
        continue;
      }
      visit((value as Record<string, unknown>)[key], keyPath, depth + 1);
    }
  };
  // `__proto__` set through JSON.parse is an own key; Object.keys sees it.
  visit(input, [], 0);
  return issues;
};

const zhCN = z.locales.zhCN().localeError;
const en = z.locales.en().localeError;

const localeMessage = (map: typeof en, raw: z.core.$ZodRawIssue, fallback: string): string => {
  const result = map(raw);
  if (typeof result === "string") return result;
  if (result && typeof result === "object" && typeof result.message === "string")
    return result.message;
  return fallback;
};

// English message -> both languages, for the schema rules declared with `bilingual`.
// Filled when schemas are defined, read when issues are reported; deterministic.
const bilingualMessages = new Map<string, LocalizedText>();

/**
 * The options of a zod rule whose message comes in both languages. Works for every
 * check that takes a message (`regex`, `min`, `refine`, …).
 *
 * @example
 * z.string().regex(/^1\d{10}$/, bilingual("须为 11 位手机号码", "an 11-digit mobile number"));
 */
export const bilingual = (zhCN: string, english: string): { message: string } => {
  bilingualMessages.set(english, localized(zhCN, english));
  return { message: english };
};

/**
 * Turns zod issues into {@link InputIssue}s with messages in both languages: the
 * schema's own bilingual message when it declared one (see {@link bilingual}), else
 * zod's zh-CN and en locales. A record key that breaks its rule is reported by that
 * rule's message at the key's path, not as zod's bare "invalid key".
 */
export const toInputIssues = (issues: ReadonlyArray<z.core.$ZodIssue>): InputIssue[] =>
  issues.flatMap((zodIssue) => {
    if (zodIssue.code === "invalid_key" && zodIssue.issues.length > 0) {
      return toInputIssues(
        zodIssue.issues.map((inner) => ({ ...inner, path: [...zodIssue.path, ...inner.path] })),
      );
    }
    const path = zodIssue.path.map((segment) =>
      typeof segment === "symbol" ? String(segment) : segment,
    );
    const raw = zodIssue as unknown as z.core.$ZodRawIssue;
    const message =
      bilingualMessages.get(zodIssue.message) ??
      localized(
        localeMessage(zhCN, raw, zodIssue.message),
        localeMessage(en, raw, zodIssue.message),
      );
    return [issue(path, zodIssue.code, message)];
  });

/**
 * Parses anything that crosses a boundary: first the safety checks of
 * {@link findUnsafeInput}, then the schema. Returns the parsed value, or
 * {@link InvalidInput} listing every problem with its path and both languages.
 *
 * @example
 * const result = parseInput(RegisterCourier, JSON.parse(body));
 * if (Either.isLeft(result)) reply(400, result.left);
 */
export const parseInput = <Schema extends z.ZodType>(
  schema: Schema,
  input: unknown,
  limits: InputLimits = defaultInputLimits,
): Either.Either<z.output<Schema>, InvalidInput> => {
  const unsafe = findUnsafeInput(input, limits);
  if (unsafe.length > 0) return Either.left(new InvalidInput({ issues: unsafe }));
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) return Either.right(result.data);
  return Either.left(new InvalidInput({ issues: toInputIssues(result.error.issues) }));
};
