import { Either } from "effect";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  bilingual,
  defaultInputLimits,
  findUnsafeInput,
  type InputIssue,
  InvalidInput,
  parseInput,
} from "./validation.js";

const Body = z.strictObject({
  name: z.string().max(20),
  count: z.number().int().min(0),
  tags: z.array(z.string()).default([]),
  nested: z.record(z.string(), z.unknown()).optional(),
});

const issuesOf = (input: unknown, schema: z.ZodType = Body): ReadonlyArray<InputIssue> => {
  const result = parseInput(schema, input);
  if (Either.isRight(result)) throw new Error("expected a refusal");
  expect(result.left.code).toBe("input.invalid");
  expect(result.left._tag).toBe("InvalidInput");
  for (const issue of result.left.issues) {
    expect(issue.message["zh-CN"].length).toBeGreaterThan(0);
    expect(issue.message.en.length).toBeGreaterThan(0);
    expect(issue.field).toBe(issue.path.join("."));
  }
  return result.left.issues;
};

const codes = (issues: ReadonlyArray<InputIssue>) =>
  issues.map((issue) => [issue.field, issue.code] as const);

describe("parseInput: safety checks before the schema", () => {
  it("accepts a clean input and applies the schema's defaults", () => {
    expect(parseInput(Body, { name: "小王", count: 1 })).toEqual(
      Either.right({ name: "小王", count: 1, tags: [] }),
    );
  });

  it("refuses __proto__ as JSON.parse makes it (an own key)", () => {
    const input = JSON.parse('{"name":"x","count":1,"nested":{"__proto__":{"admin":true}}}');
    expect(codes(issuesOf(input))).toEqual([["nested.__proto__", "forbidden_key"]]);
  });

  it("refuses constructor and prototype keys", () => {
    const input = JSON.parse(
      '{"name":"x","count":1,"nested":{"constructor":{"prototype":{}},"prototype":1}}',
    );
    expect(codes(issuesOf(input))).toEqual([
      ["nested.constructor", "forbidden_key"],
      ["nested.prototype", "forbidden_key"],
    ]);
  });

  it("refuses keys starting with $ and keys with a dot, at any depth", () => {
    const input = { name: "x", count: 1, nested: { $where: "1", "a.b": 2, deep: [{ $gt: 1 }] } };
    expect(codes(issuesOf(input))).toEqual([
      ["nested.$where", "forbidden_key"],
      ["nested.a.b", "forbidden_key"],
      ["nested.deep.0.$gt", "forbidden_key"],
    ]);
  });

  it("refuses NUL characters in strings and in keys", () => {
    const input = { name: "a\u0000b", count: 1, nested: { "k\u0000": 1 }, tags: ["ok", "\u0000"] };
    expect(codes(issuesOf(input))).toEqual([
      ["name", "nul_character"],
      ["nested.k\u0000", "nul_character"],
      ["tags.1", "nul_character"],
    ]);
  });

  it.each([
    ["NaN", Number.NaN],
    ["Infinity", Number.POSITIVE_INFINITY],
    ["-Infinity", Number.NEGATIVE_INFINITY],
  ])("refuses %s", (_name, value) => {
    expect(codes(issuesOf({ name: "x", count: value }))).toEqual([["count", "not_finite"]]);
  });

  it("refuses an input nested too deeply", () => {
    let deep: unknown = "bottom";
    for (let level = 0; level < defaultInputLimits.maxDepth + 1; level++) deep = { next: deep };
    const issues = issuesOf({ name: "x", count: 1, nested: { deep } });
    expect(issues.map((issue) => issue.code)).toEqual(["too_deep"]);
  });

  it("accepts nesting up to the limit", () => {
    let deep: unknown = 1;
    for (let level = 0; level < 3; level++) deep = [deep];
    const limits = { ...defaultInputLimits, maxDepth: 3 };
    expect(findUnsafeInput(deep, limits)).toEqual([]);
    expect(findUnsafeInput([deep], limits).map((issue) => issue.code)).toEqual(["too_deep"]);
  });

  it("refuses an input with too many values, once", () => {
    const tags = Array.from({ length: defaultInputLimits.maxNodes + 10 }, () => "t");
    const issues = issuesOf({ name: "x", count: 1, tags });
    expect(codes(issues)).toEqual([["", "too_large"]]);
  });

  it("refuses a string that is too long", () => {
    const name = "长".repeat(defaultInputLimits.maxStringLength + 1);
    expect(codes(issuesOf({ name, count: 1 }))).toEqual([["name", "too_long"]]);
  });

  it("lists every unsafe place at once and never reaches the schema", () => {
    const input = { name: "\u0000", count: Number.NaN, $set: 1, unknownField: true };
    const issues = issuesOf(input);
    expect(issues.map((issue) => issue.code)).toEqual([
      "nul_character",
      "not_finite",
      "forbidden_key",
    ]);
  });
});

