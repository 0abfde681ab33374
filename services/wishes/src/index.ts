/**
 * Courier Station's wishes service (a private workspace): micro-wishes (微心愿), sponsors
 * (圆梦人), the reward catalogue (积分商品) and its redemptions, on the bus as
 * `wishesContract` says.
 *
 * @packageDocumentation
 */
export {
  type CatalogueItemRow,
  type CatalogueRedemptionRow,
  catalogueItemRows,
  catalogueRedemptionRows,
  maskedWish,
  type SponsorRow,
  sponsorRows,
  type WallRow,
  type WishRow,
  wallRows,
  wishRows,
} from "./read-models.js";
