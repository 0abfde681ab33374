import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  extractReadmeExamples,
  type ReadmeExample,
  repositoryRoot,
  runReadmeExample,
  shownValueOf,
  typeCheckReadmeExamples,
} from "../scripts/readme-examples.mjs";

/* The README checker itself: what it reads as an example, and that a README which drifted fails, naming its line. */

const fence = "```";

/** A README of the given lines. */
const readme = (...lines: string[]): string => lines.join("\n");

describe("reading the ts blocks of a README", () => {
  const text = readme(
    "# Example", //                                                    1
    "", //                                                             2
    `${fence}sh`, //                                                   3
    "npm install something", //                                       4
    fence, //                                                          5
    "## First", //                                                     6
    `${fence}ts`, //                                                   7
    "const first = 1;", //                                            8
    fence, //                                                          9
    "<!-- readme-example: continues, types-only -->", //             10
    `${fence}ts`, //                                                  11
    "const second = first + 1;", //                                  12
    fence, //                                                         13
    "## Third", //                                                    14
    "<!-- readme-example: types-only", //                            15
    "declare const given: number;", //                              16
    "-->", //                                                         17
    "", //                                                            18
    `  ${fence}ts`, //                                               19
    "  const third = given;", //                                     20
    `  ${fence}`, //                                                 21
    '<!-- readme-example: continues "First" -->', //                 22
    `${fence}typescript`, //                                          23
    "const fourth = first;", //                                      24
    fence, //                                                         25
  );

  it("keeps README line numbers, hidden lines and what continues what", () => {
    const { examples, problems } = extractReadmeExamples(text, "EXAMPLE.md");
    expect(problems).toEqual([]);
    expect(
      examples.map((example) => ({
        line: example.line,
        heading: example.heading,
        runs: example.runs,
        lines: example.moduleLines.map((line) => `${line.line} ${line.text}`),
      })),
    ).toEqual([
      { line: 7, heading: "First", runs: true, lines: ["8 const first = 1;"] },
      {
        line: 11,
        heading: "First",
        runs: false,
        lines: ["8 const first = 1;", "12 const second = first + 1;"],
      },
      {
        line: 19,
        heading: "Third",
        runs: false,
        lines: ["16 declare const given: number;", "20 const third = given;"],
      },
      {
        line: 23,
        heading: "Third",
        runs: false,
        lines: ["8 const first = 1;", "12 const second = first + 1;", "24 const fourth = first;"],
      },
    ]);
  });

  it("puts hidden lines after a `...` line after the block", () => {
    const { examples } = extractReadmeExamples(
      readme(
        "<!-- readme-example: types-only", //        1
        "const program = function* () {", //        2
        "...", //                                    3
        "};", //                                     4
        "-->", //                                    5
        `${fence}ts`, //                            6
        "yield* steps;", //                         7
        fence, //                                    8
      ),
      "EXAMPLE.md",
    );
    expect(examples[0]?.moduleLines.map((line) => `${line.line} ${line.text}`)).toEqual([
      "2 const program = function* () {",
      "7 yield* steps;",
      "4 };",
    ]);
  });

  it("names a misused marker with its line", () => {
    const { problems } = extractReadmeExamples(
      readme(
        "<!-- readme-example: continues -->", // 1
        `${fence}ts`, //                        2
        "1;", //                                 3
        fence, //                                4
        "<!-- readme-example: run-twice -->", // 5
        `${fence}sh`, //                        6
        "ls", //                                 7
        fence, //                                8
        '<!-- readme-example: continues "Nowhere" -->', // 9
        "Some prose.", //                       10
      ),
      "EXAMPLE.md",
    );
    expect(problems).toEqual([
      "EXAMPLE.md:2: the first ts block cannot continue another",
      'EXAMPLE.md:5: unknown readme-example option "run-twice" (known: continues, continues "<heading>", types-only)',
      "EXAMPLE.md:5: this readme-example marks a sh block, not a ts block",
      "EXAMPLE.md:9: this readme-example is not right before a ts block",
    ]);
  });
});

describe("the values comments show", () => {
  it.each([
    ['"2026-11-28T02:00:00.000Z"', { kind: "exact", value: "2026-11-28T02:00:00.000Z" }],
    ["true (Saturday 01:30)", { kind: "exact", value: true }],
    ["undefined until accepted", { kind: "exact", value: undefined }],
    ["20; everything else is Jinshan's", { kind: "exact", value: 20 }],
    [
      '["a", "b"], each with message["zh-CN"]',
      {
        kind: "array",
        open: false,
        items: [
          { kind: "exact", value: "a" },
          { kind: "exact", value: "b" },
        ],
      },
    ],
    [
      '{ status: "adopted", … }',
      { kind: "object", open: true, entries: [["status", { kind: "exact", value: "adopted" }]] },
    ],
    ['"Points must be…"', { kind: "prefix", value: "Points must be" }],
    ["Either.right(30)", { kind: "either", side: "right", value: { kind: "exact", value: 30 } }],
    [
      'Either.left(Forbidden { reason: "community" })',
      {
        kind: "either",
        side: "left",
        value: {
          kind: "object",
          open: true,
          entries: [
            ["_tag", { kind: "exact", value: "Forbidden" }],
            ["reason", { kind: "exact", value: "community" }],
          ],
        },
      },
    ],
  ])("reads // %s as a value", (comment, pattern) => {
    expect(shownValueOf(comment)).toEqual(pattern);
  });

  it.each([
    "400, 403, 404, 409",
    "20 or 30",
    "chosen by the caller",
    "ConfirmWishHold",
    "{ code, tag, message }",
    "Either.left(Forbidden)",
  ])("reads // %s as prose", (comment) => {
    expect(shownValueOf(comment)).toBeUndefined();
  });
});

