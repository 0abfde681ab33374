import type { AccountId } from "@courier-station/core";
import { type EarnedTotals, NO_EARNED_TOTALS } from "../earning/earned-so-far.js";
import { NO_POINTS_LOTS, type PointsLots } from "../earning/expiry.js";
import type { Transfer } from "../transfer.js";
import { type Balances, ZERO_BALANCES } from "./balances.js";
import type { LedgerView } from "./rules.js";

/**
 * A hold (a pending transfer) of the account, and how it ended once it did: posted,
 * voided or expired.
 */
export interface HoldRecord {
  readonly hold: Transfer;
  /** The post, void or expiry that resolved it; absent while it is open. */
  readonly resolution?: Transfer;
}

/**
 * The state of one courier's points account: what it needs to decide, and nothing that
 * grows with its history. Every transfer has this courier on one side and a system
 * account on the other, so the account holds the balances of the system accounts as far
 * as this courier's transfers go (a system account's balance in the community is the sum
 * of these over every courier; see `systemBalancesOf`).
 *
 * Its size does not depend on how many transfers the account has recorded:
 *
 * - `balances`: the courier's and at most four system accounts';
 * - `holds`: the open holds, and resolved ones until their timeout has passed (so a hold
 *   asked for again is recognised until it could no longer be made anyway);
 * - `earned`: what the caps count, for the days, weeks and months an event can still
 *   count in (`EARNING_WINDOW_DAYS`);
 * - `lots`: what expiry needs, one entry per local month whose points are not all spent.
 *
 * History, statements and audit come from the account's events (`accountTransfersOf`,
 * `courierMonthlyStatement`), not from the state. That a transfer id is recorded once
 * rests on the command receipts the store keeps: every command that records a transfer
 * runs under a command id derived from it (`pointsCommandIdOf`). It is a plain JSON
 * document, stored in one write per command.
 */
export interface PointsAccountState {
  /** The courier account; set by the first event. */
  readonly account?: AccountId;
  /** Balances of this courier account and of the system accounts within this partition. */
  readonly balances: Readonly<Record<string, Balances>>;
  /** Open holds, and resolved ones until their timeout, by hold id. */
  readonly holds: Readonly<Record<string, HoldRecord>>;
  /** What the courier earned against the caps, per local period still open to events. */
  readonly earned: EarnedTotals;
  /** The points credited per local month, for the months not wholly spent. */
  readonly lots: PointsLots;
}

/** The state of an account before its first event. */
export const initialPointsAccountState = (): PointsAccountState => ({
  balances: {},
  holds: {},
  earned: NO_EARNED_TOTALS,
  lots: NO_POINTS_LOTS,
});

const own = <Value>(record: Readonly<Record<string, Value>>, key: string): Value | undefined =>
  Object.hasOwn(record, key) ? record[key] : undefined;

/**
 * A transfer the account still keeps, by id: a hold (open, or resolved until its
 * timeout) or the post, void or expiry that resolved one. Other transfers are in the
 * account's events only.
 */
export const transferOf = (state: PointsAccountState, id: string): Transfer | undefined => {
  const held = own(state.holds, id);
  if (held !== undefined) return held.hold;
  for (const record of Object.values(state.holds)) {
    if (record.resolution?.id === id) return record.resolution;
  }
  return undefined;
};

/** The balances of an account within this partition (zero when it has none). */
export const balancesIn = (state: PointsAccountState, account: string): Balances =>
  own(state.balances, account) ?? ZERO_BALANCES;

/** The holds of the account not yet posted, voided or expired. */
export const openHoldsOf = (state: PointsAccountState): ReadonlyArray<Transfer> =>
  Object.values(state.holds)
    .filter((record) => record.resolution === undefined)
    .map((record) => record.hold);

/** The rules' view of an account's state. */
export const viewOfAccount = (state: PointsAccountState): LedgerView => ({
  transferById: (id) => transferOf(state, id),
  resolutionOf: (pendingTransferId) => own(state.holds, pendingTransferId)?.resolution,
  balancesOf: (account) => balancesIn(state, account),
});
