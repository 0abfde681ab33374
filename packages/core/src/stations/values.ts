import { z } from "zod";
import { type LocalizedText, localized } from "../kernel/localized-text.js";
import { displayText, freeText } from "../kernel/text.js";
import { bilingual } from "../kernel/validation.js";

/**
 * A name in both languages, neither empty: the programme's own language and English
 * for adopters elsewhere.
 */
export const BilingualName = z.strictObject({
  "zh-CN": displayText({ subject: { zhCN: "中文名称", en: "the Chinese name" }, max: 80 }),
  en: displayText({ subject: { zhCN: "英文名称", en: "the English name" }, max: 120 }),
});
/** A name in both languages. */
export type BilingualName = z.infer<typeof BilingualName>;

/** A postal address in both languages (as on the station's sign and on maps). */
export const StationAddress = z.strictObject({
  "zh-CN": displayText({ subject: { zhCN: "中文地址", en: "the Chinese address" }, max: 200 }),
  en: displayText({ subject: { zhCN: "英文地址", en: "the English address" }, max: 300 }),
});
/** A postal address in both languages. */
export type StationAddress = z.infer<typeof StationAddress>;

/** The amenities a station may offer couriers. */
export const Amenity = z.enum([
  "charging",
  "drinking-water",
  "microwave",
  "rest-seats",
  "toilets",
  "first-aid",
]);
/** An amenity of a station. */
export type Amenity = z.infer<typeof Amenity>;

/** The names of the amenities in each language. */
export const amenityNames: Readonly<Record<Amenity, LocalizedText>> = {
  charging: localized("充电", "Charging"),
  "drinking-water": localized("饮水", "Drinking water"),
  microwave: localized("微波炉热饭", "Microwave"),
  "rest-seats": localized("休息座椅", "Rest seats"),
  toilets: localized("卫生间", "Toilets"),
  "first-aid": localized("应急药箱", "First aid"),
};

const unique = <Item>(items: ReadonlyArray<Item>) => new Set(items).size === items.length;

/**
 * What a station offers: the standard amenities, and others in free form (雨具借用,
 * 打气筒, …), each at most 40 characters.
 */
export const Amenities = z.strictObject({
  standard: z
    .array(Amenity)
    .max(Amenity.options.length)
    .refine(unique, bilingual("设施不能重复", "amenities must not repeat"))
    .default([]),
  others: z
    .array(displayText({ subject: { zhCN: "设施名称", en: "an amenity" }, max: 40 }))
    .max(20)
    .refine(unique, bilingual("其他设施不能重复", "other amenities must not repeat"))
    .default([]),
});
/** What a station offers. */
export type Amenities = z.infer<typeof Amenities>;

/** A station's public contact number (a landline or the duty phone; not personal data). */
export const StationPhone = z
  .string()
  .trim()
  .regex(
    /^\+?[0-9][0-9 -]{4,22}[0-9]$/,
    bilingual(
      "联系电话须为 6 至 24 位数字，可含空格、“-”或开头的“+”",
      "a contact number is 6 to 24 digits, with spaces, '-' or a leading '+'",
    ),
  );
/** A station's public contact number. */
export type StationPhone = z.infer<typeof StationPhone>;

/** Why a station closes or retires, as shown on its notice. */
export const StationNotice = freeText({ subject: { zhCN: "原因", en: "the reason" }, max: 500 });
/** Why a station closes or retires. */
export type StationNotice = z.infer<typeof StationNotice>;

/**
 * The version of the community policy a community adopted (`2026-01`, `v3`): the
 * document itself lives with the deployment's configuration.
 */
export const PolicyVersion = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/,
    bilingual(
      "政策版本须为 1 至 32 位字母、数字、“.”“_”或“-”",
      "a policy version is 1 to 32 letters, digits, '.', '_' or '-'",
    ),
  );
/** The version of the community policy a community adopted. */
export type PolicyVersion = z.infer<typeof PolicyVersion>;
