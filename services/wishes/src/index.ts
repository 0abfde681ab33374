/**
 * Courier Station's wishes service (a private workspace): micro-wishes (微心愿), sponsors
 * (圆梦人), the reward catalogue (积分商品) and its redemptions, on the bus as
 * `wishesContract` says.
 *
 * @packageDocumentation
 */
export {
  executeCatalogueItemCommand,
  executeCatalogueRedemptionCommand,
  executeSponsorCommand,
  executeWishCommand,
  handOverCommandId,
  policyAt,
  recordWishHandOvers,
  type WishesCommandServices,
  type WishesLookupFailure,
  wishesFactsActor,
} from "./commands.js";
export {
  eraseCourierFromWishes,
  followCatalogueItem,
  followCatalogueRedemption,
  followSponsor,
  followWish,
  maskTypedContactDetails,
  scrubErasedSponsor,
  wishesFlowActor,
} from "./flows.js";
export {
  activityWishesPage,
  catalogueItemStockOf,
  cataloguePage,
  courierRedemptionsPage,
  courierWhoseListOf,
  courierWishesPage,
  type ListPage,
  moderationQueuePage,
  type PageRequest,
  redemptionFor,
  redemptionViewOf,
  sponsorClaimsPage,
  sponsorsPage,
  sponsorViewFor,
  sponsorWhoseClaimsOf,
  wishListItemOf,
  wishViewFor,
  wishWallPage,
} from "./queries.js";
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
export { isLastingRefusal } from "./refusals.js";
export { type WishesServiceOptions, wishesService } from "./service.js";
export { pickupTimerActor, runPickupTimers, runWishTimers, wishTimerActor } from "./timers.js";
