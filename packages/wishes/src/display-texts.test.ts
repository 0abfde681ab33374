import { parseInput } from "@courier-station/core";
import { Either } from "effect";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { Shop, SponsorDisplayName } from "./sponsors/commands.js";
import { Description, Note, Title } from "./values.js";

const texts: ReadonlyArray<readonly [string, z.ZodType<string>, number]> = [
  ["Title", Title, 60],
  ["Note", Note, 500],
  ["SponsorDisplayName", SponsorDisplayName, 40],
  ["Shop name", Shop.shape.name, 60],
];

const refusal = (schema: z.ZodType, text: string) => {
  const result = parseInput(schema, text);
  if (Either.isRight(result)) throw new Error(`expected ${JSON.stringify(text)} to be refused`);
  const [first] = result.left.issues;
  expect(first?.message["zh-CN"]).toMatch(/[\u4e00-\u9fff]/);
  expect(first?.message.en).toMatch(/[a-z]/);
  return result.left.issues;
};

describe.each(texts)("%s", (_name, schema, max) => {
  it.each([
    ["a zero-width space", "自行\u200B车"],
    ["a Hangul filler only", "\u3164"],
    ["a blank Braille pattern only", "\u2800\u2800"],
    ["a right-to-left override", "自行车\u202E"],
    ["a terminal escape", "\u001B[2J自行车"],
    ["a lone surrogate", "自行车\uD83D"],
  ])("refuses %s, in both languages", (_case, text) => {
    expect(refusal(schema, text).length).toBeGreaterThan(0);
  });

  it("counts visible characters, not UTF-16 units", () => {
    expect(schema.safeParse("🚲".repeat(max)).success).toBe(true);
    expect(schema.safeParse("🚲".repeat(max + 1)).success).toBe(false);
  });
});

describe("a wish's description", () => {
  it("may be empty, but may not hide characters", () => {
    expect(Description.parse("  ")).toBe("");
    expect(refusal(Description, "想要\u200B一辆自行车").length).toBe(1);
  });

  it("keeps its lines", () => {
    expect(Description.parse("第一行\r\n第二行")).toBe("第一行\n第二行");
  });
});
