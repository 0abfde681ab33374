import { Either } from "effect";
import {
  Composer,
  type CST,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  Parser,
  type YAMLError,
} from "yaml";
import { DomainError } from "../kernel/errors.js";
import { localized } from "../kernel/localized-text.js";
import {
  boundedIssues,
  type InputIssue,
  type InputLimits,
  maxReportedIssues,
  parseInput,
} from "../kernel/validation.js";
import { CommunityPolicy } from "./schema.js";

/**
 * A policy document was refused. `problems` lists every problem at once, up to the
 * first 20 (`maxReportedIssues`), each with its path and both languages; `moreProblems`
 * counts the rest, so the report stays small whatever the document.
 */
export class InvalidPolicy extends DomainError("InvalidPolicy", {
  code: "policy.invalid",
  httpStatus: 400,
  text: (props: {
    readonly problems: ReadonlyArray<InputIssue>;
    readonly moreProblems?: number;
  }) => {
    const total = props.problems.length + (props.moreProblems ?? 0);
    const listed = props.problems.slice(0, maxReportedIssues);
    const rest = total - listed.length;
    return localized(
      `社区政策有 ${total} 处问题：${listed
        .map((problem) => `${problem.field || "（整体）"}：${problem.message["zh-CN"]}`)
        .join("；")}${rest > 0 ? `；另有 ${rest} 处` : ""}`,
      `The community policy has ${total} problem(s): ${listed
        .map((problem) => `${problem.field || "(document)"}: ${problem.message.en}`)
        .join("; ")}${rest > 0 ? `; and ${rest} more` : ""}`,
    );
  },
}) {}

/** The limits on a policy document, checked before and while it is read. */
export interface PolicyDocumentLimits extends InputLimits {
  /** The longest document text, in characters (UTF-16 code units). */
  readonly maxCharacters: number;
  /** The most keys in the whole document, counted before it is built. */
  readonly maxKeys: number;
}

/**
 * The limits on a policy document. A text longer than `maxCharacters` (256 KiB of
 * characters, some sixty times the Jinshan policy written out in full) is refused
 * before it is parsed; one with more than `maxKeys` keys (a full policy of a hundred
 * categories, handlers and campaigns has a few thousand) or nested deeper than
 * `maxDepth` is refused before it is built. Reading is linear in the text.
 */
export const policyDocumentLimits: PolicyDocumentLimits = {
  maxCharacters: 262_144,
  maxKeys: 10_000,
  maxDepth: 16,
  maxNodes: 50_000,
  maxStringLength: 20_000,
};

const limits = policyDocumentLimits;

const problem = (
  path: ReadonlyArray<string | number>,
  code: string,
  zhCN: string,
  en: string,
): InputIssue => ({ path, field: path.join("."), code, message: localized(zhCN, en) });

const refused = (problems: ReadonlyArray<InputIssue>) =>
  Either.left(new InvalidPolicy(boundedProblems(problems)));

const boundedProblems = (problems: ReadonlyArray<InputIssue>, more = 0) => {
  const bounded = boundedIssues(problems, more);
  return { problems: bounded.issues, moreProblems: bounded.moreIssues };
};

// The same problem parseInput gives a JSON value nested too deeply.
const tooDeep = (): InputIssue =>
  problem(
    [],
    "too_deep",
    `嵌套过深：最多 ${limits.maxDepth} 层`,
    `nested too deeply: at most ${limits.maxDepth} levels`,
  );

/**
 * Walks the syntax tree without recursion (a deep document must not exhaust the
 * stack, as the yaml library's composer would) and says whether it is too deep or has
 * too many keys, before anything is built from it.
 */
const shapeProblem = (tokens: ReadonlyArray<CST.Token>): InputIssue | undefined => {
  let keys = 0;
  const pending: Array<readonly [CST.Token, number]> = tokens.map((token) => [token, 0] as const);
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [token, depth] = next;
    if (token.type === "document") {
      if (token.value !== undefined) pending.push([token.value, depth]);
      continue;
    }
    if (
      token.type !== "block-map" &&
      token.type !== "block-seq" &&
      token.type !== "flow-collection"
    )
      continue;
    const inner = depth + 1;
    if (inner > limits.maxDepth) return tooDeep();
    for (const item of token.items) {
      if (item.key !== undefined || item.sep !== undefined) keys += 1;
      if (item.key) pending.push([item.key, inner]);
      if (item.value) pending.push([item.value, inner]);
    }
    if (keys > limits.maxKeys) {
      return problem(
        [],
        "too_large",
        `政策文件的键过多：最多 ${limits.maxKeys.toLocaleString("en")} 个`,
        `the policy document has too many keys: at most ${limits.maxKeys.toLocaleString("en")}`,
      );
    }
  }
  return undefined;
};

// The tags of the YAML 1.2 core schema; any other tag is refused, not guessed at.
const coreTags = new Set(
  ["str", "int", "float", "bool", "null", "map", "seq"].map((name) => `tag:yaml.org,2002:${name}`),
);

/**
 * The problems of a built document that the value alone would hide: a key given twice
 * (the last would silently win), a key that is not text, a tag outside the core schema.
 * Linear: each mapping's keys go into a set, where the yaml library's own duplicate
 * check compares each key with every earlier one.
 */
