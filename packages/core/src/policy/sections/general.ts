import { z } from "zod";
import { Language, LocalizedText } from "../../kernel/localized-text.js";
import { TimeZone } from "../../kernel/time.js";
import { bilingual } from "../../kernel/validation.js";
import { described } from "../described.js";

/** The community's own settings: names, time zone, languages and the consent text version. */
export const GeneralPolicy = z
  .strictObject({
    /** The name of the programme as the community shows it. */
    programmeName: LocalizedText.default({ "zh-CN": "小哥e站", en: "Courier Station" }).meta(
      described("社区展示的项目名称。", "The name of the programme as the community shows it."),
    ),
    /** The time zone of the community: days, weeks and months (caps, peak hours) are counted in it. */
    timeZone: TimeZone.default("Asia/Shanghai").meta(
      described(
        "社区所在时区（IANA 名称）：日、周、月（积分上限、高峰时段）都按此时区计算。",
        "The community's time zone (an IANA name): days, weeks and months (caps, peak hours) are counted in it.",
      ),
    ),
    /** The languages the community uses; the first is the default. Both zh-CN and en are always available. */
    languages: z
      .array(Language)
      .min(1)
      .default(["zh-CN", "en"])
      .meta(
        described(
          "社区使用的语言，第一种为默认语言；中文和英文始终可用；不能重复。",
          "The languages the community uses, the first being the default; zh-CN and en are always available; no repeats.",
        ),
      ),
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
      .default("2026-01")
      .meta(
        described(
          "小哥须同意的个人信息处理告知的版本；须先同意此版本，工作人员才能核验。",
          "The version of the data-processing notice couriers consent to; a courier must have consented to it before staff can verify them.",
        ),
      ),
  })
  .refine((general) => new Set(general.languages).size === general.languages.length, {
    ...bilingual("语言列表不能重复", "languages must not repeat"),
    path: ["languages"],
  });
/** The community's own settings. */
export type GeneralPolicy = z.infer<typeof GeneralPolicy>;
