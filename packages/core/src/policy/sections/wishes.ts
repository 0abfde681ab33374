import { z } from "zod";
import { StaffId } from "../../kernel/ids.js";
import { bilingual } from "../../kernel/validation.js";

/**
 * Rules of the reward catalogue (积分商品): items sponsors donate, which couriers redeem
 * with points at the station.
 */
export const CataloguePolicy = z.strictObject({
  /**
   * Days a courier has to pick a redeemed item up at the station before the redemption
   * expires, its points hold is voided and its stock returned. Jinshan: 14.
   */
  pickupDays: z.number().int().min(1).max(365).default(14),
  /** The most units of one item a courier may redeem at once. Jinshan: 1. */
  maxQuantityPerRedemption: z.number().int().min(1).max(100).default(1),
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
  valueCapFen: z.number().int().min(1).max(100_000_000).default(30_000),
  /**
   * Prohibited kinds of items, beyond the built-in ones (cash, cards and vouchers, alcohol,
   * tobacco), as words or phrases a wish's title or description must not contain (in
   * Chinese matched anywhere, in Latin letters as whole words, ignoring case).
   */
  prohibitedItems: z.array(z.string().trim().min(1).max(40)).max(200).default([]),
  /** The most open (not yet fulfilled, cancelled, rejected or expired) wishes a courier may have. */
  maxOpenWishesPerCourier: z.number().int().min(1).max(100).default(2),
  /**
   * Points per yuan of estimated value when a wish is redeemed with points; the price is
   * rounded up to a whole point (a 35.50-yuan power bank costs 36 at the Jinshan rate of
   * one point per yuan, 355 at ten). The default catalogue of `@courier-station/wishes`
   * is priced at the same rate. One point per yuan goes with the points table
   * (`PointsPolicy`: 10 points a participation), so that a regular volunteer earning 70
   * to 130 points a month reaches a 300-yuan bicycle in three or four months.
   */
  pointsPerYuan: z.number().int().min(1).max(10_000).default(1),
  /**
   * Days a published wish waits for a sponsor or a redemption before it expires. The
   * clock stops while the wish is claimed or redeemed and runs on if it is released.
   */
  publishedExpiryDays: z.number().int().min(1).max(365).default(30),
  /** Days a claim, a pledge or a redemption has to be handed over before it is released. */
  fulfilmentDays: z.number().int().min(1).max(365).default(14),
  /**
   * Hours a points hold outlives the deadline it serves, so the timer releases a wish or a
   * catalogue redemption (voiding its hold) before the ledger times the hold out. Jinshan: 48.
   */
  holdGraceHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(48),
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
    ),
  /** The reward catalogue. */
  catalogue: CataloguePolicy.prefault({}),
});
/** Rules of micro-wishes. */
export type WishPolicy = z.infer<typeof WishPolicy>;
