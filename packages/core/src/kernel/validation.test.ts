import { Either } from "effect";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { toErrorReport } from "./errors.js";
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

  it("lists every unsafe place alongside the schema's problems, never both for one place", () => {
    const input = { name: "\u0000", count: Number.NaN, $set: 1, tags: [3], unknownField: true };
    expect(codes(issuesOf(input))).toEqual([
      ["name", "nul_character"],
      ["count", "not_finite"],
      ["$set", "forbidden_key"],
      ["tags.0", "invalid_type"],
      ["", "unrecognized_keys"],
    ]);
  });

  it("lists one unsafe value among many schema problems (one __proto__ does not hide the rest)", () => {
    const input = JSON.parse('{"name":5,"count":-1,"nested":{"__proto__":{"admin":true}}}');
    expect(codes(issuesOf(input))).toEqual([
      ["nested.__proto__", "forbidden_key"],
      ["name", "invalid_type"],
      ["count", "too_small"],
    ]);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  it("does not apply the schema to an input over the size or depth limits", () => {
    const tags = Array.from({ length: defaultInputLimits.maxNodes + 10 }, () => 5);
    expect(codes(issuesOf({ name: 5, count: 1, tags }))).toEqual([["", "too_large"]]);
  });
});

describe("parseInput: a hostile input gets a small answer", () => {
  // About 125 KB each, the largest payload a service accepts by default.
  const keys = (make: (index: number) => string) =>
    Object.fromEntries(Array.from({ length: 14_000 }, (_, index) => [make(index), 1]));
  const hostile: ReadonlyArray<readonly [string, unknown]> = [
    ["keys starting with $", keys((index) => `$${index}`)],
    ["dotted keys", keys((index) => `a.${index}`)],
    ["NUL strings", Array.from({ length: 14_000 }, () => "\u0000")],
    ["numbers too large (1e999)", JSON.parse(`[${Array(14_000).fill("1e999").join(",")}]`)],
    ["values that break the schema", Array.from({ length: 9_000 }, () => "x")],
  ];

  it.each(hostile)("reports the first 20 issues of %s and counts the rest", (_name, input) => {
    const schema = Array.isArray(input) ? z.array(z.number()) : z.strictObject({});
    const result = parseInput(schema, input);
    if (Either.isRight(result)) throw new Error("expected a refusal");
    const report = JSON.stringify(toErrorReport(result.left));
    expect(report.length).toBeLessThan(8_000);
    expect(result.left.issues).toHaveLength(20);
    expect(result.left.moreIssues).toBeGreaterThan(0);
    expect(result.left.issues.length + result.left.moreIssues).toBeLessThanOrEqual(
      defaultInputLimits.maxNodes + 1,
    );
    expect(result.left.text.en).toContain(`(and ${19 + result.left.moreIssues} more)`);
  });

  it("shortens the one message that names 9,000 unknown keys", () => {
    const input = Object.fromEntries(Array.from({ length: 9_000 }, (_, index) => [`k${index}`, 1]));
    const result = parseInput(z.strictObject({}), input);
    if (Either.isRight(result)) throw new Error("expected a refusal");
    expect(codes(result.left.issues)).toEqual([["", "unrecognized_keys"]]);
    expect(JSON.stringify(toErrorReport(result.left)).length).toBeLessThan(4_000);
  });

  it("counts keys against the node limit, so issues never outnumber it", () => {
    const input = Object.fromEntries(
      Array.from({ length: defaultInputLimits.maxNodes * 2 }, (_, index) => [`$${index}`, 1]),
    );
    const issues = findUnsafeInput(input);
    expect(issues.length).toBeLessThanOrEqual(defaultInputLimits.maxNodes + 1);
    expect(issues.at(-1)?.code).toBe("too_large");
  });

  it("shortens long keys and messages in what it reports", () => {
    const key = `$${"k".repeat(50_000)}`;
    const result = parseInput(z.strictObject({}), { [key]: 1, [`${key}.`]: { [key]: 1 } });
    if (Either.isRight(result)) throw new Error("expected a refusal");
    expect(JSON.stringify(toErrorReport(result.left)).length).toBeLessThan(2_000);
  });

  it("bounds an InvalidInput however it is made", () => {
    const issue: InputIssue = {
      path: ["x".repeat(10_000)],
      field: "x".repeat(10_000),
      code: "custom",
      message: { "zh-CN": "长".repeat(10_000), en: "long ".repeat(10_000) },
    };
    const error = new InvalidInput({ issues: Array(1_000).fill(issue), moreIssues: 5 });
    expect(error.issues).toHaveLength(20);
    expect(error.moreIssues).toBe(985);
    expect(error.issues[0]?.field).toBe(error.issues[0]?.path.join("."));
    expect(JSON.stringify(toErrorReport(error)).length).toBeLessThan(40_000);
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

  it("keeps two rules with the same English text and different Chinese texts apart", () => {
    const Station = z.string().min(2, bilingual("至少修改一项信息", "change at least one field"));
    const Route = z.string().min(2, bilingual("至少修改一项", "change at least one field"));
    expect(issuesOf("x", Station)[0]?.message).toEqual({
      "zh-CN": "至少修改一项信息",
      en: "change at least one field",
    });
    expect(issuesOf("x", Route)[0]?.message).toEqual({
      "zh-CN": "至少修改一项",
      en: "change at least one field",
    });
  });

  it("makes InvalidInput a domain error handled by tag", () => {
    const error = new InvalidInput({ issues: [] });
    expect(error.code).toBe("input.invalid");
    expect(error.text.en).toBe("Invalid input: ");
  });
});
