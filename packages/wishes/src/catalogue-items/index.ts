import type { Decider } from "@courier-station/core";
import type { CatalogueItemCommand } from "./commands.js";
import { type CatalogueItemDecisionContext, decideCatalogueItem } from "./decide.js";
import type { CatalogueItemError } from "./errors.js";
import type { CatalogueItemEvent } from "./events.js";
import { evolveCatalogueItem } from "./evolve.js";
import { catalogueItemPermissions } from "./permissions.js";
import { type CatalogueItemState, initialCatalogueItemState } from "./state.js";

/**
 * The catalogue item decider: an item of the reward catalogue (积分商品) that sponsors
 * donate and couriers redeem with points. It keeps the stock — never below zero — and
 * reserves units for each redemption until they are handed over or returned.
 *
 * @example
 * const outcome = handleCommand(catalogueItemDecider, record, envelope, {
 *   clock, ids, facts: { policy, courier: courierFacts, availablePoints: 400 },
 * });
 */
export const catalogueItemDecider: Decider<
  CatalogueItemCommand,
  CatalogueItemState,
  CatalogueItemEvent,
  CatalogueItemError,
  CatalogueItemDecisionContext
> = {
  aggregate: "catalogueItem",
  idOf: (command) => command.data.itemId,
  permissions: catalogueItemPermissions,
  initialState: initialCatalogueItemState,
  decide: decideCatalogueItem,
  evolve: evolveCatalogueItem,
};

export * from "./commands.js";
export { type CatalogueItemDecisionContext, decideCatalogueItem } from "./decide.js";
export * from "./default-catalogue.js";
export * from "./errors.js";
export * from "./events.js";
export { evolveCatalogueItem } from "./evolve.js";
export { catalogueItemPermissions } from "./permissions.js";
export {
  type CatalogueItem,
  type CatalogueItemState,
  type CatalogueReservation,
  initialCatalogueItemState,
  isListed as isCatalogueItemListed,
  reservationOf,
  unitsOfCourier,
} from "./state.js";
export {
  type CatalogueItemPublicView,
  catalogueItemPublicView,
  catalogueItemStaffView,
} from "./views.js";
