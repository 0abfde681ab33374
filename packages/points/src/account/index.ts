import type { AccountId, Decider } from "@courier-station/core";
import { courierAccountId } from "../accounts.js";
import { courierOfTrigger } from "../earning/triggers.js";
import type { PointsAccountCommand } from "./commands.js";
import { createRequestOf, decide, type PointsAccountContext } from "./decide.js";
import type { PointsAccountError } from "./errors.js";
import type { PointsAccountEvent } from "./events.js";
import { evolve } from "./evolve.js";
import { pointsAccountPermissions } from "./permissions.js";
import { courierSideOf } from "./rules.js";
import { initialPointsAccountState, type PointsAccountState } from "./state.js";

/**
 * The courier account a command is for, when the command says: the courier side of a
 * transfer, the courier of an adjustment, an earning or an expiry run, or the `account`
 * given with a post, void or expiry of a hold. `undefined` for a post, void or expiry
 * without `account`: the service looks the pending transfer's account up first.
 *
 * @example
 * pointsAccountIdOf(command) ?? transferIndex.accountOf(command.data.pendingTransferId);
 */
export const pointsAccountIdOf = (command: PointsAccountCommand): AccountId | undefined => {
  switch (command.type) {
    case "CreateTransfer":
      return courierSideOf(createRequestOf(command.data, ""));
    case "CreateTransfers": {
      const first = command.data.transfers[0];
      return first === undefined ? undefined : courierSideOf(createRequestOf(first, ""));
    }
    case "PostPendingTransfer":
    case "VoidPendingTransfer":
    case "ExpirePendingTransfer":
      return command.data.account;
    case "AdjustPoints":
    case "ExpireEarnedPoints":
      return courierAccountId(command.data.courierId);
    case "EarnPoints":
      return courierAccountId(courierOfTrigger(command.data.trigger));
  }
};

/**
 * A courier's points account as a decider: one aggregate per courier account, stored
 * as one document. `idOf` is the account id (empty when a post, void or expiry of a
 * hold does not name its `account`: route those by the pending transfer first).
 *
 * Send every command under `pointsCommandIdOf(command)` when it names one: that is
 * what makes a transfer id take effect once (the account refuses any other id).
 *
 * @example
 * const commandId = pointsCommandIdOf(command) ?? CommandId.parse(ids.next());
 * const outcome = handleCommand(pointsAccountDecider, record, { commandId, community, actor, command }, {
 *   clock, ids, facts: { policy },
 * });
 */
export const pointsAccountDecider: Decider<
  PointsAccountCommand,
  PointsAccountState,
  PointsAccountEvent,
  PointsAccountError,
  PointsAccountContext
> = {
  aggregate: "pointsAccount",
  permissions: pointsAccountPermissions,
  idOf: (command) => pointsAccountIdOf(command) ?? "",
  initialState: initialPointsAccountState,
  decide,
  evolve,
};

export * from "./balances.js";
export { batchTransferIdOf, pointsCommandIdOf } from "./command-ids.js";
export * from "./commands.js";
export {
  createRequestOf,
  decide,
  type PointsAccountContext,
  plannedTransferRequest,
} from "./decide.js";
export * from "./errors.js";
export * from "./events.js";
export { evolve } from "./evolve.js";
export { pointsAccountPermissions } from "./permissions.js";
export * from "./rules.js";
export * from "./state.js";
