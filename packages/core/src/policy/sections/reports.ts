import { z } from "zod";
import { HandlerId } from "../../kernel/ids.js";
import { LocalizedText } from "../../kernel/localized-text.js";
import { bilingual } from "../../kernel/validation.js";
import { described } from "../described.js";

/**
 * A category id: lower-case letters, digits and `-`, starting with a letter. It is also
 * the Open311 `service_code` of the category.
 */
export const ReportCategoryId = z
  .string()
  .regex(
    /^[a-z][a-z0-9-]{0,39}$/,
    bilingual(
      "类别标识须为 1 至 40 位小写字母、数字或“-”，以字母开头",
      "a category id is 1 to 40 lower-case letters, digits or '-', starting with a letter",
    ),
  );
/** A category id. */
export type ReportCategoryId = z.infer<typeof ReportCategoryId>;

/**
 * The kinds of answer an attribute asks for, as Open311 GeoReport v2 names them:
 * `string` (one line), `number`, `datetime` (an ISO 8601 instant), `text` (may span
 * lines), `singlevaluelist` (one of `values`) and `multivaluelist` (some of `values`).
 */
export const ReportAttributeDatatype = z.enum([
  "string",
  "number",
  "datetime",
  "text",
  "singlevaluelist",
  "multivaluelist",
]);
/** The kind of answer an attribute asks for. */
export type ReportAttributeDatatype = z.infer<typeof ReportAttributeDatatype>;

/**
 * An attribute's code (the Open311 `code`, and the key of the answer a report keeps):
 * letters, digits, `_` and `-`, starting with a letter, at most 40.
 */
export const ReportAttributeCode = z
  .string()
  .regex(
    /^[A-Za-z][A-Za-z0-9_-]{0,39}$/,
    bilingual(
      "属性代码须为 1 至 40 位字母、数字、“_”或“-”，以字母开头",
      "an attribute code is 1 to 40 letters, digits, '_' or '-', starting with a letter",
    ),
  );

/** One choice of a list attribute: its key (what a report keeps) and its name. */
export const ReportAttributeValue = z.strictObject({
  key: z
    .string()
    .regex(
      /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/,
      bilingual(
        "选项键须为 1 至 40 位字母、数字、“_”或“-”",
        "an option key is 1 to 40 letters, digits, '_' or '-'",
      ),
    )
    .meta(
      described(
        "选项键（报告保存的值）：1 至 40 位字母、数字、“_”或“-”。",
        "The option key (what a report keeps): 1 to 40 letters, digits, '_' or '-'.",
      ),
    ),
  name: LocalizedText.meta(
    described("选项名称（中英文）。", "The option's name in both languages."),
  ),
});
/** One choice of a list attribute. */
export type ReportAttributeValue = z.infer<typeof ReportAttributeValue>;

const unique = <Item>(items: ReadonlyArray<Item>, key: (item: Item) => string): boolean =>
  new Set(items.map(key)).size === items.length;

const isListDatatype = (datatype: ReportAttributeDatatype): boolean =>
  datatype === "singlevaluelist" || datatype === "multivaluelist";

/**
 * A question a report of a category answers besides its description (an Open311 service
 * definition attribute): a river's name, the kind of hazard, how many bicycles block the
 * way. A list attribute (`singlevaluelist`, `multivaluelist`) has its `values`; the
 * others have none. `variable: false` is information shown to the reporter, asking
 * nothing. Attributes are listed in `order` (their position in the list by default).
 *
 * @example
 * { code: "hazard", datatype: "singlevaluelist", required: true,
 *   description: { "zh-CN": "隐患类型", en: "Kind of hazard" },
 *   values: [{ key: "charging", name: { "zh-CN": "楼道充电", en: "Charging in a stairwell" } },
 *            { key: "exit", name: { "zh-CN": "消防通道堵塞", en: "Blocked fire exit" } }] }
 */
