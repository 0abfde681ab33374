import { z } from "zod";
import { Language, LocalizedText } from "../../kernel/localized-text.js";
import { TimeZone } from "../../kernel/time.js";
import { bilingual } from "../../kernel/validation.js";

/** The community's own settings: names, time zone, languages and the consent text version. */
export const GeneralPolicy = z
  .strictObject({
    /** The name of the programme as the community shows it. */
    programmeName: LocalizedText.default({ "zh-CN": "小哥e站", en: "Courier Station" }),
    /** The time zone of the community: days, weeks and months (caps, peak hours) are counted in it. */
    timeZone: TimeZone.default("Asia/Shanghai"),
    /** The languages the community uses; the first is the default. Both zh-CN and en are always available. */
    languages: z.array(Language).min(1).default(["zh-CN", "en"]),
    /**
     * The version of the data-processing notice couriers consent to. A courier must
     * have consented to this version before staff can verify them.
     */
    consentPolicyVersion: z
      .string()
      .regex(
        /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/,
        bilingual(
          "告知版本须为 1 至 32 位字母、数字、“.”“_”或“-”",
          "a notice version is 1 to 32 letters, digits, '.', '_' or '-'",
        ),
      )
      .default("2026-01"),
  })
  .refine((general) => new Set(general.languages).size === general.languages.length, {
    ...bilingual("语言列表不能重复", "languages must not repeat"),
    path: ["languages"],
  });
/** The community's own settings. */
export type GeneralPolicy = z.infer<typeof GeneralPolicy>;
