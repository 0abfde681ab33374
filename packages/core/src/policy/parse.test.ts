import { Either } from "effect";
import { describe, expect, it, vi } from "vitest";
import type { InputIssue } from "../kernel/validation.js";
import { type InvalidPolicy, parsePolicy, policyDocumentLimits } from "./parse.js";
import { jinshanPolicy } from "./schema.js";

const problemsOf = (document: unknown): ReadonlyArray<InputIssue> => {
  const result = parsePolicy(document);
  if (Either.isRight(result)) throw new Error("expected the policy to be refused");
  const error: InvalidPolicy = result.left;
  expect(error.code).toBe("policy.invalid");
  expect(error.text["zh-CN"].length).toBeGreaterThan(0);
  expect(error.text.en.length).toBeGreaterThan(0);
  for (const problem of error.problems) {
    expect(problem.message["zh-CN"].length).toBeGreaterThan(0);
    expect(problem.message.en.length).toBeGreaterThan(0);
    expect(problem.field).toBe(problem.path.join("."));
  }
  return error.problems;
};

const nested = (depth: number): unknown => {
  let value: unknown = 1;
  for (let level = 0; level < depth; level++) value = { a: value };
  return value;
};

const accepted = (document: unknown) => {
  const result = parsePolicy(document);
  if (Either.isLeft(result)) throw new Error(result.left.text.en);
  return result.right;
};

describe("parsePolicy: the Jinshan defaults", () => {
  it.each([
    ["empty text", ""],
    ["blank text", "  \n\t "],
    ["an empty JSON object", "{}"],
    ["a YAML null", "~"],
    ["a YAML comment only", "# 金山万达商圈的政策\n"],
    ["an empty object", {}],
    ["undefined", undefined],
  ])("gives every default for %s", (_name, document) => {
    expect(accepted(document)).toEqual(jinshanPolicy());
  });

  it("reproduces the Jinshan programme's main settings", () => {
    const policy = jinshanPolicy();
    expect(policy.general.timeZone).toBe("Asia/Shanghai");
    expect(policy.general.languages).toEqual(["zh-CN", "en"]);
    expect(policy.couriers).toEqual({
      consentRequiredForVerification: true,
      selfRegistration: true,
    });
    expect(policy.activities.noShowLimit).toBe(3);
    expect(policy.points.welcome).toBe(10);
  });

  it("carries issue 2's and 3's Jinshan settings: categories, topics, points, caps, wish cap, peak hours", () => {
    const policy = jinshanPolicy();
    expect(policy.reports.categories.map((category) => category.id)).toEqual([
      "river-patrol",
      "noise",
      "environment",
      "road-damage",
      "safety-hazard",
      "obstruction",
      "other",
    ]);
    expect(policy.reports.categories[0]?.name).toEqual({
      "zh-CN": "护河巡河",
      en: expect.any(String),
    });
    expect(policy.suggestions.topics.map((topic) => topic.id)).toEqual([
      "station-services",
      "safety-and-rights",
      "community-governance",
      "platform-and-work",
      "other",
    ]);
    expect(Object.keys(policy.points)).toEqual(
      expect.arrayContaining([
        "welcome",
        "participation",
        "reportVerified",
        "suggestionAdopted",
        "patrolCompleted",
      ]),
    );
    expect(policy.points.caps).toEqual({ perDay: 50, perWeek: 200, perMonth: 500 });
    expect(policy.wishes.valueCapFen).toBe(30_000);
    expect(policy.activities.peakHours).toEqual([
      { from: "11:00", to: "13:30" },
      { from: "17:00", to: "19:30" },
    ]);
  });
});