describe("a README that drifted fails, naming its line", () => {
  let directory: string;
  beforeAll(() => {
    const generated = join(repositoryRoot, "tests", ".readme-examples");
    mkdirSync(generated, { recursive: true });
    directory = mkdtempSync(join(generated, "checker-"));
  });
  afterAll(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  const examplesOf = (...lines: string[]): ReadonlyArray<ReadmeExample> =>
    extractReadmeExamples(readme(...lines), "DRIFTED.md").examples;

  it("reports a type error at its README line, once", () => {
    const examples = examplesOf(
      "# Drifted", //                                                1
      `${fence}ts`, //                                               2
      'import { toPoints } from "@courier-station/core";', //       3
      "", //                                                          4
      "const points: string = toPoints(30);", //                     5
      fence, //                                                       6
      "<!-- readme-example: continues -->", //                       7
      `${fence}ts`, //                                               8
      "toPoints(30).notAMethod();", //                               9
      fence, //                                                      10
    );
    const errors = typeCheckReadmeExamples(examples, {
      tsconfig: join(repositoryRoot, "tests", "tsconfig.json"),
      directory,
    });
    expect(errors[0]).toEqual([
      expect.stringMatching(
        /^DRIFTED\.md:5: TS2322 Type 'Either<.*' is not assignable to type 'string'/,
      ),
    ]);
    expect(errors[1]).toEqual([
      expect.stringMatching(/^DRIFTED\.md:9: TS2339 Property 'notAMethod' does not exist/),
    ]);
  }, 300_000);

  it("writes the files a marker gives beside the block, and checks them", () => {
    const examples = examplesOf(
      "<!-- readme-example: types-only", //                         1
      "--- my-store.ts", //                                          2
      "export const MyStore = { name: 1 };", //                    3
      "-->", //                                                      4
      `${fence}ts`, //                                              5
      'import { MyStore } from "./my-store.js";', //              6
      "const name: number = MyStore.name;", //                     7
      "const other: string = MyStore.name;", //                    8
      fence, //                                                      9
    );
    expect(examples[0]?.files.map((file) => file.name)).toEqual(["my-store.ts"]);
    const errors = typeCheckReadmeExamples(examples, {
      tsconfig: join(repositoryRoot, "tests", "tsconfig.json"),
      directory,
    });
    expect(errors[0]).toEqual([
      "DRIFTED.md:8: TS2322 Type 'number' is not assignable to type 'string'.",
    ]);
  }, 300_000);

  it("passes a block that runs as written, through the packages' sources", async () => {
    const [example] = examplesOf(
      `${fence}ts`, //                                                            1
      'import { Either } from "effect";', //                                     2
      'import { toErrorReport, toPoints } from "@courier-station/core";', //     3
      "toPoints(30); // Either.right(30)", //                                    4
      "const refused = toPoints(1.5);", //                                       5
      "if (Either.isLeft(refused)) toErrorReport(refused.left);", //            6
      '// { code: "points.invalid_amount", tag: "InvalidPoints", …,', //       7
      '//   message: { "zh-CN": "积分须为…", en: "Points must be…" } }', //     8
      fence,
    );
    expect(await runReadmeExample(example!, { directory })).toEqual([]);
  });

  it("fails a block whose comment shows another value, or a value never computed", async () => {
    const [example] = examplesOf(
      `${fence}ts`, //                                                    1
      'import { toPoints } from "@courier-station/core";', //            2
      "const outcome = toPoints(30);", //                                3
      'outcome.pipe((value) => value._tag); // "Left"', //               4
      "[1, 2, 3].slice(1); // [2, …]", //                                5
      'if (outcome._tag === "Left") outcome.left; // { code: "x" }', // 6
      fence,
    );
    expect(await runReadmeExample(example!, { directory })).toEqual([
      'DRIFTED.md:4: `outcome.pipe((value) => value._tag)` gives "Right", not "Left"; the README shows "Left"',
      'DRIFTED.md:6: `outcome.left` never ran, so the value the README shows ({ code: "x" }) is not what happens',
    ]);
  });

  it("fails a block that throws, naming the line that threw", async () => {
    const [example] = examplesOf(
      `${fence}ts`, //                                     1
      'import { CourierId } from "@courier-station/core";', // 2
      "", //                                                  3
      'CourierId.parse("not an id!");', //                  4
      fence,
    );
    expect(await runReadmeExample(example!, { directory })).toEqual([
      expect.stringMatching(/^DRIFTED\.md:4: the example throws ZodError: /),
    ]);
  });
});
