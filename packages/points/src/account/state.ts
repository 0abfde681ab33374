import type { AccountId } from "@courier-station/core";
import type { Transfer } from "../transfer.js";
import { type Balances, ZERO_BALANCES } from "./balances.js";
import type { LedgerView } from "./rules.js";

/**
 * The state of one courier's points account: its partition of the community ledger.
 * Every transfer has this courier on one side and a system account on the other, so
 * the account holds the whole of each of its transfers, and the balances of the system
 * accounts as far as this courier's transfers go (a system account's balance in the
 * community is the sum of these over every courier; see `systemBalancesOf`).
 *
 * It is a plain JSON document, stored in one write per command.
 */
export interface PointsAccountState {
  /** The courier account; set by the first event. */
  readonly account?: AccountId;
  /** Balances of this courier account and of the system accounts within this partition. */
  readonly balances: Readonly<Record<string, Balances>>;
  /** Every transfer of the account, in the order recorded: the history and audit trail. */
  readonly transfers: ReadonlyArray<Transfer>;
  /** Where each transfer is in `transfers`, by id. */
  readonly positions: Readonly<Record<string, number>>;
  /** The transfer that posted, voided or expired each resolved pending transfer, by its id. */
  readonly resolutions: Readonly<Record<string, string>>;
  /** The events already considered for earning, by event id: each earns at most once. */
  readonly triggers: Readonly<Record<string, "earned" | "not_earned">>;
}

/** The state of an account before its first event. */
export const initialPointsAccountState = (): PointsAccountState => ({
  balances: {},
  transfers: [],
  positions: {},
  resolutions: {},
  triggers: {},
});

const own = <Value>(record: Readonly<Record<string, Value>>, key: string): Value | undefined =>
  Object.hasOwn(record, key) ? record[key] : undefined;

/** A transfer of the account by id. */
export const transferOf = (state: PointsAccountState, id: string): Transfer | undefined => {
  const position = own(state.positions, id);
  return position === undefined ? undefined : state.transfers[position];
};

/** The balances of an account within this partition (zero when it has none). */
export const balancesIn = (state: PointsAccountState, account: string): Balances =>
  own(state.balances, account) ?? ZERO_BALANCES;

/** Whether an event was already considered for earning by this account. */
export const triggerHandled = (state: PointsAccountState, eventId: string): boolean =>
  Object.hasOwn(state.triggers, eventId);

/** The rules' view of an account's state. */
export const viewOfAccount = (state: PointsAccountState): LedgerView => ({
  transferById: (id) => transferOf(state, id),
  resolutionOf: (pendingTransferId) => {
    const id = own(state.resolutions, pendingTransferId);
    return id === undefined ? undefined : transferOf(state, id);
  },
  balancesOf: (account) => balancesIn(state, account),
});