describe("parsePolicy: documents", () => {
  it("reads JSON text, filling in what it leaves out", () => {
    const policy = accepted(
      '{ "general": { "consentPolicyVersion": "2026-06" }, "points": { "welcome": 20 } }',
    );
    expect(policy.general.consentPolicyVersion).toBe("2026-06");
    expect(policy.general.timeZone).toBe("Asia/Shanghai");
    expect(policy.points.welcome).toBe(20);
    expect(policy.points.caps).toEqual(jinshanPolicy().points.caps);
  });

  it("reads JSON text that starts with a byte-order mark", () => {
    expect(accepted('\uFEFF{ "points": { "welcome": 15 } }').points.welcome).toBe(15);
  });

  it("reads YAML text", () => {
    const policy = accepted(`
# 山阳镇
general:
  timeZone: Asia/Shanghai
  languages: [zh-CN]
couriers:
  selfRegistration: false
activities:
  noShowLimit: 5
`);
    expect(policy.general.languages).toEqual(["zh-CN"]);
    expect(policy.couriers.selfRegistration).toBe(false);
    expect(policy.activities.noShowLimit).toBe(5);
  });

  it("reads an object", () => {
    expect(accepted({ wishes: { valueCapFen: 20_000 } }).wishes.valueCapFen).toBe(20_000);
  });

  it("gives the same policy for the same settings in JSON, YAML and an object", () => {
    const settings = { general: { consentPolicyVersion: "v2" }, points: { welcome: 25 } };
    const fromJson = accepted(JSON.stringify(settings));
    const fromYaml = accepted("general:\n  consentPolicyVersion: v2\npoints:\n  welcome: 25\n");
    expect(fromJson).toEqual(accepted(settings));
    expect(fromYaml).toEqual(fromJson);
  });
});

