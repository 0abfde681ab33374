import { type CommandId, derivedId, type TransferId } from "@courier-station/core";
import { earningCommandIdOf } from "../earning/earn.js";
import type { PointsAccountCommand } from "./commands.js";
import { expiryTransferIdOf } from "./rules.js";

/**
 * The id of the `index`-th transfer (from 0) of a `CreateTransfers` batch sent under
 * `commandId`: a batch is one command, so its transfers' ids derive from its id.
 *
 * @example
 * const commandId = CommandId.parse("batch-2026-11-28-c-1");
 * const transfers = requests.map((request, index) => ({ ...request, transferId: batchTransferIdOf(commandId, index) }));
 */
export const batchTransferIdOf = (commandId: string, index: number): TransferId =>
  derivedId("points-batch", commandId, String(index)) as TransferId;

/**
 * The command id a points account command must be sent under, or `undefined` when any
 * id will do:
 *
 * | command                                                                 | command id                            |
 * | ----------------------------------------------------------------------- | ------------------------------------- |
 * | `CreateTransfer`, `PostPendingTransfer`, `VoidPendingTransfer`, `AdjustPoints` | its `transferId`               |
 * | `ExpirePendingTransfer`                                                 | `expiryTransferIdOf(pendingTransferId)` |
 * | `EarnPoints`                                                            | `earningCommandIdOf(trigger.id)`      |
 * | `CreateTransfers`                                                       | any; its transfers' ids derive from it (`batchTransferIdOf`) |
 * | `ExpireEarnedPoints`                                                    | any; it expires what is left, so a repeat expires nothing |
 *
 * Why: the account does not keep every transfer id it ever recorded (its state would grow
 * with its history). The store keeps every command's receipt instead, for ever, and
 * answers a command id sent again with its first outcome. Tying each transfer id to one
 * command id makes that receipt the transfer's: sent again, the same transfer is the same
 * command (`duplicate`, or `command.id_conflict` naming the field when the body differs),
 * and under any other command id it is refused (`points.command_id_mismatch`). So a
 * transfer id takes effect at most once, however late it comes back.
 *
 * @example
 * const commandId = pointsCommandIdOf(command) ?? CommandId.parse(ids.next());
 * yield* executeCommand(pointsAccountDecider, { commandId, community, actor, command }, runtime);
 */
export const pointsCommandIdOf = (command: PointsAccountCommand): CommandId | undefined => {
  switch (command.type) {
    case "CreateTransfer":
    case "PostPendingTransfer":
    case "VoidPendingTransfer":
    case "AdjustPoints":
      return command.data.transferId as string as CommandId;
    case "ExpirePendingTransfer":
      return expiryTransferIdOf(command.data.pendingTransferId) as string as CommandId;
    case "EarnPoints":
      return earningCommandIdOf(command.data.trigger.id);
    case "CreateTransfers":
    case "ExpireEarnedPoints":
      return undefined;
  }
};
