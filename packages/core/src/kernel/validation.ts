import { Either } from "effect";
import { z } from "zod";
import { DomainError } from "./errors.js";
import { LocalizedText, localized } from "./localized-text.js";

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

/** At most so many issues are listed in an error report; the rest are only counted. */
export const maxReportedIssues = 20;

// What one reported issue may hold, so that a report stays small whatever the input:
// a path of at most 32 segments of at most 64 characters, messages of at most 500.
const maxPathSegments = 32;
const maxSegmentLength = 64;
const maxMessageLength = 500;
const maxCodeLength = 64;

/**
 * The text cut to at most `limit` UTF-16 units, ending in "…" when cut, never in the
 * middle of a surrogate pair.
 */
const shortened = (text: string, limit: number): string => {
  if (text.length <= limit) return text;
  let end = limit - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
};

const joinPath = (path: ReadonlyArray<PropertyKey>): string => path.map(String).join(".");

/** One issue with its path, code and messages shortened to the sizes a report allows. */
const boundedIssue = (issue: InputIssue): InputIssue => {
  const long =
    issue.path.length > maxPathSegments ||
    issue.path.some((segment) => typeof segment === "string" && segment.length > maxSegmentLength);
  const path = long
    ? [
        ...issue.path
          .slice(0, maxPathSegments)
          .map((segment) =>
            typeof segment === "string" ? shortened(segment, maxSegmentLength) : segment,
          ),
        ...(issue.path.length > maxPathSegments ? ["…"] : []),
      ]
    : issue.path;
  const zhCN = issue.message["zh-CN"];
  const en = issue.message.en;
  if (
    !long &&
    issue.field.length <= maxPathSegments * (maxSegmentLength + 1) &&
    issue.code.length <= maxCodeLength &&
    zhCN.length <= maxMessageLength &&
    en.length <= maxMessageLength
  ) {
    return issue;
  }
  return {
    path,
    field: joinPath(path),
    code: shortened(issue.code, maxCodeLength),
    message: localized(shortened(zhCN, maxMessageLength), shortened(en, maxMessageLength)),
  };
};

/**
 * The issues a report lists and how many more there were: the first
 * {@link maxReportedIssues}, each shortened (long keys, paths and messages are cut), and
 * a count of the rest. Every error that lists input issues goes through it, so no error
 * report grows with the input beyond a fixed size.
 *
 * @example
 * boundedIssues(thousandsOfIssues); // { issues: [20 issues], moreIssues: 14_578 }
 */
export const boundedIssues = (
  issues: ReadonlyArray<InputIssue>,
  moreIssues = 0,
): { readonly issues: ReadonlyArray<InputIssue>; readonly moreIssues: number } => ({
  issues: issues.slice(0, maxReportedIssues).map(boundedIssue),
  moreIssues: moreIssues + Math.max(0, issues.length - maxReportedIssues),
});

const InvalidInputError = DomainError("InvalidInput", {
  code: "input.invalid",
  httpStatus: 400,
  text: (props: { readonly issues: ReadonlyArray<InputIssue>; readonly moreIssues: number }) => {
    const first = props.issues[0];
    const where = (field: string | undefined, colon: string) => (field ? `${field}${colon}` : "");
    const more = Math.max(0, props.issues.length - 1) + props.moreIssues;
    return localized(
      `输入无效：${where(first?.field, "：")}${first?.message["zh-CN"] ?? ""}${more ? `（另有 ${more} 处问题）` : ""}`,
      `Invalid input: ${where(first?.field, ": ")}${first?.message.en ?? ""}${more ? ` (and ${more} more)` : ""}`,
    );
  },
});

/**
 * An input (HTTP body, NATS payload, policy file, CSV row) broke its schema. It lists
 * the first {@link maxReportedIssues} issues (each shortened to a bounded size) and
 * counts the rest in `moreIssues`, however many it is given, so its report stays small
 * for any input.
 */
export class InvalidInput extends InvalidInputError {
  constructor(props: { readonly issues: ReadonlyArray<InputIssue>; readonly moreIssues?: number }) {
    super(boundedIssues(props.issues, props.moreIssues));
  }
}

/** Limits on the shape of an input, checked before its schema. */
export interface InputLimits {
  /** Deepest nesting of objects and arrays. Default 16. */
  readonly maxDepth: number;
  /**
   * Most values (objects, arrays, strings, numbers, …) in the whole input, a refused key
   * counting as one. Default 10,000.
   */
  readonly maxNodes: number;
  /** Longest string, and longest key. Default 20,000 characters (UTF-16 units). */
  readonly maxStringLength: number;
}

/** The default {@link InputLimits}. */
export const defaultInputLimits: InputLimits = {
  maxDepth: 16,
  maxNodes: 10_000,
  maxStringLength: 20_000,
};

const issue = (
  path: ReadonlyArray<string | number>,
  code: string,
  message: LocalizedText,
): InputIssue => ({ path, field: joinPath(path), code, message });

