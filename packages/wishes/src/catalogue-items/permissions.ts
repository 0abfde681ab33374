import type { DeciderPermissions } from "@courier-station/core";
import type { CatalogueItemCommand } from "./commands.js";

/**
 * Who may send each command of a reward catalogue item: the decider's `permissions`,
 * which `handleCommand` checks before anything else. Staff list and keep the items; a
 * courier redeems one (reserving stock); the catalogue flow settles reservations
 * (`system`).
 *
 * @example
 * catalogueItemPermissions.RedeemCatalogueItem; // ["courier"]
 */
export const catalogueItemPermissions: DeciderPermissions<CatalogueItemCommand> = {
  ListCatalogueItem: ["staff"],
  ReviseCatalogueItem: ["staff"],
  RestockCatalogueItem: ["staff"],
  WriteOffCatalogueStock: ["staff"],
  WithdrawCatalogueItem: ["staff"],
  RelistCatalogueItem: ["staff"],
  RedeemCatalogueItem: ["courier"],
  ReleaseCatalogueReservation: ["system"],
  CompleteCatalogueReservation: ["system"],
};
