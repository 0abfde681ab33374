import { Either } from "effect";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import {
  ActivityReason,
  ActivityText,
  ActivityTitle,
  CourierReason,
  type InputIssue,
  Nickname,
  PatrolReason,
  PatrolRouteName,
  parseInput,
  RealName,
  ReportNote,
  StationNotice,
  SuggestionResponseText,
} from "./index.js";

/** The texts people write and others read, with the most visible characters each takes. */
const names: ReadonlyArray<readonly [string, z.ZodType<string>, number]> = [
  ["Nickname", Nickname, 30],
  ["RealName", RealName, 40],
];
const lines: ReadonlyArray<readonly [string, z.ZodType<string>, number]> = [
  ["ActivityTitle", ActivityTitle, 100],
  ["PatrolRouteName", PatrolRouteName, 100],
];
const notes: ReadonlyArray<readonly [string, z.ZodType<string>, number]> = [
  ["CourierReason", CourierReason, 500],
  ["ActivityText", ActivityText, 2_000],
  ["ActivityReason", ActivityReason, 500],
  ["PatrolReason", PatrolReason, 500],
  ["ReportNote", ReportNote, 1_000],
  ["StationNotice", StationNotice, 500],
  ["SuggestionResponseText", SuggestionResponseText, 10_000],
];
const every = [...names, ...lines, ...notes];

const issuesOf = (schema: z.ZodType, text: string): ReadonlyArray<InputIssue> => {
  const result = parseInput(schema, text);
  if (Either.isRight(result)) throw new Error(`expected ${JSON.stringify(text)} to be refused`);
  for (const issue of result.left.issues) {
    expect(issue.message["zh-CN"]).toMatch(/[\u4e00-\u9fff]/);
    expect(issue.message.en).toMatch(/[a-z]/);
  }
  return result.left.issues;
};

const accepted = (schema: z.ZodType<string>, text: string): string => {
  const result = parseInput(schema, text);
  if (Either.isLeft(result)) throw new Error(result.left.text.en);
  return result.right;
};

describe.each(every)("%s", (_name, schema, max) => {
  it.each([
    ["a zero-width space", "小\u200B王"],
    ["a Hangul filler", "小\u3164王"],
    ["a blank Braille pattern", "小\u2800王"],
    ["a right-to-left override", "小王\u202Egnp.exe"],
    ["a terminal escape", "小王\u001B[31m"],
    ["a C1 control", "小王\u009B"],
    ["a lone surrogate", "小王\uD800"],
    ["a byte-order mark inside", "小\uFEFF王"],
  ])("refuses %s, in both languages", (_case, text) => {
    expect(issuesOf(schema, text).length).toBeGreaterThan(0);
  });

  it.each([
    ["nothing", ""],
    ["spaces", "   "],
    ["ideographic spaces", "\u3000\u3000"],
    ["invisible characters only", "\u3164\u2800"],
  ])("refuses %s: it must say something visible", (_case, text) => {
    expect(
      issuesOf(schema, text)
        .map((issue) => issue.message.en)
        .join(" "),
    ).toMatch(/empty/);
  });

  it("counts visible characters, not UTF-16 units", () => {
    // The schema alone: parseInput's own limit on a string's UTF-16 length comes first.
    const thumb = "👍🏽"; // four UTF-16 units, one character
    expect(schema.safeParse(thumb.repeat(max)).data).toBe(thumb.repeat(max));
    const tooLong = schema.safeParse(thumb.repeat(max + 1));
    expect(tooLong.success).toBe(false);
    expect(tooLong.error?.issues[0]?.message).toContain(`${max}`);
  });

  it("keeps emoji sequences joined by a zero-width joiner", () => {
    expect(accepted(schema, "小王👨‍👩‍👧")).toBe("小王👨‍👩‍👧");
  });

  it("refuses marks stacked on one character (Zalgo text)", () => {
    expect(issuesOf(schema, `a${"\u0301".repeat(max * 10)}`).length).toBeGreaterThan(0);
  });
});

describe("names", () => {
  it.each(names)("folds compatibility forms in %s (NFKC)", (_name, schema) => {
    expect(accepted(schema, " ＡＢＣ小王（１２） ")).toBe("ABC小王（12）");
  });
});

describe("free text", () => {
  it.each(notes)("keeps lines and full-width punctuation in %s", (_name, schema) => {
    expect(accepted(schema, "第一行：好的（是）\r\n第二行")).toBe("第一行：好的（是）\n第二行");
  });

  it.each(lines)("refuses a line break in %s", (_name, schema) => {
    expect(issuesOf(schema, "第一行\n第二行").length).toBeGreaterThan(0);
  });
});
