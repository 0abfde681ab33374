// README examples as tests: every ```ts block of a README is type-checked with its
// workspace's tsconfig and run, so a README cannot drift from the code it documents. Each
// workspace's `readme.test.ts` calls `describeReadmeExamples("packages/core/README.md")`.
// Plain JavaScript (its types are in `readme-examples.d.mts`) so that every workspace can
// import it, the pure packages too, which have no Node types of their own.
//
// A README marks a block with an HTML comment (invisible on GitHub) on the lines before it:
//
//   <!-- readme-example: continues -->     the block goes on from the previous ts block
//   <!-- readme-example: continues "A hold" -->  from the last ts block under that heading
//   <!-- readme-example: types-only -->    type-checked, never run (it needs servers, or
//                                          it is a part of a service)
//   <!-- readme-example: types-only        lines inside the comment are hidden code put
//   declare const bus: BusApi;             before the block: what a fragment takes for
//   -->                                    granted
//
//   <!-- readme-example: types-only        hidden lines after a line `...` go after the
//   const program = Effect.gen(function* () {   block, so a block of `yield*` steps is
//   ...                                    checked inside the generator it belongs in
//   });
//   -->
//
//   <!-- readme-example: types-only        a line `--- <path>` starts a file written beside
//   --- my-store.ts                        the block's module, for what it imports
//   export declare const MyStore: …;       (`import { MyStore } from "./my-store.js"`)
//   -->
//
// Options combine (`<!-- readme-example: continues, types-only -->`); a block that
// continues a types-only block is types-only too. `@courier-station/*` imports resolve to
// the packages' sources through the `@courier-station/source` condition, as in the tests.
//
// What a README says a call gives is checked as well: an expression statement followed by
// a comment that starts with a value — `clock.now(); // "2026-11-28T02:00:00.000Z"`, on
// the same line or the lines right after it — must run and give that value. Outside a
// string `…` means "and more" (`{ status: "adopted", … }`, `[first, …]`); at the end of a
// string, "starting with" (`"Points must be…"`). `Either.right(v)`, `Either.left(v)` and
// `Name { … }` (an object whose `_tag` is `Name`) are understood. Words after the value are
// a note (`// true (Saturday 01:30)`); a comment listing several values
// (`// 400, 403, 404`) or starting with a word is prose and is not checked.

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import ts from "typescript";
import { afterAll, beforeAll, describe, it } from "vitest";

/** The repository's root directory (this file is in `scripts/`). */
export const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");

const MARKER = /^\s*<!--\s*readme-example:(.*)$/;
const FENCE = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)/;
const TYPESCRIPT_LANGUAGES = new Set(["ts", "typescript"]);
const MARKER_OPTION = /\s*([\w-]+)(?:\s+"([^"]*)")?\s*(?:,|$)/y;
/** Where a running example records the values its comments show. */
const VALUES = "__courierStationReadmeValues";
/** How long type-checking one README may take on a busy two-core machine. */
const TYPE_CHECK_TIMEOUT_MS = 300_000;

const withoutIndent = (text, indent) => {
  let cut = 0;
  while (cut < indent.length && text[cut] === " ") cut += 1;
  return text.slice(cut);
};

/** The options of a marker: `continues`, `continues "<heading>"`, `types-only`. */
const optionsOf = (text) => {
  const options = { continues: false, continuesHeading: undefined, typesOnly: false, problems: [] };
  MARKER_OPTION.lastIndex = 0;
  while (MARKER_OPTION.lastIndex < text.trimEnd().length) {
    const start = MARKER_OPTION.lastIndex;
    const match = MARKER_OPTION.exec(text);
    if (match === null) {
      options.problems.push(`cannot read the readme-example options "${text.slice(start).trim()}"`);
      break;
    }
    const [, name, heading] = match;
    if (name === "continues") {
      options.continues = true;
      options.continuesHeading = heading;
    } else if (name === "types-only" && heading === undefined) {
      options.typesOnly = true;
    } else {
      options.problems.push(
        `unknown readme-example option "${match[0].replace(/,$/, "").trim()}" (known: continues, continues "<heading>", types-only)`,
      );
    }
  }
  return options;
};

const FILE_LINE = /^\s*---\s+(\S+)\s*$/;