describe("parsePolicy: refusals", () => {
  it("refuses malformed JSON with a syntax problem", () => {
    const problems = problemsOf('{ "points": { "welcome": 20, } ');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: "syntax", field: "", path: [] });
    expect(problems[0]?.message.en).toMatch(/^Malformed JSON: /);
    expect(problems[0]?.message["zh-CN"]).toMatch(/^JSON 格式错误：/);
  });

  it("refuses malformed YAML with a syntax problem", () => {
    const problems = problemsOf("general:\n  timeZone: [Asia/Shanghai\npoints: 1\n");
    expect(problems).toHaveLength(1);
    expect(problems[0]?.code).toBe("syntax");
    expect(problems[0]?.message.en).toMatch(/^Malformed YAML: /);
    expect(problems[0]?.message["zh-CN"]).toMatch(/^YAML 格式错误：/);
  });

  it("refuses YAML with a key given twice, naming the key", () => {
    expect(problemsOf("points:\n  welcome: 1\n  welcome: 2\n")).toMatchObject([
      { field: "points.welcome", code: "duplicate_key" },
    ]);
  });

  it("refuses JSON with a key given twice, as YAML is refused", () => {
    expect(problemsOf('{ "points": { "welcome": 1, "welcome": 2 } }')).toMatchObject([
      { field: "points.welcome", code: "duplicate_key" },
    ]);
    expect(problemsOf('{ "wishes": {}, "wishes": {} }')).toMatchObject([
      { field: "wishes", code: "duplicate_key" },
    ]);
  });

  it("lists a key given twice beside the document's other problems", () => {
    const problems = problemsOf(
      "points:\n  welcome: -1\n  welcome: -2\nwishes:\n  valueCapFen: 0\n",
    );
    expect(problems.map((problem) => [problem.field, problem.code])).toEqual([
      ["points.welcome", "duplicate_key"],
      ["points.welcome", "too_small"],
      ["wishes.valueCapFen", "too_small"],
    ]);
  });

  it.each([
    ["a local tag", "points:\n  welcome: !points 10\n", "points.welcome"],
    ["a tag on a mapping", "points: !section\n  welcome: 10\n", "points"],
    ["a YAML 1.1 binary", "general:\n  timeZone: !!binary QXNpYQ==\n", "general.timeZone"],
    ["a YAML 1.1 set", "wishes:\n  prohibitedItems: !!set { a, b }\n", "wishes.prohibitedItems"],
  ])("refuses %s, and the library writes nothing to stderr", (_name, document, field) => {
    // The yaml library warns through Node's process.emitWarning, or console.warn elsewhere.
    const { process, console } = globalThis as unknown as {
      readonly process: { emitWarning: (...warning: ReadonlyArray<unknown>) => void };
      readonly console: { warn: (...warning: ReadonlyArray<unknown>) => void };
    };
    const emitWarning = vi.spyOn(process, "emitWarning").mockImplementation(() => undefined);
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      // The tag is refused, and the value under it is still judged by the schema.
      expect(problemsOf(document)[0]).toMatchObject({ field, code: "unknown_tag" });
      expect(emitWarning).not.toHaveBeenCalled();
      expect(warn).not.toHaveBeenCalled();
    } finally {
      emitWarning.mockRestore();
      warn.mockRestore();
    }
  });

  it("accepts the core schema's own tags", () => {
    expect(
      accepted("points:\n  welcome: !!int 12\ngeneral:\n  consentPolicyVersion: !!str 2026\n"),
    ).toMatchObject({
      points: { welcome: 12 },
      general: { consentPolicyVersion: "2026" },
    });
  });

  it.each([
    // Indentation makes deep block mappings long: 700 levels are as deep as the size allows.
    [
      "block mappings",
      Array.from({ length: 700 }, (_, depth) => `${" ".repeat(depth)}a:`).join("\n"),
    ],
    ["flow sequences", `${"[".repeat(5_000)}${"]".repeat(5_000)}`],
    ["block sequences", `${"- ".repeat(5_000)}x`],
    ["JSON", `{"a":${"[".repeat(5_000)}${"]".repeat(5_000)}}`],
  ])("refuses deep nesting of %s as JSON's nesting is refused", (_name, document) => {
    expect(problemsOf(document)).toMatchObject([{ code: "too_deep" }]);
    expect(problemsOf(document)[0]?.message).toEqual(problemsOf({ a: nested(17) })[0]?.message);
  });

  it("refuses more than one YAML document", () => {
    expect(problemsOf("points:\n  welcome: 1\n---\npoints:\n  welcome: 2\n")[0]?.code).toBe(
      "syntax",
    );
  });

  it("lists every mistake of a document at once, each with its path", () => {
    const problems = problemsOf(`
general:
  timeZone: Mars/Olympus_Mons
  languages: [fr]
points:
  welcome: -5
  caps:
    perDay: 1.5
wishes:
  valueCapFen: 0
activities:
  noShowLimit: "three"
`);
    expect(problems.map((problem) => problem.field).sort()).toEqual([
      "activities.noShowLimit",
      "general.languages.0",
      "general.timeZone",
      "points.caps.perDay",
      "points.welcome",
      "wishes.valueCapFen",
    ]);
    const timeZone = problems.find((problem) => problem.field === "general.timeZone");
    expect(timeZone?.message).toEqual({
      "zh-CN": "须为 IANA 时区名称，例如 Asia/Shanghai",
      en: "an IANA time zone such as Asia/Shanghai",
    });
  });

  it("explains a bad notice version and repeated languages in both languages", () => {
    const problems = problemsOf({
      general: { consentPolicyVersion: "2026 01", languages: ["en", "en"] },
    });
    expect(problems.map((problem) => [problem.field, problem.message])).toEqual([
      [
        "general.consentPolicyVersion",
        {
          "zh-CN": "告知版本须为 1 至 32 位字母、数字、“.”“_”或“-”",
          en: "a notice version is 1 to 32 letters, digits, '.', '_' or '-'",
        },
      ],
      ["general.languages", { "zh-CN": "语言列表不能重复", en: "languages must not repeat" }],
    ]);
  });

  it("names every problem in the error's text, in both languages", () => {
    const result = parsePolicy({ points: { welcome: -5 }, wishes: { valueCapFen: 0 } });
    if (Either.isRight(result)) throw new Error("expected a refusal");
    expect(result.left.text.en).toContain("2 problem(s)");
    expect(result.left.text.en).toContain("points.welcome");
    expect(result.left.text.en).toContain("wishes.valueCapFen");
    expect(result.left.text["zh-CN"]).toContain("2 处问题");
    expect(result.left.text["zh-CN"]).toContain("wishes.valueCapFen");
  });

  it("refuses unknown keys, at the top and inside a section", () => {
    const problems = problemsOf({ colour: "red", points: { welcome: 10, bonus: 5 } });
    expect(problems.map((problem) => [problem.field, problem.code])).toEqual(
      expect.arrayContaining([
        ["", "unrecognized_keys"],
        ["points", "unrecognized_keys"],
      ]),
    );
    expect(problems).toHaveLength(2);
  });

  it("refuses a document that is not a mapping", () => {
    expect(problemsOf("- a\n- b\n")[0]?.code).toBe("invalid_type");
    expect(problemsOf("just some words")[0]?.code).toBe("invalid_type");
    expect(problemsOf(42)[0]?.code).toBe("invalid_type");
  });

  it("lists unsafe values beside every other problem, not instead of them", () => {
    const problems = problemsOf(`
__proto__:
  admin: true
general:
  timeZone: Mars/Olympus_Mons
points:
  welcome: .inf
  perfect: .nan
  $where: 1
  caps:
    perDay: 1.5
wishes:
  valueCapFen: 0
`);
    expect(problems.map((problem) => [problem.field, problem.code])).toEqual([
      ["__proto__", "forbidden_key"],
      ["points.welcome", "not_finite"],
      ["points.perfect", "not_finite"],
      ["points.$where", "forbidden_key"],
      ["general.timeZone", "custom"],
      ["points.caps.perDay", "invalid_type"],
      ["points", "unrecognized_keys"],
      ["wishes.valueCapFen", "too_small"],
    ]);
  });

  it("refuses __proto__, $ and dotted keys, and YAML's .nan and .inf", () => {
    expect(problemsOf('{ "__proto__": { "points": 1 } }')[0]).toMatchObject({
      field: "__proto__",
      code: "forbidden_key",
    });
    expect(problemsOf("__proto__:\n  points: 1\n")[0]?.code).toBe("forbidden_key");
    expect(problemsOf("points:\n  $set: 1\n")[0]?.code).toBe("forbidden_key");
    expect(problemsOf("points:\n  a.b: 1\n")[0]?.code).toBe("forbidden_key");
    expect(problemsOf("points:\n  welcome: .nan\n")[0]).toMatchObject({
      field: "points.welcome",
      code: "not_finite",
    });
    expect(problemsOf("points:\n  welcome: .inf\n")[0]?.code).toBe("not_finite");
  });

  it("refuses YAML that expands aliases without bound (a billion laughs)", () => {
    const lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let level = 1; level < 9; level++) {
      const previous = String.fromCharCode(96 + level);
      const next = String.fromCharCode(97 + level);
      lines.push(
        `${next}: &${next} [*${previous}, *${previous}, *${previous}, *${previous}, *${previous}, *${previous}, *${previous}, *${previous}, *${previous}, *${previous}]`,
      );
    }
    const problems = problemsOf(lines.join("\n"));
    expect(problems[0]?.code).toBe("syntax");
  });
});

