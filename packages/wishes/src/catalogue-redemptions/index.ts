import type { Decider } from "@courier-station/core";
import type { CatalogueRedemptionCommand } from "./commands.js";
import { type CatalogueRedemptionDecisionContext, decideCatalogueRedemption } from "./decide.js";
import type { CatalogueRedemptionError } from "./errors.js";
import type { CatalogueRedemptionEvent } from "./events.js";
import { evolveCatalogueRedemption } from "./evolve.js";
import { catalogueRedemptionPermissions } from "./permissions.js";
import { type CatalogueRedemptionState, initialCatalogueRedemptionState } from "./state.js";

/**
 * The catalogue redemption decider: one redemption of units of a catalogue item, from the
 * points hold to the pickup at the station (hold posted), or its cancellation, expiry or
 * failure (hold voided or never made; the item's units go back into stock).
 *
 * @example
 * const outcome = handleCommand(catalogueRedemptionDecider, record, envelope, {
 *   clock, ids, facts: { policy },
 * });
 */
export const catalogueRedemptionDecider: Decider<
  CatalogueRedemptionCommand,
  CatalogueRedemptionState,
  CatalogueRedemptionEvent,
  CatalogueRedemptionError,
  CatalogueRedemptionDecisionContext
> = {
  aggregate: "catalogueRedemption",
  idOf: (command) => command.data.redemptionId,
  permissions: catalogueRedemptionPermissions,
  initialState: initialCatalogueRedemptionState,
  decide: decideCatalogueRedemption,
  evolve: evolveCatalogueRedemption,
};

export * from "./commands.js";
export {
  type CatalogueRedemptionDecisionContext,
  decideCatalogueRedemption,
} from "./decide.js";
export * from "./errors.js";
export * from "./events.js";
export { evolveCatalogueRedemption } from "./evolve.js";
export { catalogueRedemptionPermissions } from "./permissions.js";
export {
  type CatalogueRedemption,
  type CatalogueRedemptionState,
  CatalogueRedemptionStatus,
  catalogueRedemptionStatusNames,
  initialCatalogueRedemptionState,
  isOpened as isCatalogueRedemptionOpened,
  terminalCatalogueRedemptionStatuses,
} from "./state.js";