/** A marker's hidden lines: those of the block's own module, and the files it imports. */
const hiddenPartsOf = (lines) => {
  const hidden = [];
  const files = [];
  for (const line of lines) {
    const file = FILE_LINE.exec(line.text);
    if (file) files.push({ name: file[1], lines: [] });
    else (files.at(-1)?.lines ?? hidden).push(line);
  }
  return { hidden, files };
};

/**
 * The ts blocks of a README, with their markers applied, and the problems of the markers
 * themselves (a marker with no ts block after it, an unknown option, `continues` on the
 * first block). Every line keeps its README line number.
 */
export function extractReadmeExamples(markdown, readme) {
  const lines = markdown.split(/\r?\n/);
  const examples = [];
  const problems = [];
  let heading = "";
  let marker;
  for (let index = 0; index < lines.length; index += 1) {
    const text = lines[index];
    const markerMatch = MARKER.exec(text);
    if (markerMatch) {
      if (marker) problems.push(`${readme}:${marker.line}: this readme-example marks no ts block`);
      const line = index + 1;
      let optionsText = markerMatch[1];
      const hidden = [];
      if (optionsText.includes("-->")) {
        optionsText = optionsText.slice(0, optionsText.indexOf("-->"));
      } else {
        for (index += 1; index < lines.length && lines[index].trim() !== "-->"; index += 1) {
          hidden.push({ text: lines[index], line: index + 1 });
        }
        if (index >= lines.length) {
          problems.push(
            `${readme}:${line}: this readme-example comment is not closed by a line "-->"`,
          );
          break;
        }
      }
      const options = optionsOf(optionsText);
      for (const problem of options.problems) problems.push(`${readme}:${line}: ${problem}`);
      marker = { line, options, hidden };
      continue;
    }
    const fence = FENCE.exec(text);
    if (fence) {
      const [, indent, marks, language] = fence;
      const fenceLine = index + 1;
      const code = [];
      for (index += 1; index < lines.length; index += 1) {
        const closing = lines[index].trim();
        if (closing.length >= marks.length && closing === marks[0].repeat(closing.length)) break;
        code.push({ text: withoutIndent(lines[index], indent), line: index + 1 });
      }
      if (TYPESCRIPT_LANGUAGES.has(language)) {
        const continues = marker?.options.continues ?? false;
        const from = marker?.options.continuesHeading;
        const previous = !continues
          ? undefined
          : from === undefined
            ? examples.at(-1)
            : examples.findLast((example) => example.heading === from);
        if (continues && previous === undefined) {
          problems.push(
            from === undefined
              ? `${readme}:${fenceLine}: the first ts block cannot continue another`
              : `${readme}:${fenceLine}: there is no ts block under a heading "${from}" before this one`,
          );
        }
        // Hidden lines after a line `...` go after the block (the end of a function the
        // hidden lines before it opened); a line `--- <path>` starts a file beside it.
        const { hidden, files } = hiddenPartsOf(marker?.hidden ?? []);
        const split = hidden.findIndex((hiddenLine) => hiddenLine.text.trim() === "...");
        const own =
          split === -1
            ? [...hidden, ...code]
            : [...hidden.slice(0, split), ...code, ...hidden.slice(split + 1)];
        const typesOnly = marker?.options.typesOnly ?? false;
        examples.push({
          readme,
          line: fenceLine,
          heading,
          continues,
          typesOnly,
          runs: !typesOnly && (previous === undefined || previous.runs),
          previous,
          lines: own,
          moduleLines: [...(previous?.moduleLines ?? []), ...own],
          files: [...(previous?.files ?? []), ...files],
        });
      } else if (marker) {
        problems.push(
          `${readme}:${marker.line}: this readme-example marks a ${language || "plain"} block, not a ts block`,
        );
      }
      marker = undefined;
      continue;
    }
    if (marker && text.trim() !== "") {
      problems.push(`${readme}:${marker.line}: this readme-example is not right before a ts block`);
      marker = undefined;
    }
    const headingMatch = /^#{1,6}\s+(.*)$/.exec(text);
    if (headingMatch) heading = headingMatch[1].trim();
  }
  if (marker) problems.push(`${readme}:${marker.line}: this readme-example marks no ts block`);
  return { examples, problems };
}

const textOf = (lines) => `${lines.map((line) => line.text).join("\n")}\n`;

const moduleTextOf = (example) => textOf(example.moduleLines);