export const ReportAttribute = z
  .strictObject({
    code: ReportAttributeCode.meta(
      described(
        "属性代码（Open311 code，报告答案的键）：1 至 40 位字母、数字、“_”或“-”，以字母开头，不能重复。",
        "The attribute code (the Open311 code and the key of the answer): 1 to 40 letters, digits, '_' or '-', starting with a letter; each once.",
      ),
    ),
    datatype: ReportAttributeDatatype.meta(
      described(
        "答案类型（Open311）：string、number、datetime、text、singlevaluelist、multivaluelist。",
        "The kind of answer (as Open311 names them): string, number, datetime, text, singlevaluelist, multivaluelist.",
      ),
    ),
    /** Whether a report must answer it. */
    required: z
      .boolean()
      .default(false)
      .meta(
        described(
          "报告是否必须回答；仅作说明的属性不能必填。",
          "Whether a report must answer it; an attribute that asks nothing cannot be required.",
        ),
      ),
    /** `false`: the attribute only informs the reporter and takes no answer. */
    variable: z
      .boolean()
      .default(true)
      .meta(
        described(
          "false：仅向报告人展示说明，不需回答。",
          "false: the attribute only informs the reporter and takes no answer.",
        ),
      ),
    /** The question, with what to look for. */
    description: LocalizedText.meta(
      described("问题本身，及要注意什么。", "The question, with what to look for."),
    ),
    /** How to write the answer (the Open311 `datatype_description`). */
    datatypeDescription: LocalizedText.optional().meta(
      described(
        "答案的填写说明（Open311 datatype_description）。",
        "How to write the answer (the Open311 datatype_description).",
      ),
    ),
    /** The position in which it is asked, from 1; absent: its position in the list. */
    order: z
      .number()
      .int()
      .min(1)
      .max(1_000)
      .optional()
      .meta(
        described(
          "提问顺序，从 1 起，不能重复；不填则按列表位置。",
          "The position in which it is asked, from 1, each once; absent: its position in the list.",
        ),
      ),
    /** The choices of a list attribute, each key once. */
    values: z
      .array(ReportAttributeValue)
      .min(1)
      .max(100)
      .optional()
      .meta(
        described(
          "列表类属性的选项（1 至 100 个，键不能重复）；其他属性不能有。",
          "The choices of a list attribute (1 to 100, each key once); other attributes have none.",
        ),
      ),
  })
  .refine((attribute) => isListDatatype(attribute.datatype) === (attribute.values !== undefined), {
    ...bilingual(
      "列表类属性须列出选项，其他属性不能有选项",
      "a list attribute lists its values, and other attributes have none",
    ),
    path: ["values"],
  })
  .refine(
    (attribute) =>
      attribute.values === undefined ||
      new Set(attribute.values.map((value) => value.key)).size === attribute.values.length,
    { ...bilingual("选项键不能重复", "option keys must not repeat"), path: ["values"] },
  )
  .refine((attribute) => attribute.variable || !attribute.required, {
    ...bilingual("仅作说明的属性不能为必填", "an attribute that asks nothing cannot be required"),
    path: ["required"],
  });
/** A question a report of a category answers besides its description. */
export type ReportAttribute = z.infer<typeof ReportAttribute>;

/**
 * A category of sentinel reports (民情前哨) and who handles it.
 *
 * @example
 * { id: "noise", name: { "zh-CN": "噪音扰民", en: "Noise nuisance" },
 *   handler: "urban-management", dueHours: 48, group: { "zh-CN": "市容秩序", en: "Public order" } }
 */
export const ReportCategory = z.strictObject({
  id: ReportCategoryId.meta(
    described(
      "类别标识，也是 Open311 的 service_code：1 至 40 位小写字母、数字或“-”，以字母开头。",
      "The category id, also its Open311 service_code: 1 to 40 lower-case letters, digits or '-', starting with a letter.",
    ),
  ),
  name: LocalizedText.meta(
    described("类别名称（中英文）。", "The category's name in both languages."),
  ),
  /** The handler (处置人) a report of this category is routed to when accepted. */
  handler: HandlerId.meta(
    described(
      "受理后此类报告转交的处置人标识。",
      "The handler (处置人) a report of this category is routed to when accepted.",
    ),
  ),
  /** Hours from acceptance (or reopening) until the report is due to be resolved. */
  dueHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 365)
    .meta(
      described(
        "自受理（或重新打开）起至应办结的小时数。",
        "Hours from acceptance (or reopening) until the report is due to be resolved.",
      ),
    ),
  /** What the category covers; the Open311 service `description`. Absent: its name. */
  description: LocalizedText.optional().meta(
    described(
      "类别涵盖的内容（Open311 description）；不填则用名称。",
      "What the category covers (the Open311 description); absent: its name.",
    ),
  ),
  /** Words to find the category by; the Open311 service `keywords`. */
  keywords: z
    .array(z.string().min(1).max(40))
    .max(20)
    .optional()
    .meta(
      described(
        "查找此类别的关键词（Open311 keywords），最多 20 个。",
        "Words to find the category by (the Open311 keywords), at most 20.",
      ),
    ),
  /** The group the category is listed under; the Open311 service `group`. Absent: its name. */
  group: LocalizedText.optional().meta(
    described(
      "类别所属分组（Open311 group）；不填则用名称。",
      "The group the category is listed under (the Open311 group); absent: its name.",
    ),
  ),
  /**
   * What a report of this category answers besides its description (the Open311 service
   * definition); each code once, each explicit `order` once.
   */
  attributes: z
    .array(ReportAttribute)
    .max(30)
    .refine(
      (attributes) => unique(attributes, (attribute) => attribute.code),
      bilingual("属性代码不能重复", "attribute codes must not repeat"),
    )
    .refine(
      (attributes) => {
        const orders = attributes.flatMap((attribute) =>
          attribute.order === undefined ? [] : [attribute.order],
        );
        return new Set(orders).size === orders.length;
      },
      bilingual("属性顺序不能重复", "attribute orders must not repeat"),
    )
    .optional()
    .meta(
      described(
        "此类报告除描述外须回答的问题（Open311 服务定义），最多 30 个。",
        "What a report of this category answers besides its description (the Open311 service definition), at most 30.",
      ),
    ),
});
/** A category of sentinel reports. */
export type ReportCategory = z.infer<typeof ReportCategory>;

