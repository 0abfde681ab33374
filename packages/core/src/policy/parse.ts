import { Either } from "effect";
import { parse as parseYaml, YAMLParseError } from "yaml";
import { DomainError } from "../kernel/errors.js";
import { localized } from "../kernel/localized-text.js";
import { type InputIssue, parseInput } from "../kernel/validation.js";
import { CommunityPolicy } from "./schema.js";

/** A policy document was refused; `problems` lists every problem at once. */
export class InvalidPolicy extends DomainError("InvalidPolicy", {
  code: "policy.invalid",
  httpStatus: 400,
  text: (props: { readonly problems: ReadonlyArray<InputIssue> }) =>
    localized(
      `社区政策有 ${props.problems.length} 处问题：${props.problems
        .map((problem) => `${problem.field || "（整体）"}：${problem.message["zh-CN"]}`)
        .join("；")}`,
      `The community policy has ${props.problems.length} problem(s): ${props.problems
        .map((problem) => `${problem.field || "(document)"}: ${problem.message.en}`)
        .join("; ")}`,
    ),
}) {}

const syntaxProblem = (zhCN: string, en: string): InputIssue => ({
  path: [],
  field: "",
  code: "syntax",
  message: localized(zhCN, en),
});

const readDocument = (text: string): Either.Either<unknown, InvalidPolicy> => {
  const trimmed = text.trim();
  if (trimmed === "") return Either.right({});
  if (trimmed.startsWith("{")) {
    try {
      return Either.right(JSON.parse(trimmed));
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      return Either.left(
        new InvalidPolicy({
          problems: [syntaxProblem(`JSON 格式错误：${detail}`, `Malformed JSON: ${detail}`)],
        }),
      );
    }
  }
  try {
    // YAML 1.2 core schema: no custom tags, no `__proto__` merge surprises.
    return Either.right(parseYaml(trimmed, { schema: "core", merge: false, maxAliasCount: 100 }));
  } catch (error) {
    const detail =
      error instanceof YAMLParseError || error instanceof Error ? error.message : String(error);
    return Either.left(
      new InvalidPolicy({
        problems: [syntaxProblem(`YAML 格式错误：${detail}`, `Malformed YAML: ${detail}`)],
      }),
    );
  }
};

/**
 * Reads a community policy from JSON or YAML text, or from an object, and returns the
 * validated policy with every default filled in, or {@link InvalidPolicy} with every
 * problem at once, each with its path and a message in zh-CN and en.
 *
 * @example
 * const result = parsePolicy(`
 * general:
 *   timeZone: Asia/Shanghai
 * points:
 *   welcome: 20
 * `);
 * if (Either.isLeft(result)) console.error(result.left.problems);
 */
export const parsePolicy = (
  document: string | unknown,
): Either.Either<CommunityPolicy, InvalidPolicy> => {
  const raw = typeof document === "string" ? readDocument(document) : Either.right(document);
  if (Either.isLeft(raw)) return Either.left(raw.left);
  const value = raw.right ?? {};
  return Either.mapLeft(
    parseInput(CommunityPolicy, value, { maxDepth: 16, maxNodes: 50_000, maxStringLength: 20_000 }),
    (invalid) => new InvalidPolicy({ problems: invalid.issues }),
  );
};