describe("parseInput: schema issues in both languages", () => {
  it("reports every schema problem with its path", () => {
    const issues = issuesOf({ name: 5, count: -1, extra: true });
    expect(issues.map((issue) => issue.field).sort()).toEqual(["", "count", "name"]);
    const byField = new Map(issues.map((issue) => [issue.field, issue]));
    expect(byField.get("name")?.code).toBe("invalid_type");
    expect(byField.get("count")?.code).toBe("too_small");
    expect(byField.get("")?.code).toBe("unrecognized_keys");
    // zod's own locales: the Chinese message is in Chinese.
    expect(byField.get("count")?.message["zh-CN"]).toMatch(/[\u4e00-\u9fff]/);
    expect(byField.get("count")?.message.en).toMatch(/[a-z]/);
  });

  it("carries a rule's own message in both languages when declared with bilingual", () => {
    const Mobile = z
      .string()
      .regex(/^1[3-9]\d{9}$/, bilingual("须为 11 位手机号码", "an 11-digit mobile number"));
    const issues = issuesOf({ phone: "123" }, z.strictObject({ phone: Mobile }));
    expect(issues).toEqual([
      {
        path: ["phone"],
        field: "phone",
        code: "invalid_format",
        message: { "zh-CN": "须为 11 位手机号码", en: "an 11-digit mobile number" },
      },
    ]);
  });

  it("reports a record key that breaks its rule at the key's path, with the rule's message", () => {
    const Scores = z.record(
      z.string().regex(/^[a-z]+$/, bilingual("须为小写字母", "lower-case letters only")),
      z.number(),
    );
    const issues = issuesOf({ good: 1, Bad: 2 }, Scores);
    expect(issues.map((issue) => [issue.field, issue.message])).toEqual([
      ["Bad", { "zh-CN": "须为小写字母", en: "lower-case letters only" }],
    ]);
  });

  it("carries bilingual messages of refinements", () => {
    const Even = z.number().refine((n) => n % 2 === 0, bilingual("须为偶数", "must be even"));
    expect(issuesOf(3, Even)[0]?.message).toEqual({ "zh-CN": "须为偶数", en: "must be even" });
  });

  it("summarises the first problem and how many more in the error's text", () => {
    const result = parseInput(Body, { name: 5, count: -1 });
    if (Either.isRight(result)) throw new Error("expected a refusal");
    expect(result.left.text.en).toMatch(/^Invalid input: name: .+ \(and 1 more\)$/);
    expect(result.left.text["zh-CN"]).toMatch(/^输入无效：name：.+（另有 1 处问题）$/);
    expect(result.left.message).toBe(result.left.text.en);
  });

  it("makes InvalidInput a domain error handled by tag", () => {
    const error = new InvalidInput({ issues: [] });
    expect(error.code).toBe("input.invalid");
    expect(error.text.en).toBe("Invalid input: ");
  });
});