/** A handler (处置人) of sentinel reports: a department or grid worker, with its name. */
export const ReportHandler = z.strictObject({
  id: HandlerId.meta(
    described("处置人标识（部门或网格员）。", "The handler's id (a department or grid worker)."),
  ),
  /** The name shown to the public and in Open311 `agency_responsible`. */
  name: LocalizedText.meta(
    described(
      "向公众及在 Open311 agency_responsible 中显示的名称。",
      "The name shown to the public and as the Open311 agency_responsible.",
    ),
  ),
});
/** A handler of sentinel reports. */
export type ReportHandler = z.infer<typeof ReportHandler>;

const streets = { "zh-CN": "市容与道路", en: "Streets and city appearance" };
const safety = { "zh-CN": "安全", en: "Safety" };
const water = { "zh-CN": "水环境", en: "Water" };

/** The Jinshan programme's report categories. */
export const defaultReportCategories: ReadonlyArray<ReportCategory> = [
  {
    id: "river-patrol",
    name: { "zh-CN": "护河巡河", en: "River and waterway patrol" },
    handler: "water-affairs" as HandlerId,
    dueHours: 72,
    description: {
      "zh-CN": "河道垃圾、漂浮物、排污口异常、护栏破损等河湖问题",
      en: "Litter or debris in rivers, unusual outfalls, broken railings and other waterway problems",
    },
    keywords: ["河道", "river", "水", "water"],
    group: water,
  },
  {
    id: "noise",
    name: { "zh-CN": "噪音扰民", en: "Noise nuisance" },
    handler: "urban-management" as HandlerId,
    dueHours: 48,
    keywords: ["噪音", "noise"],
    group: streets,
  },
  {
    id: "environment",
    name: { "zh-CN": "环境整治", en: "Environment and sanitation" },
    handler: "greening-and-sanitation" as HandlerId,
    dueHours: 72,
    keywords: ["垃圾", "卫生", "litter", "sanitation"],
    group: streets,
  },
  {
    id: "road-damage",
    name: { "zh-CN": "道路设施损坏", en: "Road and facility damage" },
    handler: "urban-management" as HandlerId,
    dueHours: 120,
    keywords: ["道路", "井盖", "路灯", "pothole", "streetlight"],
    group: streets,
  },
  {
    id: "safety-hazard",
    name: { "zh-CN": "安全隐患", en: "Safety hazard" },
    handler: "grid-centre" as HandlerId,
    dueHours: 24,
    keywords: ["隐患", "hazard", "电瓶车", "fire"],
    group: safety,
  },
  {
    id: "obstruction",
    name: { "zh-CN": "占道与违停", en: "Obstruction and illegal parking" },
    handler: "traffic-police" as HandlerId,
    dueHours: 48,
    keywords: ["违停", "占道", "parking"],
    group: streets,
  },
  {
    id: "other",
    name: { "zh-CN": "其他", en: "Other" },
    handler: "grid-centre" as HandlerId,
    dueHours: 120,
  },
];

/** The Jinshan programme's handlers (处置人) of sentinel reports. */
export const defaultReportHandlers: ReadonlyArray<ReportHandler> = [
  {
    id: "water-affairs" as HandlerId,
    name: { "zh-CN": "河长办（水务）", en: "River chief office (water affairs)" },
  },
  {
    id: "urban-management" as HandlerId,
    name: { "zh-CN": "城管中队", en: "Urban management team" },
  },
  {
    id: "greening-and-sanitation" as HandlerId,
    name: { "zh-CN": "绿化市容所", en: "Greening and city appearance office" },
  },
  {
    id: "grid-centre" as HandlerId,
    name: { "zh-CN": "城运中心（网格化管理）", en: "Urban operations (grid management) centre" },
  },
  {
    id: "traffic-police" as HandlerId,
    name: { "zh-CN": "交警中队", en: "Traffic police team" },
  },
];

