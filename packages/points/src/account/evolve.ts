import { courierAccountId, isCourierAccount } from "../accounts.js";
import type { Transfer } from "../transfer.js";
import { applyTransferTo, copyBalances } from "./balances.js";
import type { PointsAccountEvent } from "./events.js";
import { balancesIn, type PointsAccountState } from "./state.js";

const withTransfer = (state: PointsAccountState, transfer: Transfer): PointsAccountState => {
  const debit = copyBalances(balancesIn(state, transfer.debitAccount));
  const credit = copyBalances(balancesIn(state, transfer.creditAccount));
  applyTransferTo(transfer, debit, credit);
  const account =
    state.account ??
    (isCourierAccount(transfer.debitAccount) ? transfer.debitAccount : transfer.creditAccount);
  return {
    ...state,
    account,
    balances: {
      ...state.balances,
      [transfer.debitAccount]: debit,
      [transfer.creditAccount]: credit,
    },
    transfers: [...state.transfers, transfer],
    positions: { ...state.positions, [transfer.id]: state.transfers.length },
    resolutions:
      transfer.pendingTransferId === undefined
        ? state.resolutions
        : { ...state.resolutions, [transfer.pendingTransferId]: transfer.id },
    triggers:
      transfer.earning === undefined
        ? state.triggers
        : { ...state.triggers, [transfer.reference]: "earned" },
  };
};

/**
 * The state of a courier's points account after an event. No rules: the balances
 * change as `applyTransferTo` says, the transfer joins the history.
 */
export const evolve = (
  state: PointsAccountState,
  event: PointsAccountEvent,
): PointsAccountState => {
  switch (event.type) {
    case "TransferCreated":
    case "PendingTransferPosted":
    case "PendingTransferVoided":
    case "PendingTransferExpired":
      return withTransfer(state, event.data.transfer);
    case "PointsNotEarned":
      return {
        ...state,
        account: state.account ?? courierAccountId(event.data.courierId),
        triggers: { ...state.triggers, [event.data.triggerId]: "not_earned" },
      };
  }
};
