import { z } from "zod";

/** Rules of micro-wishes (微心愿), sponsors and the reward catalogue. */
export const WishPolicy = z.strictObject({
  /** The highest estimated value of a wish, in fen (分). The Jinshan default is 300 yuan. */
  valueCapFen: z.number().int().min(1).max(100_000_000).default(30_000),
  /** Prohibited kinds of items, beyond the built-in ones (cash, cards and vouchers, alcohol, tobacco). */
  prohibitedItems: z.array(z.string().min(1).max(40)).default([]),
  /** The most open (not yet fulfilled, cancelled, rejected or expired) wishes a courier may have. */
  maxOpenWishesPerCourier: z.number().int().min(1).max(100).default(2),
  /** Points per yuan of estimated value when a wish is redeemed with points. */
  pointsPerYuan: z.number().int().min(1).max(10_000).default(10),
  /** Days a published wish waits for a sponsor or a redemption before it expires. */
  publishedExpiryDays: z.number().int().min(1).max(365).default(30),
  /** Days a claim or a pledge has to be fulfilled before it is released. */
  fulfilmentDays: z.number().int().min(1).max(365).default(14),
});
/** Rules of micro-wishes. */
export type WishPolicy = z.infer<typeof WishPolicy>;
