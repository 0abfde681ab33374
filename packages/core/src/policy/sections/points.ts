import { z } from "zod";
import { activityKinds } from "../../activities/kinds.js";
import { LocalizedText } from "../../kernel/localized-text.js";
import { Instant } from "../../kernel/time.js";
import { bilingual, bilingualIssue } from "../../kernel/validation.js";
import { unknownNameText } from "../closest-name.js";

const amount = () => z.number().int().min(0).max(1_000_000);

// An activity kind as a map key or list entry: one of the kinds there are, with the
// closest suggested for a typo (`volunteerin`), so a misspelt kind is not silently
// never matched.
const kindId = z.string().superRefine((kind, context) => {
  if (!(activityKinds as ReadonlyArray<string>).includes(kind)) {
    context.addIssue(
      bilingualIssue(
        [],
        unknownNameText({ zhCN: "活动类型", en: "an activity kind" }, kind, activityKinds),
      ),
    );
  }
});

/**
 * The reasons a campaign can boost (the earning reasons of `@courier-station/points`,
 * but not its own `campaign_bonus`).
 */
export const CampaignReason = z.enum([
  "participation",
  "report",
  "suggestion",
  "patrol",
  "welcome",
]);
/** A reason a campaign can boost. */
export type CampaignReason = z.infer<typeof CampaignReason>;

/**
 * A campaign (积分加倍活动): within a time window, points earned for the listed reasons
 * are multiplied. `multiplierPercent` 200 doubles them: the courier gets the base
 * points and a separate `campaign_bonus` transfer of `base × (200 − 100) / 100`,
 * rounded down. Overlapping campaigns add their bonuses. Caps apply to the total,
 * base first.
 *
 * @example
 * { id: "river-week", name: { "zh-CN": "护河周", en: "River week" },
 *   from: "2026-06-01T00:00:00+08:00", to: "2026-06-08T00:00:00+08:00",
 *   multiplierPercent: 200, reasons: ["patrol", "report"] }
 */
export const Campaign = z
  .strictObject({
    id: z
      .string()
      .regex(
        /^[a-z0-9][a-z0-9-]{0,31}$/,
        bilingual(
          "活动标识须为 1 至 32 位小写字母、数字或“-”",
          "a campaign id is 1 to 32 lower-case letters, digits or '-'",
        ),
      ),
    name: LocalizedText,
    /** The first instant of the window (inclusive). */
    from: Instant,
    /** The end of the window (exclusive). */
    to: Instant,
    /** The multiplier in percent: 150 is one and a half times, 200 double, up to 1000. */
    multiplierPercent: z
      .number()
      .int()
      .min(101, bilingual("倍率须大于 100%", "the multiplier must be more than 100 percent"))
      .max(1_000, bilingual("倍率最多 1000%", "the multiplier is at most 1000 percent")),
    /** The earning reasons it boosts. */
    reasons: z.array(CampaignReason).min(1),
    /** For participation: only these activity kinds; absent: every kind. */
    activityKinds: z.array(kindId).min(1).optional(),
  })
  .refine(
    (campaign) => Date.parse(campaign.from) < Date.parse(campaign.to),
    bilingual("活动开始时间须早于结束时间", "a campaign's from must be before its to"),
  );
/** A campaign that multiplies points in a time window. */
export type Campaign = z.infer<typeof Campaign>;

/**
 * How many points each kind of participation earns, and the limits on earning
 * (`@courier-station/points` applies it). The defaults are the Jinshan programme's.
 *
 * The Jinshan numbers are set together with the prices of wishes and the catalogue
 * (`wishes.pointsPerYuan`: one point per yuan of value), so that what a courier earns
 * buys something real within months, and nothing is given away too fast:
 *
 * | what                               | points | worth       |
 * | ---------------------------------- | ------ | ----------- |
 * | one participation (an hour or two) | 10     | ¥10, a meal |
 * | a verified sentinel report         | 5      | ¥5          |
 * | an adopted suggestion              | 20     | ¥20         |
 * | a completed patrol                 | 5      | ¥5          |
 * | checking in (welcome)              | 10     | ¥10         |
 *
 * A regular volunteer who takes part once or twice a week earns 70 to 130 points a
 * month with a report or a suggestion now and then: a helmet (about ¥90) after a month,
 * a bicycle (about ¥300, the wish value cap) after three or four. The caps (50 a day,
 * 200 a week, 500 a month) are far above that; they stop a run of mistaken or abusive
 * confirmations from emptying the catalogue, at most ¥500 of goods a courier a month.
 */
export const PointsPolicy = z.strictObject({
  /** Points on staff verification of a new courier (报到欢迎积分). Not counted against caps. */
  welcome: amount().default(10),
  /** Points per confirmed participation in an activity (活动 / 微志愿). */
  participation: z
    .strictObject({
      /** `flat`: the same points per participation; `per-hour`: points per volunteer hour credited. */
      mode: z.enum(["flat", "per-hour"]).default("flat"),
      /** Points per participation in `flat` mode. */
      flat: amount().default(10),
      /** Points per volunteer hour in `per-hour` mode (hours to two decimals, rounded down). */
      perHour: amount().default(5),
      /**
       * Flat points by activity kind, replacing the mode for those kinds (0: the kind
       * earns nothing). An activity's own `pointsOverride` still comes first.
       */
      byKind: z.record(kindId, amount()).default({}),
    })
    .prefault({}),
  /** Points per verified sentinel report, by category id, with a default. */
  reportVerified: z
    .strictObject({
      default: amount().default(5),
      byCategory: z
        .record(
          z
            .string()
            .regex(
              /^[a-z][a-z0-9-]{0,39}$/,
              bilingual(
                "类别标识须为 1 至 40 位小写字母、数字或“-”，以字母开头",
                "a category id is 1 to 40 lower-case letters, digits or '-', starting with a letter",
              ),
            ),
          amount(),
        )
        .default({}),
    })
    .prefault({}),
  /** Points per adopted suggestion. */
  suggestionAdopted: amount().default(20),
  /** Points per completed patrol. */
  patrolCompleted: amount().default(5),
  /**
   * The most points a courier earns per local day, week (ISO, from Monday) and month
   * in the community's time zone (0: no cap). Welcome points and manual adjustments do
   * not count. When a cap is partly left, the remainder is awarded.
   */
  caps: z
    .strictObject({
      perDay: amount().default(50),
      perWeek: amount().default(200),
      perMonth: amount().default(500),
    })
    .prefault({}),
  /** Campaigns that multiply points in a time window; none by default. */
  campaigns: z
    .array(Campaign)
    .max(100)
    .default([])
    .refine(
      (campaigns) => new Set(campaigns.map((campaign) => campaign.id)).size === campaigns.length,
      bilingual("活动标识不能重复", "campaign ids must not repeat"),
    ),
  /**
   * Months after which earned points expire, oldest first: points earned in a month
   * expire at the end of the `expiryMonths`-th month after it, in the community's time
   * zone. Absent (the Jinshan default): never.
   */
  expiryMonths: z.number().int().min(1).max(120).optional(),
});
/** How points are earned. */
export type PointsPolicy = z.infer<typeof PointsPolicy>;
