import { z } from "zod";

/**
 * The languages every user-facing message of Courier Station comes in.
 * Simplified Chinese is the programme's own language; English is for adopters elsewhere.
 */
export const Language = z.enum(["zh-CN", "en"]);
/** A language code of {@link Language}. */
export type Language = z.infer<typeof Language>;

/** A message in every supported language. */
export const LocalizedText = z.strictObject({
  "zh-CN": z.string(),
  en: z.string(),
});
/** A message in every supported language. */
export type LocalizedText = z.infer<typeof LocalizedText>;

/**
 * Builds a {@link LocalizedText}.
 *
 * @example
 * localized("小哥未激活", "The courier is not active");
 */
export const localized = (zhCN: string, en: string): LocalizedText => ({ "zh-CN": zhCN, en });
