import { Either } from "effect";
import { describe, expect, it } from "vitest";
import type { InputIssue } from "../kernel/validation.js";
import { type InvalidPolicy, parsePolicy } from "./parse.js";
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

  it("refuses YAML with a key given twice", () => {
    expect(problemsOf("points:\n  welcome: 1\n  welcome: 2\n")[0]?.code).toBe("syntax");
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
