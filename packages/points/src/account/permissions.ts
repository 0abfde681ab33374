import type { DeciderPermissions } from "@courier-station/core";
import type { PointsAccountCommand } from "./commands.js";

/**
 * Who may send each command of a courier's points account (积分): the decider's
 * `permissions`, which `handleCommand` checks before anything else. Transfers, holds,
 * earnings and expiry come from the services' own flows (`system`); staff only adjust by
 * hand, with a note. A new command of the account needs its entry here (the table is
 * keyed by the command union, so it does not type-check without one).
 *
 * @example
 * pointsAccountPermissions.AdjustPoints; // ["staff"]
 */
export const pointsAccountPermissions: DeciderPermissions<PointsAccountCommand> = {
  CreateTransfer: ["system"],
  CreateTransfers: ["system"],
  PostPendingTransfer: ["system"],
  VoidPendingTransfer: ["system"],
  ExpirePendingTransfer: ["system"],
  EarnPoints: ["system"],
  ExpireEarnedPoints: ["system"],
  AdjustPoints: ["staff"],
};
