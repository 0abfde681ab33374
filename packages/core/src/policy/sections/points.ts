import { z } from "zod";
import { activityKinds } from "../../activities/kinds.js";
import { LocalizedText } from "../../kernel/localized-text.js";
import { Instant } from "../../kernel/time.js";
import { bilingual, bilingualIssue } from "../../kernel/validation.js";
import { unknownNameText } from "../closest-name.js";
import { described } from "../described.js";

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
      )
      .meta(
        described(
          "加倍活动标识：1 至 32 位小写字母、数字或“-”。",
          "The campaign id: 1 to 32 lower-case letters, digits or '-'.",
        ),
      ),
    name: LocalizedText.meta(
      described("加倍活动名称（中英文）。", "The campaign's name in both languages."),
    ),
    /** The first instant of the window (inclusive). */
    from: Instant.meta(
      described(
        "时段开始（含），带时区的 ISO 8601 时刻。",
        "The first instant of the window (inclusive), an ISO 8601 instant with its offset.",
      ),
    ),
    /** The end of the window (exclusive). */
    to: Instant.meta(
      described(
        "时段结束（不含），须晚于 from。",
        "The end of the window (exclusive), after from.",
      ),
    ),
    /** The multiplier in percent: 150 is one and a half times, 200 double, up to 1000. */
    multiplierPercent: z
      .number()
      .int()
      .min(101, bilingual("倍率须大于 100%", "the multiplier must be more than 100 percent"))
      .max(1_000, bilingual("倍率最多 1000%", "the multiplier is at most 1000 percent"))
      .meta(
        described(
          "倍率（百分比）：150 为 1.5 倍，200 为双倍，101 至 1000；加成部分以单独的 campaign_bonus 转账发放，向下取整。",
          "The multiplier in percent: 150 is one and a half times, 200 double, 101 to 1000; the extra is a separate campaign_bonus transfer, rounded down.",
        ),
      ),
    /** The earning reasons it boosts. */
    reasons: z
      .array(CampaignReason)
      .min(1)
      .meta(
        described(
          "加倍的积分事由（participation 参与、report 报告、suggestion 建议、patrol 巡查、welcome 欢迎）。",
          "The earning reasons it boosts (participation, report, suggestion, patrol, welcome).",
        ),
      ),
    /** For participation: only these activity kinds; absent: every kind. */
    activityKinds: z
      .array(kindId)
      .min(1)
      .optional()
      .meta(
        described(
          "仅对参与：只加倍这些活动类型；不填则全部类型。",
          "For participation: only these activity kinds; absent: every kind.",
        ),
      ),
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
  welcome: amount()
    .default(10)
    .meta(
      described(
        "工作人员核验新报到小哥时发放的欢迎积分，不计入上限。",
        "Points on staff verification of a new courier (报到欢迎积分); not counted against caps.",
      ),
    ),
  /** Points per confirmed participation in an activity (活动 / 微志愿). */
  participation: z
    .strictObject({
      /** `flat`: the same points per participation; `per-hour`: points per volunteer hour credited. */
      mode: z
        .enum(["flat", "per-hour"])
        .default("flat")
        .meta(
          described(
            "flat：每次参与固定积分；per-hour：按记入的志愿时长计分。",
            "flat: the same points per participation; per-hour: points per volunteer hour credited.",
          ),
        ),
      /** Points per participation in `flat` mode. */
      flat: amount()
        .default(10)
        .meta(described("flat 模式下每次参与的积分。", "Points per participation in flat mode.")),
      /** Points per volunteer hour in `per-hour` mode (hours to two decimals, rounded down). */
      perHour: amount()
        .default(5)
        .meta(
          described(
            "per-hour 模式下每小时志愿时长的积分（时长保留两位小数，向下取整）。",
            "Points per volunteer hour in per-hour mode (hours to two decimals, rounded down).",
          ),
        ),
      /**
       * Flat points by activity kind, replacing the mode for those kinds (0: the kind
       * earns nothing). An activity's own `pointsOverride` still comes first.
       */
      byKind: z
        .record(kindId, amount())
        .default({})
        .meta(
          described(
            "按活动类型设定的固定积分，替代计分模式（0：该类型不计分）；活动自身的 pointsOverride 优先。",
            "Flat points by activity kind, replacing the mode for those kinds (0: none); an activity's own pointsOverride comes first.",
          ),
        ),
    })
    .prefault({})
    .meta(
      described(
        "每次确认参与活动（活动 / 微志愿）的积分。",
        "Points per confirmed participation in an activity (活动 / 微志愿).",
      ),
    ),
  /** Points per verified sentinel report, by category id, with a default. */
  reportVerified: z
    .strictObject({
      default: amount()
        .default(5)
        .meta(
          described(
            "已核实民情前哨报告的默认积分。",
            "Points per verified sentinel report when its category has none of its own.",
          ),
        ),
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
        .default({})
        .meta(
          described(
            "按报告类别标识设定的积分，类别须在 reports.categories 中。",
            "Points by report category id; each category must be one of reports.categories.",
          ),
        ),
    })
    .prefault({})
    .meta(
      described(
        "每条经核实的民情前哨报告的积分，可按类别设定。",
        "Points per verified sentinel report, by category, with a default.",
      ),
    ),
  /** Points per adopted suggestion. */
  suggestionAdopted: amount()
    .default(20)
    .meta(described("每条被采纳建议的积分。", "Points per adopted suggestion.")),
  /** Points per completed patrol. */
  patrolCompleted: amount()
    .default(5)
    .meta(described("每次完成巡查的积分。", "Points per completed patrol.")),
  /**
   * The most points a courier earns per local day, week (ISO, from Monday) and month
   * in the community's time zone (0: no cap). Welcome points and manual adjustments do
   * not count. When a cap is partly left, the remainder is awarded.
   */
  caps: z
    .strictObject({
      perDay: amount()
        .default(50)
        .meta(
          described(
            "每个当地日最多获得的积分（0：不设上限）。",
            "The most points a courier earns per local day (0: no cap).",
          ),
        ),
      perWeek: amount()
        .default(200)
        .meta(
          described(
            "每周（ISO 周，自周一起）最多获得的积分（0：不设上限）。",
            "The most points per ISO week, from Monday (0: no cap).",
          ),
        ),
      perMonth: amount()
        .default(500)
        .meta(
          described(
            "每个自然月最多获得的积分（0：不设上限）。",
            "The most points per calendar month (0: no cap).",
          ),
        ),
    })
    .prefault({})
    .meta(
      described(
        "积分上限，按社区时区计算；欢迎积分与人工调整不计入；剩余额度不足时发放剩余部分。",
        "Caps on earning, in the community's time zone; welcome points and manual adjustments do not count; when a cap is partly left, the remainder is awarded.",
      ),
    ),
  /** Campaigns that multiply points in a time window; none by default. */
  campaigns: z
    .array(Campaign)
    .max(100)
    .default([])
    .refine(
      (campaigns) => new Set(campaigns.map((campaign) => campaign.id)).size === campaigns.length,
      bilingual("活动标识不能重复", "campaign ids must not repeat"),
    )
    .meta(
      described(
        "在时段内为积分加倍的活动，最多 100 个，标识不能重复；默认没有。",
        "Campaigns that multiply points in a time window, at most 100, ids not repeated; none by default.",
      ),
    ),
  /**
   * Months after which earned points expire, oldest first: points earned in a month
   * expire at the end of the `expiryMonths`-th month after it, in the community's time
   * zone. Absent (the Jinshan default): never.
   */
  expiryMonths: z
    .number()
    .int()
    .min(1)
    .max(120)
    .optional()
    .meta(
      described(
        "积分有效期（月）：某月获得的积分在其后第 N 个月末过期，先到期先扣。不填（金山）：永不过期。",
        "Months after which earned points expire: points earned in a month expire at the end of the N-th month after it, oldest first. Absent (Jinshan): never.",
      ),
    ),
});
/** How points are earned. */
export type PointsPolicy = z.infer<typeof PointsPolicy>;