/** Rules of sentinel reports (民情前哨). Every field has the Jinshan programme's default. */
export const ReportPolicy = z.strictObject({
  /** The categories a courier can report under, each routed to a handler. */
  categories: z
    .array(ReportCategory)
    .min(1)
    .max(100)
    .default(() => defaultReportCategories.map((category) => ({ ...category })))
    .refine(
      (categories) => unique(categories, (category) => category.id),
      bilingual("类别标识不能重复", "category ids must not repeat"),
    )
    .meta(
      described(
        "小哥可报告的类别，每类转交一个处置人；1 至 100 个，标识不能重复。",
        "The categories a courier can report under, each routed to a handler; 1 to 100, ids not repeated.",
      ),
    ),
  /**
   * The handlers and their names. A category's handler need not be listed: its id is
   * then shown as its name.
   */
  handlers: z
    .array(ReportHandler)
    .max(100)
    .default(() => defaultReportHandlers.map((handler) => ({ ...handler })))
    .refine(
      (handlers) => unique(handlers, (handler) => handler.id),
      bilingual("处置人标识不能重复", "handler ids must not repeat"),
    )
    .meta(
      described(
        "处置人及其名称，最多 100 个；类别的处置人可不在此列出，此时以标识作名称。",
        "The handlers and their names, at most 100; a category's handler need not be listed (its id is then its name).",
      ),
    ),
  /** Reports of the same category within this distance and time window are hinted as duplicates. */
  duplicateRadiusMetres: z
    .number()
    .int()
    .min(1)
    .max(10_000)
    .default(100)
    .meta(
      described(
        "同类别报告在此距离（米）及时间窗口内提示为可能重复。",
        "Reports of the same category within this distance (metres) and time window are hinted as duplicates.",
      ),
    ),
  /** The time window of the duplicate hint, in hours either side of a report's observation. */
  duplicateWindowHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(48)
    .meta(
      described(
        "重复提示的时间窗口：报告观察时间前后各多少小时。",
        "The time window of the duplicate hint, in hours either side of a report's observation.",
      ),
    ),
  /** The share (percent) of the points a corroborator of a duplicate report earns. */
  corroboratorSharePercent: z
    .number()
    .int()
    .min(0)
    .max(100)
    .default(50)
    .meta(
      described(
        "重复报告的佐证人可得积分的百分比。",
        "The share (percent) of the points a corroborator of a duplicate report earns.",
      ),
    ),
  /** The most photos a report may carry (a WeChat-style grid of nine by default). */
  maxPhotos: z
    .number()
    .int()
    .min(0)
    .max(30)
    .default(9)
    .meta(
      described(
        "一条报告最多可带的照片数（默认九宫格 9 张）。",
        "The most photos a report may carry (a grid of nine by default).",
      ),
    ),
  /** The longest description, in characters. */
  maxDescriptionLength: z
    .number()
    .int()
    .min(20)
    .max(10_000)
    .default(2_000)
    .meta(described("报告描述的最大字数。", "The longest description, in characters.")),
  /** How long ago a problem may have been observed to be reported, in hours (a week by default). */
  maxObservationAgeHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 365)
    .default(24 * 7)
    .meta(
      described(
        "问题被观察到后多少小时内仍可报告（默认一周）。",
        "How long ago a problem may have been observed to be reported, in hours (a week by default).",
      ),
    ),
  /**
   * Days the reporter has to say whether a resolved report is really fixed. After
   * them, the `system` (or staff) may close it without the reporter's answer.
   */
  resolutionConfirmationDays: z
    .number()
    .int()
    .min(1)
    .max(90)
    .default(7)
    .meta(
      described(
        "报告人确认已办结问题是否真正解决的天数；逾期后系统或工作人员可直接关闭。",
        "Days the reporter has to say whether a resolved report is really fixed; after them the system (or staff) may close it without their answer.",
      ),
    ),
  /**
   * Whether a report is shown to the public (and over Open311) as soon as it is
   * submitted. The Jinshan default is no: staff look at it first, and only accepted
   * reports are public, so nothing unchecked is published.
   */
  publicBeforeAcceptance: z
    .boolean()
    .default(false)
    .meta(
      described(
        "报告提交后是否立即向公众（及 Open311）公开；金山默认否：工作人员先查看，只公开已受理的报告。",
        "Whether a report is public (and over Open311) as soon as it is submitted; Jinshan: no, staff look first and only accepted reports are public.",
      ),
    ),
});
/** Rules of sentinel reports. */
export type ReportPolicy = z.infer<typeof ReportPolicy>;
