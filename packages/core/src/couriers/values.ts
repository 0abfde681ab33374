import { z } from "zod";
import { GeoPoint } from "../kernel/geo.js";
import { type LocalizedText, localized } from "../kernel/localized-text.js";
import { displayText, freeText, nameText } from "../kernel/text.js";
import { Instant } from "../kernel/time.js";
import { bilingual } from "../kernel/validation.js";
import { MobileNumber } from "./mobile-number.js";

/** The delivery platforms a courier works for. */
export const Platform = z.enum(["meituan", "eleme", "dingdong", "sf", "jd", "other"]);
/** A delivery platform. */
export type Platform = z.infer<typeof Platform>;

/** The names of the platforms in each language, for views and forms. */
export const platformNames: Readonly<Record<Platform, LocalizedText>> = {
  meituan: localized("美团", "Meituan"),
  eleme: localized("饿了么", "Ele.me"),
  dingdong: localized("叮咚买菜", "Dingdong"),
  sf: localized("顺丰", "SF Express"),
  jd: localized("京东", "JD"),
  other: localized("其他平台", "Other"),
};

/** One or more platforms, each once. */
export const Platforms = z
  .array(Platform)
  .min(1, bilingual("至少选择一个平台", "choose at least one platform"))
  .max(6)
  .refine(
    (platforms) => new Set(platforms).size === platforms.length,
    bilingual("平台不能重复", "platforms must not repeat"),
  );
/** One or more platforms. */
export type Platforms = z.infer<typeof Platforms>;

/**
 * How a courier works: `full-time` (专送, a platform's dedicated rider with a station
 * and shifts) or `crowd-sourced` (众包, taking orders freely).
 */
export const Employment = z.enum(["full-time", "crowd-sourced"]);
/** How a courier works. */
export type Employment = z.infer<typeof Employment>;

/** The names of the kinds of employment in each language. */
export const employmentNames: Readonly<Record<Employment, LocalizedText>> = {
  "full-time": localized("专送", "Full-time"),
  "crowd-sourced": localized("众包", "Crowd-sourced"),
};

/** The name a courier goes by in the programme; public (shown to sponsors and on boards). */
export const Nickname = nameText({ subject: { zhCN: "昵称", en: "the nickname" }, max: 30 });
/** A courier's nickname. */
export type Nickname = z.infer<typeof Nickname>;

/** A courier's real name; personal data. */
export const RealName = nameText({ subject: { zhCN: "真实姓名", en: "the real name" }, max: 40 });
/** A courier's real name. */
export type RealName = z.infer<typeof RealName>;

/** Why staff or a courier took a step (reject, suspend, reinstate, leave). */
export const CourierReason = freeText({ subject: { zhCN: "原因", en: "the reason" }, max: 500 });
/** Why a step was taken. */
export type CourierReason = z.infer<typeof CourierReason>;

/** Where a courier usually works: a description (商圈, streets) and, optionally, a point. */
export const WorkArea = z.strictObject({
  description: displayText({ subject: { zhCN: "常驻区域", en: "the work area" }, max: 200 }),
  location: GeoPoint.optional(),
});
/** Where a courier usually works. */
export type WorkArea = z.infer<typeof WorkArea>;

/** A version of the data-processing notice (as in `general.consentPolicyVersion`). */
export const ConsentPolicyVersion = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/,
    bilingual("须为 1 至 32 位字母、数字、“.”“_”或“-”", "1 to 32 letters, digits, '.', '_' or '-'"),
  );
/** A version of the data-processing notice. */
export type ConsentPolicyVersion = z.infer<typeof ConsentPolicyVersion>;

/** A courier's consent to data processing: which version of the notice, and when. */
export const Consent = z.strictObject({
  policyVersion: ConsentPolicyVersion,
  givenAt: Instant,
});
/** A courier's consent to data processing. */
export type Consent = z.infer<typeof Consent>;

/**
 * Personal data in the clear: the real name and the normalised mobile number. It is
 * what a registration or a correction gives and what staff see once it is opened; it
 * is never kept in an event or the state as such (see {@link SealedPersonalData}).
 */
export const RecordedPersonalData = z.strictObject({
  kind: z.literal("recorded"),
  realName: RealName,
  mobileNumber: MobileNumber,
});
/** Personal data in the clear. */
export type RecordedPersonalData = z.infer<typeof RecordedPersonalData>;

/**
 * The id of a personal-data seal key: 1 to 32 letters, digits, `_` or `-`. It travels in
 * every sealed value, so a deployment can hold several keys while it rotates.
 */
export const SealKeyId = z
  .string()
  .regex(
    /^[A-Za-z0-9_-]{1,32}$/,
    bilingual("须为 1 至 32 位字母、数字、“_”或“-”", "1 to 32 letters, digits, '_' or '-'"),
  );
/** The id of a personal-data seal key. */
export type SealKeyId = z.infer<typeof SealKeyId>;

/**
 * The form of a seal: `v2:<key id>:<hex>` (AES-SIV: the 16-byte synthetic IV, then the
 * ciphertext), or the older `v1:<hex>`, which is still read but no longer written.
 */
export const SEALED_PERSONAL_DATA_PATTERN =
  /^(?:v1:[0-9a-f]{34,2048}|v2:[A-Za-z0-9_-]{1,32}:[0-9a-f]{34,2048})$/;

/**
 * A courier's personal data as events and state keep it: sealed (encrypted and
 * authenticated, bound to the courier and the community) under a deployment's seal key
 * by a `PersonalDataSeal`, so no raw mobile number or real name is ever in an event.
 * Only a seal holding that key opens it, and only for the same courier.
 */
export const SealedPersonalData = z.strictObject({
  kind: z.literal("sealed"),
  sealed: z
    .string()
    .regex(
      SEALED_PERSONAL_DATA_PATTERN,
      bilingual("须为加密的个人信息（v2:…）", "sealed personal data (v2:…)"),
    ),
});
/** A courier's personal data, sealed. */
export type SealedPersonalData = z.infer<typeof SealedPersonalData>;

/** Personal data after erasure: only a pseudonym is left. */
export const ErasedPersonalData = z.strictObject({
  kind: z.literal("erased"),
  pseudonym: z.string().min(1).max(80),
});
/** Personal data after erasure. */
export type ErasedPersonalData = z.infer<typeof ErasedPersonalData>;

/**
 * A courier's personal data (个人信息) as events and state keep it: sealed, or, after
 * erasure, a pseudonym. It is kept apart, in `personal`, in both events and state, so
 * that views for sponsors and the public leave it out and erasure replaces it whole.
 */
export const PersonalData = z.discriminatedUnion("kind", [SealedPersonalData, ErasedPersonalData]);
/** A courier's personal data, sealed, or its pseudonym after erasure. */
export type PersonalData = z.infer<typeof PersonalData>;
