import { z } from "zod";
import { LocalizedText } from "../../kernel/localized-text.js";

/** A topic of suggestions (小哥有话说). */
export const SuggestionTopic = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9-]{0,39}$/),
  name: LocalizedText,
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

/** Rules of suggestions. */
export const SuggestionPolicy = z.strictObject({
  topics: z
    .array(SuggestionTopic)
    .min(1)
    .default(() => defaultSuggestionTopics.map((topic) => ({ ...topic }))),
});
/** Rules of suggestions. */
export type SuggestionPolicy = z.infer<typeof SuggestionPolicy>;