/** What one walk over an input found: its unsafe places, and a copy without them. */
interface Inspection {
  readonly issues: InputIssue[];
  /** The input with every unsafe place left out; only made when asked for. */
  readonly safe: unknown;
}

const forbiddenKeys = new Set(["__proto__", "constructor", "prototype"]);

// One walk for both uses: finding the unsafe places (no copy) and, when there are some,
// a copy without them for the schema to look at the rest. `__proto__` is never
// assigned to the copy, so the copy cannot carry a prototype.
const inspect = (input: unknown, limits: InputLimits, copy: boolean): Inspection => {
  const issues: InputIssue[] = [];
  let nodes = 0;
  let tooLarge = false;
  // Every value counts, and so does every key refused in place of its value, so that
  // no input yields more issues than the node limit allows.
  const counted = (): boolean => {
    nodes += 1;
    if (nodes <= limits.maxNodes) return true;
    if (!tooLarge) {
      tooLarge = true;
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
    return false;
  };
  const tooLong = (path: ReadonlyArray<string | number>) =>
    issue(
      path,
      "too_long",
      localized(
        `文本过长：最多 ${limits.maxStringLength} 个字符`,
        `text is too long: at most ${limits.maxStringLength} characters`,
      ),
    );
  const visit = (value: unknown, path: Array<string | number>, depth: number): unknown => {
    if (tooLarge || !counted()) return undefined;
    if (typeof value === "string") {
      const before = issues.length;
      if (value.includes("\u0000")) {
        issues.push(
          issue(
            path,
            "nul_character",
            localized("文本不能包含 NUL 字符", "text must not contain NUL characters"),
          ),
        );
      }
      if (value.length > limits.maxStringLength) issues.push(tooLong(path));
      return issues.length === before ? value : undefined;
    }
    if (typeof value === "number") {
      if (Number.isFinite(value)) return value;
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
      return undefined;
    }
    if (typeof value !== "object" || value === null) return value;
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
      return undefined;
    }
    if (Array.isArray(value)) {
      const entries: unknown[] = [];
      for (let index = 0; index < value.length && !tooLarge; index++) {
        const entry = visit(value[index], [...path, index], depth + 1);
        if (copy) entries.push(entry);
      }
      return copy ? entries : value;
    }
    const plain = Object.getPrototypeOf(value) === Object.prototype;
    const fields: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      if (tooLarge) break;
      const keyPath = [...path, key];
      if (forbiddenKeys.has(key)) {
        if (counted()) {
          issues.push(
            issue(
              keyPath,
              "forbidden_key",
              localized(`不允许的键名“${key}”`, `the key "${key}" is not allowed`),
            ),
          );
        }
        continue;
      }
      if (key.startsWith("$") || key.includes(".")) {
        if (counted()) {
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
        }
        continue;
      }
      if (key.includes("\u0000")) {
        if (counted()) {
          issues.push(
            issue(
              keyPath,
              "nul_character",
              localized("键名不能包含 NUL 字符", "a key must not contain NUL characters"),
            ),
          );
        }
        continue;
      }
      if (key.length > limits.maxStringLength) {
        if (counted()) issues.push(tooLong(keyPath));
        continue;
      }
      const entry = visit((value as Record<string, unknown>)[key], keyPath, depth + 1);
      if (copy) fields[key] = entry;
    }
    // Objects that are not plain (a Date, a class instance) are the schema's to judge.
    return copy && plain ? fields : value;
  };
  const safe = visit(input, [], 0);
  return { issues, safe: copy ? safe : input };
};

/**
 * Finds what no schema should ever see: keys that could pollute prototypes or break
 * MongoDB (`__proto__`, keys containing `.` or starting with `$`), NUL characters,
 * numbers that are not finite, strings and keys that are too long, and inputs too deep
 * or too large. A refused key counts as a value, so there are never more issues than
 * `limits.maxNodes` (and one `too_large`).
 */
export const findUnsafeInput = (
  input: unknown,
  limits: InputLimits = defaultInputLimits,
): InputIssue[] => inspect(input, limits, false).issues;

const zhCN = z.locales.zhCN().localeError;
const en = z.locales.en().localeError;

const localeMessage = (map: typeof en, raw: z.core.$ZodRawIssue, fallback: string): string => {
  const result = map(raw);
  if (typeof result === "string") return result;
  if (result && typeof result === "object" && typeof result.message === "string")
    return result.message;
  return fallback;
};

// Message key -> both languages, for the schema rules declared with `bilingual`.
// The key holds both texts, so two rules with the same English text and different
// Chinese texts have different keys and can never overwrite each other. Filled when
// schemas are defined, read when issues are reported; deterministic.
const bilingualMessages = new Map<string, LocalizedText>();

/**
 * The options of a zod rule whose message comes in both languages. Works for every
 * check that takes a message (`regex`, `min`, `refine`, …). The message zod keeps is a
 * key holding both texts (`"an 11-digit mobile number | 须为 11 位手机号码"`), so each
 * pair of texts is its own message; {@link toInputIssues} turns it back into both
 * languages.
 *
 * @example
 * z.string().regex(/^1\d{10}$/, bilingual("须为 11 位手机号码", "an 11-digit mobile number"));
 */
