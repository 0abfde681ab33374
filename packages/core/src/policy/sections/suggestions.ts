import { z } from "zod";
import { LocalizedText } from "../../kernel/localized-text.js";
import { bilingual } from "../../kernel/validation.js";
import { described } from "../described.js";

/** A topic of suggestions (小哥有话说). */
export const SuggestionTopic = z.strictObject({
  id: z
    .string()
    .regex(
      /^[a-z][a-z0-9-]{0,39}$/,
      bilingual(
        "主题标识须为 1 至 40 位小写字母、数字或“-”，以字母开头",
        "a topic id is 1 to 40 lower-case letters, digits or '-', starting with a letter",
      ),
    )
    .meta(
      described(
        "主题标识：1 至 40 位小写字母、数字或“-”，以字母开头。",
        "The topic id: 1 to 40 lower-case letters, digits or '-', starting with a letter.",
      ),
    ),
  name: LocalizedText.meta(
    described("主题名称（中英文）。", "The topic's name in both languages."),
  ),
});
/** A topic of suggestions. */
export type SuggestionTopic = z.infer<typeof SuggestionTopic>;

/** The Jinshan programme's suggestion topics. */
export const defaultSuggestionTopics: ReadonlyArray<SuggestionTopic> = [
  { id: "station-services", name: { "zh-CN": "驿站服务", en: "Station services" } },
  { id: "safety-and-rights", name: { "zh-CN": "安全与权益", en: "Safety and rights" } },
  { id: "community-governance", name: { "zh-CN": "社区治理", en: "Community governance" } },
  { id: "platform-and-work", name: { "zh-CN": "平台与工作", en: "Platform and work" } },
  { id: "other", name: { "zh-CN": "其他", en: "Other" } },
];

/** Rules of suggestions (小哥有话说). Every field has the Jinshan programme's default. */
export const SuggestionPolicy = z.strictObject({
  /** The topics a courier can suggest under. */
  topics: z
    .array(SuggestionTopic)
    .min(1)
    .max(100)
    .default(() => defaultSuggestionTopics.map((topic) => ({ ...topic })))
    .refine(
      (topics) => new Set(topics.map((topic) => topic.id)).size === topics.length,
      bilingual("主题标识不能重复", "topic ids must not repeat"),
    )
    .meta(
      described(
        "小哥提建议时可选的主题，1 至 100 个，标识不能重复。",
        "The topics a courier can suggest under, 1 to 100, ids not repeated.",
      ),
    ),
  /** The longest suggestion, in characters. */
  maxTextLength: z
    .number()
    .int()
    .min(20)
    .max(10_000)
    .default(2_000)
    .meta(described("一条建议的最大字数。", "The longest suggestion, in characters.")),
  /** The longest answer, plan, reason or progress note staff write, in characters. */
  maxResponseLength: z
    .number()
    .int()
    .min(20)
    .max(10_000)
    .default(2_000)
    .meta(
      described(
        "工作人员答复、方案、理由或进展说明的最大字数。",
        "The longest answer, plan, reason or progress note staff write, in characters.",
      ),
    ),
  /**
   * Days within which staff aim to respond first (acknowledge, answer, adopt or
   * decline); a suggestion without a response after them is overdue.
   */
  firstResponseDays: z
    .number()
    .int()
    .min(1)
    .max(90)
    .default(7)
    .meta(
      described(
        "工作人员首次回应（受理、答复、采纳或不采纳）的目标天数，超过即为逾期。",
        "Days within which staff aim to respond first (acknowledge, answer, adopt or decline); after them a suggestion is overdue.",
      ),
    ),
});
/** Rules of suggestions. */
export type SuggestionPolicy = z.infer<typeof SuggestionPolicy>;