describe("parsePolicy: the size of a document", () => {
  it("refuses a document over the stated size before reading it", () => {
    const document = `points: {\n# ${"x".repeat(policyDocumentLimits.maxCharacters)}\n`;
    expect(problemsOf(document)).toMatchObject([{ field: "", code: "too_large" }]);
    expect(problemsOf(document)[0]?.message.en).toContain(
      policyDocumentLimits.maxCharacters.toLocaleString("en"),
    );
  });

  it("reads a document just under the stated size", () => {
    const padding = `# ${"x".repeat(policyDocumentLimits.maxCharacters - 40)}\n`;
    expect(accepted(`${padding}points:\n  welcome: 12\n`).points.welcome).toBe(12);
  });

  it("refuses more keys than the limit before building the document", () => {
    const keys = Array.from(
      { length: policyDocumentLimits.maxKeys + 1 },
      (_, index) => `k${index}: 1`,
    );
    const document = `points:\n  participation:\n    byKind: {${keys.join(", ")}}\n`;
    expect(document.length).toBeLessThan(policyDocumentLimits.maxCharacters);
    expect(problemsOf(document)).toMatchObject([{ field: "", code: "too_large" }]);
  });

  it("reads a document of as many keys as allowed in one mapping, and reports it briefly", () => {
    // The yaml library's own duplicate check compares each key with every earlier one;
    // the document is read without it, so this finishes in linear time.
    const keys = Array.from(
      { length: policyDocumentLimits.maxKeys - 3 },
      (_, index) => `k${index}: 1`,
    );
    const document = `points:\n  participation:\n    byKind:\n      ${keys.join("\n      ")}\n`;
    const result = parsePolicy(document);
    if (Either.isRight(result)) throw new Error("expected a refusal");
    expect(result.left.problems).toHaveLength(20);
    expect(result.left.moreProblems).toBe(policyDocumentLimits.maxKeys - 3 - 20);
    expect(result.left.text.en).toContain(`${policyDocumentLimits.maxKeys - 3} problem(s)`);
    expect(JSON.stringify(result.left.problems).length).toBeLessThan(10_000);
  });
});

