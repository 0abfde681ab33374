import { z } from "zod";
import { HandlerId } from "../../kernel/ids.js";
import { LocalizedText } from "../../kernel/localized-text.js";

/** A category of sentinel reports (民情前哨) and who handles it. */
export const ReportCategory = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9-]{0,39}$/),
  name: LocalizedText,
  /** The handler (处置人) a report of this category is routed to when accepted. */
  handler: HandlerId,
  /** Hours from acceptance until the report is due to be resolved. */
  dueHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 365),
});
/** A category of sentinel reports. */
export type ReportCategory = z.infer<typeof ReportCategory>;

/** The Jinshan programme's report categories. */
export const defaultReportCategories: ReadonlyArray<ReportCategory> = [
  {
    id: "river-patrol",
    name: { "zh-CN": "护河巡河", en: "River and waterway patrol" },
    handler: "water-affairs" as HandlerId,
    dueHours: 72,
  },
  {
    id: "noise",
    name: { "zh-CN": "噪音扰民", en: "Noise nuisance" },
    handler: "urban-management" as HandlerId,
    dueHours: 48,
  },
  {
    id: "environment",
    name: { "zh-CN": "环境整治", en: "Environment and sanitation" },
    handler: "greening-and-sanitation" as HandlerId,
    dueHours: 72,
  },
  {
    id: "road-damage",
    name: { "zh-CN": "道路设施损坏", en: "Road and facility damage" },
    handler: "urban-management" as HandlerId,
    dueHours: 120,
  },
  {
    id: "safety-hazard",
    name: { "zh-CN": "安全隐患", en: "Safety hazard" },
    handler: "grid-centre" as HandlerId,
    dueHours: 24,
  },
  {
    id: "obstruction",
    name: { "zh-CN": "占道与违停", en: "Obstruction and illegal parking" },
    handler: "traffic-police" as HandlerId,
    dueHours: 48,
  },
  {
    id: "other",
    name: { "zh-CN": "其他", en: "Other" },
    handler: "grid-centre" as HandlerId,
    dueHours: 120,
  },
];

/** Rules of sentinel reports. */
export const ReportPolicy = z.strictObject({
  categories: z
    .array(ReportCategory)
    .min(1)
    .default(() => defaultReportCategories.map((category) => ({ ...category }))),
  /** Reports of the same category within this distance and time window are hinted as duplicates. */
  duplicateRadiusMetres: z.number().int().min(1).max(10_000).default(100),
  duplicateWindowHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(48),
  /** The share (percent) of the points a corroborator of a duplicate report earns. */
  corroboratorSharePercent: z.number().int().min(0).max(100).default(50),
});
/** Rules of sentinel reports. */
export type ReportPolicy = z.infer<typeof ReportPolicy>;