export const bilingual = (zhCN: string, english: string): { message: string } => {
  const key = `${english} | ${zhCN}`;
  const known = bilingualMessages.get(key);
  // Only texts that themselves contain " | " could share a key; refuse them loudly.
  if (known !== undefined && (known["zh-CN"] !== zhCN || known.en !== english)) {
    throw new Error(`Two bilingual messages share the key "${key}"`);
  }
  bilingualMessages.set(key, localized(zhCN, english));
  return { message: key };
};

const bilingualParameter = "bilingual";

/**
 * A custom issue whose message depends on the value (a suggestion, a name), in both
 * languages, for `superRefine` and `check`. Unlike {@link bilingual}, nothing is
 * remembered: the texts travel in the issue's `params`.
 *
 * @example
 * context.addIssue(bilingualIssue(["byKind", key], localized(`未知的类型，是否为“${near}”？`,
 *   `unknown kind; did you mean "${near}"?`)));
 */
export const bilingualIssue = (
  path: ReadonlyArray<string | number>,
  text: LocalizedText,
): {
  code: "custom";
  path: Array<string | number>;
  message: string;
  params: Record<string, LocalizedText>;
} => ({
  code: "custom",
  path: [...path],
  message: text.en,
  params: { [bilingualParameter]: text },
});

const bilingualOfParams = (zodIssue: z.core.$ZodIssue): LocalizedText | undefined => {
  if (zodIssue.code !== "custom") return undefined;
  const text: unknown = zodIssue.params?.[bilingualParameter];
  return LocalizedText.safeParse(text).data;
};

/**
 * Turns zod issues into {@link InputIssue}s with messages in both languages: the
 * schema's own bilingual message when it declared one (see {@link bilingual} and
 * {@link bilingualIssue}), else zod's zh-CN and en locales. A record key that breaks
 * its rule is reported by that rule's message at the key's path, not as zod's bare
 * "invalid key". Each issue's path and messages are cut to a bounded size.
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
      bilingualOfParams(zodIssue) ??
      bilingualMessages.get(zodIssue.message) ??
      localized(
        localeMessage(zhCN, raw, zodIssue.message),
        localeMessage(en, raw, zodIssue.message),
      );
    return [boundedIssue(issue(path, zodIssue.code, message))];
  });

// How many input issues a zod issue becomes (see toInputIssues).
const issueCount = (zodIssue: z.core.$ZodIssue): number =>
  zodIssue.code === "invalid_key" && zodIssue.issues.length > 0
    ? zodIssue.issues.reduce((sum, inner) => sum + issueCount(inner), 0)
    : 1;

const pathKey = (path: ReadonlyArray<PropertyKey>): string => JSON.stringify(path.map(String));

/**
 * Parses anything that crosses a boundary: first the safety checks of
 * {@link findUnsafeInput}, then the schema. Returns the parsed value, or
 * {@link InvalidInput} listing every problem with its path and both languages: the
 * unsafe places and, beside them, what the schema finds in the rest of the input
 * (never both for the same place). An input over the size limit is not given to the
 * schema at all.
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
  if (unsafe.length === 0) {
    const result = schema.safeParse(input, { reportInput: true });
    if (result.success) return Either.right(result.data);
    return Either.left(invalidInputOf([], result.error.issues));
  }
  if (unsafe.some((found) => found.code === "too_large")) {
    return Either.left(new InvalidInput({ issues: unsafe }));
  }
  // The schema judges the rest: a copy without the unsafe places. What it says about a
  // place already reported unsafe (or inside one) is left out.
  const result = schema.safeParse(inspect(input, limits, true).safe, { reportInput: true });
  if (result.success) return Either.left(new InvalidInput({ issues: unsafe }));
  const reported = new Set(unsafe.map((found) => pathKey(found.path)));
  const insideUnsafe = (path: ReadonlyArray<PropertyKey>) => {
    for (let length = 0; length <= path.length; length++) {
      if (reported.has(pathKey(path.slice(0, length)))) return true;
    }
    return false;
  };
  return Either.left(
    invalidInputOf(
      unsafe,
      result.error.issues.filter((zodIssue) => !insideUnsafe(zodIssue.path)),
    ),
  );
};

// Only the issues a report lists are turned into messages; the rest are counted.
const invalidInputOf = (
  first: ReadonlyArray<InputIssue>,
  zodIssues: ReadonlyArray<z.core.$ZodIssue>,
): InvalidInput => {
  const listed: InputIssue[] = [...first];
  let index = 0;
  for (; index < zodIssues.length && listed.length <= maxReportedIssues; index++) {
    const zodIssue = zodIssues[index];
    if (zodIssue !== undefined) listed.push(...toInputIssues([zodIssue]));
  }
  let more = 0;
  for (; index < zodIssues.length; index++) {
    const zodIssue = zodIssues[index];
    if (zodIssue !== undefined) more += issueCount(zodIssue);
  }
  return new InvalidInput({ issues: listed, moreIssues: more });
};