/** `README.md:line` of a line (from 0) of a generated file, given the lines it was made of. */
const where = (example, fileLine, lines = example.moduleLines) =>
  `${example.readme}:${lines[fileLine]?.line ?? example.line}`;

/**
 * Writes an example's module (`code`, by default its lines) as `name` in a directory of its
 * own under `directory`, with the files its marker gives beside it; returns the module's
 * path and each written file's path with its lines.
 */
const writeExample = (example, directory, name, code = moduleTextOf(example)) => {
  const home = join(directory, `readme-${example.line}`);
  mkdirSync(home, { recursive: true });
  const files = example.files.map((file) => ({ path: join(home, file.name), lines: file.lines }));
  for (const file of files) {
    mkdirSync(dirname(file.path), { recursive: true });
    writeFileSync(file.path, textOf(file.lines));
  }
  const path = join(home, name);
  writeFileSync(path, code);
  return { path, files };
};

/**
 * The workspace's compiler options for README examples. An example stands for a program
 * of the reader's, which has a console: a workspace without Node types (a pure package,
 * which runs in a browser too) gets the DOM library's declarations for it.
 */
const compilerOptionsOf = (tsconfig) => {
  const read = ts.readConfigFile(tsconfig, ts.sys.readFile);
  if (read.error) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, "\n"));
  const parsed = ts.parseJsonConfigFileContent(
    read.config,
    ts.sys,
    dirname(tsconfig),
    undefined,
    tsconfig,
  );
  const options = {
    ...parsed.options,
    noEmit: true,
    composite: false,
    incremental: false,
    declaration: false,
    declarationMap: false,
    sourceMap: false,
  };
  delete options.tsBuildInfoFile;
  if (options.types !== undefined && !options.types.includes("node")) {
    options.lib = [...(options.lib ?? ["lib.es2022.d.ts"]), "lib.dom.d.ts"];
  }
  return options;
};

/**
 * Type-checks every example in one program with the compiler options of `tsconfig`,
 * writing each example's module to `directory` (inside the workspace, so that
 * `@courier-station/*` and the workspace's dependencies resolve as they do for its code).
 * Returns, per example, its errors as `README.md:line: TS1234 message`; a block that
 * continues another reports only what its own lines add.
 */
export function typeCheckReadmeExamples(examples, { tsconfig, directory }) {
  const written = examples.map((example) => writeExample(example, directory, "example.ts"));
  const program = ts.createProgram({
    rootNames: written.map(({ path }) => path),
    options: compilerOptionsOf(tsconfig),
  });
  const general = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()].map(
    (diagnostic) =>
      `TS${diagnostic.code} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n")}`,
  );
  const errorsIn = (example, path, lines) => {
    const source = program.getSourceFile(path);
    if (source === undefined) return [`${example.readme}:${example.line}: not type-checked`];
    const diagnostics = [
      ...program.getSyntacticDiagnostics(source),
      ...program.getSemanticDiagnostics(source),
    ];
    return diagnostics.map((diagnostic) => {
      const line =
        diagnostic.start === undefined
          ? -1
          : source.getLineAndCharacterOfPosition(diagnostic.start).line;
      const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n");
      return `${where(example, line, lines)}: TS${diagnostic.code} ${message}`;
    });
  };
  const found = examples.map((example, index) => {
    const { path, files } = written[index];
    return [
      ...general,
      ...files.flatMap((file) => errorsIn(example, file.path, file.lines)),
      ...errorsIn(example, path, example.moduleLines),
    ];
  });
  return examples.map((example, index) => {
    const before = example.previous === undefined ? [] : found[examples.indexOf(example.previous)];
    const earlier = new Set(before);
    return found[index].filter((message) => !earlier.has(message));
  });
}

// ---- the values the comments show ----------------------------------------------------

