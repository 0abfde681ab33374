import { courierAccountId, isCourierAccount } from "../accounts.js";
import {
  countsAgainstCaps,
  earnedAtOf,
  withEarning,
  withoutStaleEarnings,
} from "../earning/earned-so-far.js";
import { isLotCredit, lotsAfterTransfer } from "../earning/expiry.js";
import { localPeriodsOf } from "../earning/periods.js";
import type { Transfer } from "../transfer.js";
import { applyTransferTo, copyBalances } from "./balances.js";
import type { CountedPeriods, PointsAccountEvent } from "./events.js";
import { balancesIn, type HoldRecord, type PointsAccountState } from "./state.js";

/**
 * The holds after a transfer: a new hold joins, a resolution is recorded with its hold,
 * and resolved holds whose timeout is past by the transfer's time are dropped (asked for
 * again, such a hold would be refused for its timeout anyway).
 */
const holdsAfter = (
  holds: PointsAccountState["holds"],
  transfer: Transfer,
): PointsAccountState["holds"] => {
  let next: Record<string, HoldRecord> | undefined;
  if (transfer.kind === "pending") {
    next = { ...holds, [transfer.id]: { hold: transfer } };
  } else if (transfer.pendingTransferId !== undefined) {
    const record = Object.hasOwn(holds, transfer.pendingTransferId)
      ? holds[transfer.pendingTransferId]
      : undefined;
    if (record !== undefined) {
      next = { ...holds, [transfer.pendingTransferId]: { ...record, resolution: transfer } };
    }
  }
  const current = next ?? holds;
  const at = Date.parse(transfer.at);
  const stale = Object.keys(current).filter((id) => {
    const record = current[id];
    return (
      record?.resolution !== undefined &&
      record.hold.timeoutAt !== undefined &&
      Date.parse(record.hold.timeoutAt) <= at
    );
  });
  if (stale.length === 0) return current;
  const gone = new Set(stale);
  return Object.fromEntries(Object.entries(current).filter(([id]) => !gone.has(id)));
};

const withTransfer = (
  state: PointsAccountState,
  transfer: Transfer,
  countsIn: CountedPeriods | undefined,
): PointsAccountState => {
  const debit = copyBalances(balancesIn(state, transfer.debitAccount));
  const credit = copyBalances(balancesIn(state, transfer.creditAccount));
  applyTransferTo(transfer, debit, credit);
  const account =
    state.account ??
    (isCourierAccount(transfer.debitAccount) ? transfer.debitAccount : transfer.creditAccount);
  const courier = transfer.debitAccount === account ? debit : credit;
  // Events recorded without the periods they count in (none are made so) count in UTC.
  const periods = (): CountedPeriods => countsIn ?? localPeriodsOf(earnedAtOf(transfer), "UTC");
  const earned = withoutStaleEarnings(
    countsAgainstCaps(transfer, account)
      ? withEarning(state.earned, periods(), transfer.amount)
      : state.earned,
    transfer.at,
  );
  const lots = lotsAfterTransfer(
    state.lots,
    isLotCredit(transfer, account)
      ? { month: periods().month, amount: transfer.amount }
      : undefined,
    courier.debitsPosted,
  );
  return {
    account,
    balances: {
      ...state.balances,
      [transfer.debitAccount]: debit,
      [transfer.creditAccount]: credit,
    },
    holds: holdsAfter(state.holds, transfer),
    earned,
    lots,
  };
};

/**
 * The state of a courier's points account after an event. No rules: the balances
 * change as `applyTransferTo` says, holds open and close, and credits join what the caps
 * and expiry count. The transfer itself stays in the event (the history), not the state.
 */
export const evolve = (
  state: PointsAccountState,
  event: PointsAccountEvent,
): PointsAccountState => {
  switch (event.type) {
    case "TransferCreated":
    case "PendingTransferPosted":
      return withTransfer(state, event.data.transfer, event.data.countsIn);
    case "PendingTransferVoided":
    case "PendingTransferExpired":
      return withTransfer(state, event.data.transfer, undefined);
    case "PointsNotEarned":
      // Nothing to keep: the command receipt makes the event earn once.
      return state.account === undefined
        ? { ...state, account: courierAccountId(event.data.courierId) }
        : state;
  }
};