describe("parsePolicy: names in map keys", () => {
  it("refuses points for an activity kind that does not exist, suggesting the closest", () => {
    const problems = problemsOf("points:\n  participation:\n    byKind:\n      volunteerin: 3\n");
    expect(problems.map((problem) => problem.field)).toEqual([
      "points.participation.byKind.volunteerin",
    ]);
    expect(problems[0]?.message.en).toContain('"volunteering"');
    expect(problems[0]?.message["zh-CN"]).toContain("“volunteering”");
  });

  it("refuses points for a report category the policy does not have, suggesting the closest", () => {
    const problems = problemsOf({
      points: { reportVerified: { byCategory: { "saftey-hazard": 8 } } },
    });
    expect(problems.map((problem) => problem.field)).toEqual([
      "points.reportVerified.byCategory.saftey-hazard",
    ]);
    expect(problems[0]?.message.en).toContain('"safety-hazard"');
    expect(problems[0]?.message["zh-CN"]).toContain("“safety-hazard”");
  });

  it("checks report categories against the policy's own categories", () => {
    const own = {
      reports: {
        categories: [
          {
            id: "bridge-damage",
            name: { "zh-CN": "桥梁损坏", en: "Bridge damage" },
            handler: "roads",
            dueHours: 24,
          },
        ],
      },
    };
    expect(
      accepted({ ...own, points: { reportVerified: { byCategory: { "bridge-damage": 9 } } } })
        .points.reportVerified.byCategory,
    ).toEqual({ "bridge-damage": 9 });
    expect(
      problemsOf({ ...own, points: { reportVerified: { byCategory: { noise: 9 } } } }).map(
        (problem) => problem.field,
      ),
    ).toEqual(["points.reportVerified.byCategory.noise"]);
  });

  it("names the kinds there are when no name is close", () => {
    const problems = problemsOf({ points: { participation: { byKind: { gardening: 2 } } } });
    expect(problems[0]?.message.en).toContain("volunteering");
    expect(problems[0]?.message.en).toContain("merchant-event");
  });

  it("lists a wrong name beside the document's other problems", () => {
    const problems = problemsOf({
      points: { welcome: -1, reportVerified: { byCategory: { nosie: 1 } } },
      wishes: { valueCapFen: 0 },
    });
    expect(problems.map((problem) => problem.field).sort()).toEqual([
      "points.reportVerified.byCategory.nosie",
      "points.welcome",
      "wishes.valueCapFen",
    ]);
  });
});
