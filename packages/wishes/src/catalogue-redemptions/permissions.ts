import type { DeciderPermissions } from "@courier-station/core";
import type { CatalogueRedemptionCommand } from "./commands.js";

/**
 * Who may send each command of a catalogue redemption: the decider's `permissions`, which
 * `handleCommand` checks before anything else. The catalogue flow opens redemptions,
 * reports holds and expires redemptions not picked up (`system`); staff or the courier
 * confirm the hand-over; the courier (or staff) may cancel it.
 *
 * @example
 * catalogueRedemptionPermissions.OpenCatalogueRedemption; // ["system"]
 */
export const catalogueRedemptionPermissions: DeciderPermissions<CatalogueRedemptionCommand> = {
  OpenCatalogueRedemption: ["system"],
  ConfirmCatalogueRedemptionHold: ["system"],
  RecordCatalogueRedemptionFailed: ["system"],
  HandOverCatalogueRedemption: ["staff", "courier"],
  CancelCatalogueRedemption: ["courier", "staff"],
  ExpireCatalogueRedemption: ["system"],
};
