import {
  bilingual,
  displayText,
  freeText,
  type LocalizedText,
  localized,
  Role,
  SponsorId,
  StaffId,
} from "@courier-station/core";
import { z } from "zod";

/**
 * What a micro-wish (微心愿) is for:
 *
 * | category              | 中文       | for example                                        |
 * | --------------------- | ---------- | -------------------------------------------------- |
 * | `work-equipment`      | 工作装备   | helmet, raincoat, phone mount, power bank, headset |
 * | `daily-necessities`   | 生活用品   | a thermos, bedding, a winter coat                  |
 * | `family-and-children` | 家庭与子女 | a bicycle or school things for a child             |
 * | `learning`            | 学习提升   | a course, books, a driving-licence class           |
 * | `service`             | 服务       | a haircut, a health check, a repair                |
 * | `other`               | 其他       | anything else within the rules                     |
 */
export const WishCategory = z.enum([
  "work-equipment",
  "daily-necessities",
  "family-and-children",
  "learning",
  "service",
  "other",
]);
/** What a micro-wish is for. */
export type WishCategory = z.infer<typeof WishCategory>;

/** The name of each wish category in zh-CN and en, for views and forms. */
export const wishCategoryNames: Readonly<Record<WishCategory, LocalizedText>> = {
  "work-equipment": localized("工作装备", "Work equipment"),
  "daily-necessities": localized("生活用品", "Daily necessities"),
  "family-and-children": localized("家庭与子女", "Family and children"),
  learning: localized("学习提升", "Learning"),
  service: localized("服务", "A service"),
  other: localized("其他", "Other"),
};

/** A wish's or a catalogue item's title: 1 to 60 visible characters, one line. */
export const Title = displayText({ subject: { zhCN: "标题", en: "the title" }, max: 60 });
/** A title. */
export type Title = z.infer<typeof Title>;

/** A wish's or a catalogue item's description: up to 1000 visible characters; may be empty. */
export const Description = freeText({
  subject: { zhCN: "描述", en: "the description" },
  max: 1_000,
  mayBeEmpty: true,
});
/** A description. */
export type Description = z.infer<typeof Description>;

/** A note on a step (a reason, a message): 1 to 500 visible characters. */
export const Note = freeText({ subject: { zhCN: "说明", en: "the note" }, max: 500 });
/** A note on a step. */
export type Note = z.infer<typeof Note>;

/**
 * An amount of money in fen (分, a hundredth of a yuan): a positive whole number, at most
 * one million yuan. Money is only ever an estimate here (what a wish is worth); it never
 * moves through Courier Station.
 */
export const Fen = z
  .number()
  .int(bilingual("金额须为整数（单位：分）", "an amount is a whole number of fen"))
  .min(1, bilingual("金额须大于 0", "an amount must be more than 0"))
  .max(100_000_000, bilingual("金额最多 100 万元", "an amount is at most one million yuan"));
/** An amount of money in fen. */
export type Fen = z.infer<typeof Fen>;

/** A reference to a photo kept by the media store (a key, never a URL with credentials). */
export const PhotoReference = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/,
    bilingual(
      "照片引用须为 1 至 128 位字母、数字、“_”“-”或“.”，以字母或数字开头",
      "a photo reference is 1 to 128 letters, digits, '_', '-' or '.', starting with a letter or a digit",
    ),
  );
/** A reference to a photo. */
export type PhotoReference = z.infer<typeof PhotoReference>;

/**
 * How a wish may be funded:
 *
 * - `sponsor`: a sponsor (圆梦人) fulfils it, or staff from the community's donations;
 * - `points`: the courier redeems it with their points;
 * - `either`: whichever comes first, a sponsor for all of it or the courier's points for all of it;
 * - `both`: the courier pays `pointsShareFen` of its value in points and a sponsor the rest.
 *
 * @example
 * { mode: "both", pointsShareFen: 5_000 } // 50 yuan in points, the rest by a sponsor
 */
export const WishFunding = z.discriminatedUnion("mode", [
  z.strictObject({ mode: z.literal("sponsor") }),
  z.strictObject({ mode: z.literal("points") }),
  z.strictObject({ mode: z.literal("either") }),
  z.strictObject({ mode: z.literal("both"), pointsShareFen: Fen }),
]);
/** How a wish may be funded. */
export type WishFunding = z.infer<typeof WishFunding>;

/** Who funds a wish's sponsor part: a sponsor, or staff from the community's own donations. */
export const Funder = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("sponsor"), sponsorId: SponsorId }),
  z.strictObject({ kind: z.literal("community"), staffId: StaffId }),
]);
/** Who funds a wish's sponsor part. */
export type Funder = z.infer<typeof Funder>;

/** Who took a step: the role and actor id (never personal data). */
export const StepActor = z.strictObject({ role: Role, id: z.string().min(1).max(128) });
/** Who took a step. */
export type StepActor = z.infer<typeof StepActor>;

/**
 * The {@link StepActor} of a decision's actor.
 *
 * @example
 * stepActorOf(context.actor); // { role: "staff", id: "s-1" }
 */
export const stepActorOf = (actor: { readonly role: Role; readonly id: string }): StepActor => ({
  role: actor.role,
  id: actor.id,
});
