import { z } from "zod";
import { StaffId } from "../../kernel/ids.js";
import { bilingual } from "../../kernel/validation.js";
import { described } from "../described.js";

/**
 * Rules of the reward catalogue (积分商品): items sponsors donate, which couriers redeem
 * with points at the station.
 */
export const CataloguePolicy = z.strictObject({
  /**
   * Days a courier has to pick a redeemed item up at the station before the redemption
   * expires, its points hold is voided and its stock returned. Jinshan: 14.
   */
  pickupDays: z
    .number()
    .int()
    .min(1)
    .max(365)
    .default(14)
    .meta(
      described(
        "兑换的物品须在多少天内到驿站领取，逾期兑换失效，冻结积分解冻、库存退回。",
        "Days a courier has to pick a redeemed item up at the station before the redemption expires, its points hold is voided and its stock returned.",
      ),
    ),
  /** The most units of one item a courier may redeem at once. Jinshan: 1. */
  maxQuantityPerRedemption: z
    .number()
    .int()
    .min(1)
    .max(100)
    .default(1)
    .meta(
      described(
        "一次兑换同一物品的最多件数。",
        "The most units of one item a courier may redeem at once.",
      ),
    ),
});
/** Rules of the reward catalogue. */
export type CataloguePolicy = z.infer<typeof CataloguePolicy>;

/**
 * Rules of micro-wishes (微心愿), sponsors (圆梦人) and the reward catalogue. The defaults
 * are the Jinshan programme's: wishes of up to 300 yuan, two open wishes per courier,
 * one point per yuan, 30 days on the wall and 14 days to hand a wish over.
 */
export const WishPolicy = z.strictObject({
  /** The highest estimated value of a wish, in fen (分). The Jinshan default is 300 yuan. */
  valueCapFen: z
    .number()
    .int()
    .min(1)
    .max(100_000_000)
    .default(30_000)
    .meta(
      described(
        "微心愿的最高估值，单位为分（金山默认 300 元）。",
        "The highest estimated value of a wish, in fen (分); Jinshan: 300 yuan.",
      ),
    ),
  /**
   * Prohibited kinds of items, beyond the built-in ones (cash, cards and vouchers, alcohol,
   * tobacco), as words or phrases a wish's title or description must not contain (in
   * Chinese matched anywhere, in Latin letters as whole words, ignoring case).
   */
  prohibitedItems: z
    .array(z.string().trim().min(1).max(40))
    .max(200)
    .default([])
    .meta(
      described(
        "内置禁止项（现金、卡券、酒、烟）之外的禁止物品，心愿标题或描述不能包含这些词（中文任意位置匹配，拉丁字母按整词、不分大小写）。",
        "Prohibited kinds of items beyond the built-in ones (cash, cards and vouchers, alcohol, tobacco): words a wish's title or description must not contain (Chinese matched anywhere, Latin letters as whole words, ignoring case).",
      ),
    ),
  /** The most open (not yet fulfilled, cancelled, rejected or expired) wishes a courier may have. */
  maxOpenWishesPerCourier: z
    .number()
    .int()
    .min(1)
    .max(100)
    .default(2)
    .meta(
      described(
        "每位小哥同时未完结（未实现、取消、驳回或过期）的心愿最多几个。",
        "The most open (not yet fulfilled, cancelled, rejected or expired) wishes a courier may have.",
      ),
    ),
  /**
   * Points per yuan of estimated value when a wish is redeemed with points; the price is
   * rounded up to a whole point (a 35.50-yuan power bank costs 36 at the Jinshan rate of
   * one point per yuan, 355 at ten). The default catalogue of `@courier-station/wishes`
   * is priced at the same rate. One point per yuan goes with the points table
   * (`PointsPolicy`: 10 points a participation), so that a regular volunteer earning 70
   * to 130 points a month reaches a 300-yuan bicycle in three or four months.
   */
  pointsPerYuan: z
    .number()
    .int()
    .min(1)
    .max(10_000)
    .default(1)
    .meta(
      described(
        "用积分兑换心愿时每元估值所需积分，向上取整（金山：每元 1 分）。",
        "Points per yuan of estimated value when a wish is redeemed with points, rounded up to a whole point (Jinshan: one point per yuan).",
      ),
    ),
  /**
   * Days a published wish waits for a sponsor or a redemption before it expires. The
   * clock stops while the wish is claimed or redeemed and runs on if it is released.
   */
  publishedExpiryDays: z
    .number()
    .int()
    .min(1)
    .max(365)
    .default(30)
    .meta(
      described(
        "已发布心愿等待圆梦人或兑换的天数，逾期失效；被认领或兑换期间停止计时。",
        "Days a published wish waits for a sponsor or a redemption before it expires; the clock stops while it is claimed or redeemed.",
      ),
    ),
  /** Days a claim, a pledge or a redemption has to be handed over before it is released. */
  fulfilmentDays: z
    .number()
    .int()
    .min(1)
    .max(365)
    .default(14)
    .meta(
      described(
        "认领、认捐或兑换后须在多少天内交付，否则释放。",
        "Days a claim, a pledge or a redemption has to be handed over before it is released.",
      ),
    ),
  /**
   * Hours a points hold outlives the deadline it serves, so the timer releases a wish or a
   * catalogue redemption (voiding its hold) before the ledger times the hold out. Jinshan: 48.
   */
  holdGraceHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(48)
    .meta(
      described(
        "积分冻结比其服务的截止时间多保留的小时数，使定时任务先释放心愿或兑换（解冻），账本才会让冻结超时。",
        "Hours a points hold outlives the deadline it serves, so the timer releases a wish or redemption (voiding its hold) before the ledger times the hold out.",
      ),
    ),
  /**
   * The staff members who may moderate wishes (approve, reject, publish, fund from the
   * community's donations). Empty (the Jinshan default): every staff member of the community.
   */
  moderatorIds: z
    .array(StaffId)
    .max(200)
    .default([])
    .refine(
      (ids) => new Set(ids).size === ids.length,
      bilingual("审核人不能重复", "moderators must not repeat"),
    )
    .meta(
      described(
        "可审核心愿（通过、驳回、发布、用社区捐赠资助）的工作人员；为空（金山）：本社区所有工作人员。不能重复。",
        "The staff members who may moderate wishes (approve, reject, publish, fund from donations); empty (Jinshan): every staff member of the community. No repeats.",
      ),
    ),
  /** The reward catalogue. */
  catalogue: CataloguePolicy.prefault({}).meta(
    described("积分商品（兑换目录）的规则。", "Rules of the reward catalogue (积分商品)."),
  ),
});
/** Rules of micro-wishes. */
export type WishPolicy = z.infer<typeof WishPolicy>;
