import { Either } from "effect";
import { describe, expect, it } from "vitest";
import { parsePolicy } from "../parse.js";
import { jinshanPolicy } from "../schema.js";
import { defaultReportCategories, defaultReportHandlers } from "./reports.js";

describe("the reports section of the policy", () => {
  it("defaults to the Jinshan programme's categories, handlers and rules", () => {
    const reports = jinshanPolicy().reports;
    expect(reports.categories.map((category) => category.id)).toEqual([
      "river-patrol",
      "noise",
      "environment",
      "road-damage",
      "safety-hazard",
      "obstruction",
      "other",
    ]);
    expect(reports.categories.find((category) => category.id === "river-patrol")?.name).toEqual({
      "zh-CN": "护河巡河",
      en: "River and waterway patrol",
    });
    // Every default category's handler is a named default handler.
    const handlerIds = new Set(defaultReportHandlers.map((handler) => handler.id));
    for (const category of defaultReportCategories) {
      expect(handlerIds.has(category.handler)).toBe(true);
    }
    expect(reports).toMatchObject({
      duplicateRadiusMetres: 100,
      duplicateWindowHours: 48,
      corroboratorSharePercent: 50,
      maxPhotos: 9,
      maxDescriptionLength: 2_000,
      maxObservationAgeHours: 168,
      resolutionConfirmationDays: 7,
      publicBeforeAcceptance: false,
    });
  });

  it("accepts a community's own categories and settings", () => {
    const result = parsePolicy(`
reports:
  categories:
    - id: graffiti
      name: { zh-CN: 乱涂乱画, en: Graffiti }
      handler: city-cleaning
      dueHours: 96
      keywords: [涂鸦, graffiti]
  handlers:
    - id: city-cleaning
      name: { zh-CN: 市容保洁, en: City cleaning }
  maxPhotos: 3
  publicBeforeAcceptance: true
`);
    expect(Either.isRight(result)).toBe(true);
    if (Either.isLeft(result)) return;
    expect(result.right.reports.categories).toHaveLength(1);
    expect(result.right.reports.maxPhotos).toBe(3);
    expect(result.right.reports.publicBeforeAcceptance).toBe(true);
  });

  it("refuses repeated category or handler ids and out-of-range settings, listing each", () => {
    const category = {
      id: "noise",
      name: { "zh-CN": "噪音", en: "Noise" },
      handler: "urban-management",
      dueHours: 48,
    };
    const result = parsePolicy({
      reports: {
        categories: [category, category],
        handlers: [
          { id: "a", name: { "zh-CN": "甲", en: "A" } },
          { id: "a", name: { "zh-CN": "甲", en: "A" } },
        ],
        maxPhotos: 31,
        resolutionConfirmationDays: 0,
        publicBeforeAcceptance: "yes",
      },
    });
    expect(Either.isLeft(result)).toBe(true);
    if (Either.isRight(result)) return;
    const fields = result.left.problems.map((problem) => problem.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        "reports.categories",
        "reports.handlers",
        "reports.maxPhotos",
        "reports.resolutionConfirmationDays",
        "reports.publicBeforeAcceptance",
      ]),
    );
    const repeated = result.left.problems.find((problem) => problem.field === "reports.categories");
    expect(repeated?.message.en).toBe("category ids must not repeat");
    expect(repeated?.message["zh-CN"]).toBe("类别标识不能重复");
  });

  it("refuses a category id that could not be an Open311 service code", () => {
    const result = parsePolicy({
      reports: {
        categories: [
          {
            id: "Noise Nuisance",
            name: { "zh-CN": "噪音", en: "Noise" },
            handler: "x",
            dueHours: 1,
          },
        ],
      },
    });
    expect(Either.isLeft(result)).toBe(true);
    if (Either.isRight(result)) return;
    expect(result.left.problems[0]?.field).toBe("reports.categories.0.id");
  });

  it("lets a category ask attributes, as an Open311 service definition", () => {
    const result = parsePolicy(`
reports:
  categories:
    - id: safety-hazard
      name: { zh-CN: 安全隐患, en: Safety hazard }
      handler: grid-centre
      dueHours: 24
      attributes:
        - code: hazard
          datatype: singlevaluelist
          required: true
          description: { zh-CN: 隐患类型, en: Kind of hazard }
          values:
            - { key: charging, name: { zh-CN: 楼道充电, en: Charging in a stairwell } }
            - { key: exit, name: { zh-CN: 消防通道堵塞, en: Blocked fire exit } }
        - code: floor
          datatype: number
          description: { zh-CN: 楼层, en: Floor }
          datatypeDescription: { zh-CN: 阿拉伯数字, en: A whole number }
`);
    if (Either.isLeft(result)) throw new Error(result.left.text.en);
    const [hazard, floor] = result.right.reports.categories[0]?.attributes ?? [];
    expect(hazard).toMatchObject({ code: "hazard", required: true, variable: true });
    expect(floor).toMatchObject({ code: "floor", datatype: "number", required: false });
  });

  it("refuses attributes that could not be asked, every problem at once", () => {
    const attribute = (changes: Record<string, unknown>) => ({
      code: "a",
      datatype: "string",
      description: { "zh-CN": "问", en: "Ask" },
      ...changes,
    });
    const result = parsePolicy({
      reports: {
        categories: [
          {
            id: "noise",
            name: { "zh-CN": "噪音", en: "Noise" },
            handler: "urban-management",
            dueHours: 48,
            attributes: [
              attribute({ code: "kind", datatype: "singlevaluelist" }),
              attribute({ code: "when", values: [{ key: "x", name: { "zh-CN": "x", en: "x" } }] }),
              attribute({
                code: "level",
                datatype: "multivaluelist",
                values: [
                  { key: "loud", name: { "zh-CN": "大", en: "Loud" } },
                  { key: "loud", name: { "zh-CN": "很大", en: "Very loud" } },
                ],
              }),
              attribute({ code: "note", variable: false, required: true }),
              attribute({ code: "bad code!" }),
            ],
          },
        ],
      },
    });
    if (Either.isRight(result)) throw new Error("expected a refusal");
    expect(result.left.problems.map((problem) => problem.field)).toEqual(
      expect.arrayContaining([
        "reports.categories.0.attributes.0.values",
        "reports.categories.0.attributes.1.values",
        "reports.categories.0.attributes.2.values",
        "reports.categories.0.attributes.3.required",
        "reports.categories.0.attributes.4.code",
      ]),
    );
    const repeated = parsePolicy({
      reports: {
        categories: [
          {
            id: "noise",
            name: { "zh-CN": "噪音", en: "Noise" },
            handler: "urban-management",
            dueHours: 48,
            attributes: [attribute({ order: 1 }), attribute({ order: 1 })],
          },
        ],
      },
    });
    if (Either.isRight(repeated)) throw new Error("expected a refusal");
    expect(repeated.left.problems.map((problem) => problem.message.en)).toEqual([
      "attribute codes must not repeat",
      "attribute orders must not repeat",
    ]);
  });
});