const LITERAL_START = /^(["'`[{]|-?\d|true\b|false\b|null\b|undefined\b|Either\.(right|left)\()/;

/** Applies `change` to the parts of `text` outside string literals. */
const outsideStrings = (text, change) => {
  let result = "";
  let plain = "";
  for (let index = 0; index < text.length; ) {
    const quote = text[index];
    if (quote === '"' || quote === "'" || quote === "`") {
      let end = index + 1;
      while (end < text.length && text[end] !== quote) end += text[end] === "\\" ? 2 : 1;
      result += change(plain) + text.slice(index, end + 1);
      plain = "";
      index = end + 1;
    } else {
      plain += quote;
      index += 1;
    }
  }
  return result + change(plain);
};

const MORE = "__more__";

/** The pattern a literal expression in a comment stands for, or undefined. */
const patternOf = (node) => {
  if (ts.isParenthesizedExpression(node)) return patternOf(node.expression);
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
    return node.text.endsWith("…")
      ? { kind: "prefix", value: node.text.slice(0, -1) }
      : { kind: "exact", value: node.text };
  }
  if (ts.isNumericLiteral(node)) return { kind: "exact", value: Number(node.text) };
  if (
    ts.isPrefixUnaryExpression(node) &&
    node.operator === ts.SyntaxKind.MinusToken &&
    ts.isNumericLiteral(node.operand)
  ) {
    return { kind: "exact", value: -Number(node.operand.text) };
  }
  if (node.kind === ts.SyntaxKind.TrueKeyword) return { kind: "exact", value: true };
  if (node.kind === ts.SyntaxKind.FalseKeyword) return { kind: "exact", value: false };
  if (node.kind === ts.SyntaxKind.NullKeyword) return { kind: "exact", value: null };
  if (ts.isIdentifier(node) && node.text === "undefined")
    return { kind: "exact", value: undefined };
  if (ts.isArrayLiteralExpression(node)) {
    const elements = [...node.elements];
    const last = elements.at(-1);
    const open = last !== undefined && ts.isIdentifier(last) && last.text === MORE;
    const items = (open ? elements.slice(0, -1) : elements).map(patternOf);
    return items.every(Boolean) ? { kind: "array", items, open } : undefined;
  }
  if (ts.isObjectLiteralExpression(node)) {
    const entries = [];
    let open = false;
    for (const property of node.properties) {
      if (ts.isShorthandPropertyAssignment(property) && property.name.text === MORE) {
        open = true;
      } else if (
        ts.isPropertyAssignment(property) &&
        (ts.isIdentifier(property.name) ||
          ts.isStringLiteral(property.name) ||
          ts.isNumericLiteral(property.name))
      ) {
        const value = patternOf(property.initializer);
        if (value === undefined) return undefined;
        entries.push([property.name.text, value]);
      } else {
        return undefined;
      }
    }
    return { kind: "object", entries, open };
  }
  if (
    ts.isCallExpression(node) &&
    ts.isPropertyAccessExpression(node.expression) &&
    ts.isIdentifier(node.expression.expression) &&
    node.expression.expression.text === "Either" &&
    (node.expression.name.text === "right" || node.expression.name.text === "left") &&
    node.arguments.length <= 1
  ) {
    const [argument] = node.arguments;
    const value =
      argument === undefined ? { kind: "exact", value: undefined } : patternOf(argument);
    if (value === undefined) return undefined;
    return { kind: "either", side: node.expression.name.text, value };
  }
  return undefined;
};

/** The literal expression `text` is, or undefined when it is not exactly one. */
const literalPattern = (text) => {
  const source = ts.createSourceFile("value.ts", `(${text})`, ts.ScriptTarget.Latest, true);
  if ((source.parseDiagnostics ?? []).length > 0 || source.statements.length !== 1) {
    return undefined;
  }
  const [statement] = source.statements;
  if (!ts.isExpressionStatement(statement) || statement.end !== text.length + 2) return undefined;
  return patternOf(statement.expression);
};

/**
 * The value a comment shows, as a pattern to match, or undefined when the comment is
 * prose: the longest literal it starts with, when what follows is not another value.
 */
export function shownValueOf(comment) {
  const text = outsideStrings(comment.trim(), (part) =>
    part
      .replaceAll("…", ` ${MORE} `)
      .replace(/\b([A-Z][A-Za-z0-9]*)\s*\{/g, `{ _tag: "$1", ${MORE}, `),
  );
  if (!LITERAL_START.test(text)) return undefined;
  for (let end = text.length; end > 0; end -= 1) {
    if (end < text.length && !/[\s;:,(—–]/.test(text[end])) continue;
    const pattern = literalPattern(text.slice(0, end).trim());
    if (pattern === undefined) continue;
    const rest = text.slice(end);
    if (/^\s*\(/.test(rest)) return pattern;
    const next = rest.replace(/^[\s;:,—–-]+/, "");
    if (LITERAL_START.test(next) || /^(or|and)\b/.test(next)) return undefined;
    return pattern;
  }
  return undefined;
}

/** The comment after an expression statement: on its line, or the `//` lines right after. */
const commentAfter = (lines, source, statement) => {
  const { line, character } = source.getLineAndCharacterOfPosition(statement.end);
  const rest = lines[line].slice(character);
  const comment = [];
  let next = line + 1;
  const sameLine = /^\s*\/\/(.*)$/.exec(rest);
  if (sameLine) comment.push(sameLine[1]);
  else if (rest.trim() !== "") return undefined;
  for (; next < lines.length; next += 1) {
    const following = /^\s*\/\/(.*)$/.exec(lines[next]);
    if (!following) break;
    comment.push(following[1]);
  }
  return comment.length === 0 ? undefined : comment.join("\n");
};

/**
 * The statements of an example whose value a comment shows (`at` the README line, the
 * `expression`, the `comment`), and the example's module with each of them recording it.
 */
export const valueChecksOf = (example) => {
  const text = moduleTextOf(example);
  const lines = text.split("\n");
  const source = ts.createSourceFile("example.ts", text, ts.ScriptTarget.Latest, true);
  const checks = [];
  const visit = (node) => {
    if (ts.isExpressionStatement(node)) {
      const comment = commentAfter(lines, source, node);
      const expected = comment === undefined ? undefined : shownValueOf(comment);
      if (expected !== undefined) {
        const start = node.expression.getStart(source);
        checks.push({
          id: checks.length,
          start,
          end: node.expression.end,
          at: where(example, source.getLineAndCharacterOfPosition(start).line),
          expression: text.slice(start, node.expression.end).replace(/\s+/g, " "),
          comment: comment.replace(/\s+/g, " ").trim(),
          expected,
        });
        return;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  let code = text;
  for (const check of [...checks].reverse()) {
    code = `${code.slice(0, check.start)}globalThis.${VALUES}.set(${check.id}, (${code.slice(check.start, check.end)}))${code.slice(check.end)}`;
  }
  return { code, checks };
};

const show = (value) => {
  let shown;
  try {
    shown =
      value === undefined
        ? "undefined"
        : JSON.stringify(value, (_key, item) => (typeof item === "bigint" ? `${item}n` : item));
  } catch {
    shown = String(value);
  }
  shown ??= String(value);
  return shown.length > 300 ? `${shown.slice(0, 300)}…` : shown;
};

const showPattern = (pattern) => {
  switch (pattern.kind) {
    case "exact":
      return show(pattern.value);
    case "prefix":
      return `${show(pattern.value).slice(0, -1)}…"`;
    case "array":
      return `[${[...pattern.items.map(showPattern), ...(pattern.open ? ["…"] : [])].join(", ")}]`;
    case "object":
      return `{ ${[...pattern.entries.map(([key, value]) => `${key}: ${showPattern(value)}`), ...(pattern.open ? ["…"] : [])].join(", ")} }`;
    case "either":
      return `Either.${pattern.side}(${showPattern(pattern.value)})`;
  }
};

/** Why `actual` does not match `pattern`, or undefined when it does; `path` leads to it. */
const mismatchOf = (pattern, actual, path) => {
  const subject = path === "" ? " gives" : `: its ${path} is`;
  const differs = () => `${subject} ${show(actual)}, not ${showPattern(pattern)}`;
  switch (pattern.kind) {
    case "exact":
      return Object.is(actual, pattern.value) ? undefined : differs();
    case "prefix":
      return typeof actual === "string" && actual.startsWith(pattern.value) ? undefined : differs();
    case "array": {
      if (!Array.isArray(actual)) return differs();
      const { items, open } = pattern;
      if (open ? actual.length < items.length : actual.length !== items.length) {
        return `${subject} ${show(actual)}: ${actual.length} items, not ${open ? "at least " : ""}${items.length}`;
      }
      for (const [index, item] of items.entries()) {
        const found = mismatchOf(item, actual[index], `${path}[${index}]`);
        if (found) return found;
      }
      return undefined;
    }
    case "object": {
      if (typeof actual !== "object" || actual === null) return differs();
      for (const [key, value] of pattern.entries) {
        const found = mismatchOf(value, actual[key], path === "" ? key : `${path}.${key}`);
        if (found) return found;
      }
      if (!pattern.open) {
        const named = new Set(pattern.entries.map(([key]) => key));
        const extra = Object.keys(actual).filter(
          (key) => !named.has(key) && actual[key] !== undefined,
        );
        if (extra.length > 0)
          return `${subject} ${show(actual)}, which also has ${extra.join(", ")}`;
      }
      return undefined;
    }
    case "either": {
      if (actual?._tag !== (pattern.side === "right" ? "Right" : "Left")) {
        return `${subject} ${show(actual)}, not an Either.${pattern.side}`;
      }
      const side = path === "" ? pattern.side : `${path}.${pattern.side}`;
      return mismatchOf(pattern.value, actual[pattern.side], side);
    }
  }
};

const describeThrown = (thrown) => {
  if (thrown instanceof Error) return `${thrown.name}: ${thrown.message}`;
  return show(thrown);
};

let runs = 0;

/**
 * Runs one example (its module, after the blocks it continues) and checks the values its
 * comments show. Returns the failures as `README.md:line: …`; none when it ran as written.
 */
export async function runReadmeExample(example, { directory }) {
  const { code, checks } = valueChecksOf(example);
  // A new module each time: an import of a file already imported is not run again.
  runs += 1;
  const name = `run-${runs}.ts`;
  const { path } = writeExample(example, directory, name, code);
  const values = new Map();
  globalThis[VALUES] = values;
  try {
    await import(pathToFileURL(path).href);
  } catch (thrown) {
    const stackLine =
      thrown instanceof Error
        ? new RegExp(`${name.replaceAll(".", "\\.")}:(\\d+)`).exec(thrown.stack ?? "")
        : null;
    const at = stackLine
      ? where(example, Number(stackLine[1]) - 1)
      : `${example.readme}:${example.line}`;
    return [`${at}: the example throws ${describeThrown(thrown)}`];
  } finally {
    delete globalThis[VALUES];
  }
  const failures = [];
  for (const check of checks) {
    if (!values.has(check.id)) {
      failures.push(
        `${check.at}: \`${check.expression}\` never ran, so the value the README shows (${check.comment}) is not what happens`,
      );
      continue;
    }
    const mismatch = mismatchOf(check.expected, values.get(check.id), "");
    if (mismatch) {
      failures.push(
        `${check.at}: \`${check.expression}\`${mismatch}; the README shows ${check.comment}`,
      );
    }
  }
  return failures;
}

/**
 * Registers a vitest test per ts block of a README (a path from the repository root): it
 * fails when the block does not type-check with the workspace's tsconfig, throws, or gives
 * another value than a comment shows, naming the README and the line. `workspace`
 * (default: the README's directory) is whose tsconfig.json and dependencies are used.
 */
export function describeReadmeExamples(readme, { workspace = dirname(readme) } = {}) {
  const workspaceDirectory = resolve(repositoryRoot, workspace);
  const { examples, problems } = extractReadmeExamples(
    readFileSync(resolve(repositoryRoot, readme), "utf8"),
    readme,
  );
  describe(`the ts blocks of ${readme} type-check and run as written`, () => {
    let directory;
    let errors = [];
    beforeAll(() => {
      const generated = join(workspaceDirectory, ".readme-examples");
      mkdirSync(generated, { recursive: true });
      directory = mkdtempSync(join(generated, "run-"));
      errors = typeCheckReadmeExamples(examples, {
        tsconfig: join(workspaceDirectory, "tsconfig.json"),
        directory,
      });
    }, TYPE_CHECK_TIMEOUT_MS);
    afterAll(() => {
      if (directory) rmSync(directory, { recursive: true, force: true });
    });

    it(`${readme} has ts blocks, marked correctly`, () => {
      if (examples.length === 0) throw new Error(`${readme} has no ts block to check`);
      if (problems.length > 0) throw new Error(problems.join("\n"));
    });
    examples.forEach((example, index) => {
      const title = `${readme}:${example.line}${example.heading ? ` (${example.heading})` : ""}${example.runs ? "" : ", types only"}`;
      it(title, async () => {
        const typeErrors = errors[index] ?? [];
        if (typeErrors.length > 0) {
          throw new Error(`the block does not type-check:\n${typeErrors.join("\n")}`);
        }
        if (!example.runs) return;
        const failures = await runReadmeExample(example, { directory });
        if (failures.length > 0) throw new Error(failures.join("\n"));
      });
    });
  });
}