const documentProblems = (root: unknown): InputIssue[] => {
  const problems: InputIssue[] = [];
  const checkTag = (node: unknown, path: ReadonlyArray<string | number>) => {
    const tag = (node as { readonly tag?: unknown } | null)?.tag;
    if (typeof tag === "string" && !coreTags.has(tag)) {
      const shown = tag.slice(0, 60);
      problems.push(
        problem(
          path,
          "unknown_tag",
          `不支持的 YAML 标签“${shown}”`,
          `the YAML tag "${shown}" is not supported`,
        ),
      );
    }
  };
  // Depth is bounded by shapeProblem before this runs, so recursion is safe.
  const visit = (node: unknown, path: ReadonlyArray<string | number>): void => {
    if (isAlias(node)) return;
    checkTag(node, path);
    if (isSeq(node)) {
      node.items.forEach((item, index) => {
        visit(item, [...path, index]);
      });
      return;
    }
    if (!isMap(node)) return;
    const seen = new Set<string>();
    for (const pair of node.items) {
      if (pair.key !== null && !isScalar(pair.key)) {
        problems.push(
          problem(
            path,
            "invalid_key",
            "键名须为文本",
            "a key must be text, not a list or a mapping",
          ),
        );
        continue;
      }
      const key = String(pair.key?.value ?? "");
      const keyPath = [...path, key];
      checkTag(pair.key, keyPath);
      if (seen.has(key)) {
        problems.push(
          problem(keyPath, "duplicate_key", "同一个键出现了两次", "the same key is given twice"),
        );
      }
      seen.add(key);
      visit(pair.value, keyPath);
    }
  };
  visit(root, []);
  return problems;
};

interface ReadDocument {
  readonly value: unknown;
  /** Problems found while reading that do not stop the schema from judging the rest. */
  readonly problems: ReadonlyArray<InputIssue>;
}

const readDocument = (text: string): Either.Either<ReadDocument, InvalidPolicy> => {
  if (text.length > limits.maxCharacters) {
    return refused([
      problem(
        [],
        "too_large",
        `政策文件过大：最多 ${limits.maxCharacters.toLocaleString("en")} 个字符`,
        `the policy document is too large: at most ${limits.maxCharacters.toLocaleString("en")} characters`,
      ),
    ]);
  }
  const trimmed = text.trim();
  if (trimmed === "") return Either.right({ value: {}, problems: [] });
  const json = trimmed.startsWith("{");
  const language = json ? { zhCN: "JSON", en: "JSON" } : { zhCN: "YAML", en: "YAML" };
  const malformed = (detail: string) =>
    refused([
      problem(
        [],
        "syntax",
        `${language.zhCN} 格式错误：${detail}`,
        `Malformed ${language.en}: ${detail}`,
      ),
    ]);
  if (json) {
    // Strict JSON syntax first (no trailing commas, no comments); the text is then read
    // as YAML 1.2, of which JSON is a subset, so a key given twice is seen in both.
    try {
      JSON.parse(trimmed);
    } catch (error) {
      return malformed(error instanceof Error ? error.message : String(error));
    }
  }
  const lines = new LineCounter();
  const tokens = Array.from(new Parser(lines.addNewLine).parse(trimmed));
  const shape = shapeProblem(tokens);
  if (shape !== undefined) return refused([shape]);
  const where = (error: YAMLError) => {
    const { line, col } = lines.linePos(error.pos[0]);
    return `${error.message.split("\n")[0] ?? ""} (line ${line}, column ${col})`;
  };
  const composer = new Composer({
    schema: "core",
    merge: false,
    // Checked in documentProblems, in linear time.
    uniqueKeys: false,
    // YAML 1.1 tags (!!binary, !!set, !!timestamp) are refused like any unknown tag.
    resolveKnownTags: false,
    // A pure package writes nothing to stderr; every warning becomes a problem instead.
    logLevel: "silent",
  });
  const documents = Array.from(composer.compose(tokens, true, trimmed.length));
  if (documents.length > 1) {
    return malformed("一个文件只能有一个文档 / a file holds one document only");
  }
  const document = documents[0];
  if (document === undefined) return Either.right({ value: {}, problems: [] });
  const error = document.errors[0];
  if (error !== undefined) return malformed(where(error));
  const problems = documentProblems(document.contents);
  for (const warning of document.warnings) {
    // Unknown tags are reported with their path by documentProblems.
    if (warning.code === "TAG_RESOLVE_FAILED" || warning.code === "BAD_COLLECTION_TYPE") continue;
    problems.push(
      problem(
        [],
        "syntax",
        `${language.zhCN} 格式问题：${where(warning)}`,
        `${language.en} problem: ${where(warning)}`,
      ),
    );
  }
  try {
    return Either.right({ value: document.toJS({ maxAliasCount: 100 }), problems });
  } catch (failure) {
    return malformed(failure instanceof Error ? failure.message : String(failure));
  }
};

/**
 * Reads a community policy from JSON or YAML text, or from an object, and returns the
 * validated policy with every default filled in, or {@link InvalidPolicy} with every
 * problem at once (unsafe values, keys given twice, unknown tags and names, and what
 * the schema finds), each with its path and a message in zh-CN and en.
 *
 * Text is bounded by {@link policyDocumentLimits}: too long a text is refused before
 * it is parsed, too many keys or too deep a nesting before the document is built, and
 * reading is linear in the text. JSON and YAML are refused alike for a key given twice.
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
  const read: Either.Either<ReadDocument, InvalidPolicy> =
    typeof document === "string"
      ? readDocument(document)
      : Either.right({ value: document, problems: [] });
  if (Either.isLeft(read)) return Either.left(read.left);
  const { value, problems } = read.right;
  const parsed = parseInput(CommunityPolicy, value ?? {}, limits);
  if (Either.isRight(parsed)) {
    return problems.length === 0 ? Either.right(parsed.right) : refused(problems);
  }
  return Either.left(
    new InvalidPolicy(
      boundedProblems([...problems, ...parsed.left.issues], parsed.left.moreIssues),
    ),
  );
};
