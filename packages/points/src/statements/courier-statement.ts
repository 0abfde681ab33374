import type { AccountId, Instant } from "@courier-station/core";
import { applyTransferTo, type MutableBalances, zeroBalances } from "../account/balances.js";
import { systemAccountKindOf } from "../accounts.js";
import type { Transfer } from "../transfer.js";

/** A courier's position at a moment: posted balance, points held, and what is available. */
export interface StatementPosition {
  /** Credits posted less debits posted. */
  readonly balance: number;
  /** Points reserved by pending debits (holds). */
  readonly held: number;
  /** `balance − held`: what the courier can spend. */
  readonly available: number;
}

/** One line of a courier's statement: a transfer and the position after it. */
export interface StatementLine extends StatementPosition {
  readonly transfer: Transfer;
  /** How the posted balance changed (negative for points out). */
  readonly balanceChange: number;
  /** How the points held changed. */
  readonly heldChange: number;
}

/** What moved in a statement's period, by kind of movement (posted only). */
export interface StatementTotals {
  /** Points earned (credited from the issuance account). */
  readonly earned: number;
  /** Points spent on wishes and catalogue items. */
  readonly spent: number;
  /** Points expired. */
  readonly expired: number;
  /** Points granted by staff adjustments. */
  readonly granted: number;
  /** Points deducted by staff adjustments. */
  readonly deducted: number;
}

/** A courier's statement (积分明细): opening position, one line per transfer, closing position. */
export interface CourierStatement {
  readonly account: AccountId;
  readonly opening: StatementPosition;
  readonly lines: ReadonlyArray<StatementLine>;
  readonly closing: StatementPosition;
  readonly totals: StatementTotals;
}

const other = zeroBalances();

const positionOf = (balances: MutableBalances): StatementPosition => {
  const balance = balances.creditsPosted - balances.debitsPosted;
  return { balance, held: balances.debitsPending, available: balance - balances.debitsPending };
};

const applyFor = (account: AccountId, transfer: Transfer, balances: MutableBalances): void => {
  if (transfer.debitAccount === account) applyTransferTo(transfer, balances, other);
  else applyTransferTo(transfer, other, balances);
};

/**
 * A courier's statement with a running balance: every transfer of the account
 * recorded in `[from, to)` (all when not given), in the order recorded, each with the
 * position after it; the opening position counts everything recorded before `from`.
 * Earnings cut by a cap carry it in `transfer.earning` (`requested`, `cappedBy`).
 *
 * @example
 * const statement = courierStatement(account, ledger.historyOf(account));
 * for (const line of statement.lines) console.log(line.transfer.reason, line.balanceChange, line.balance);
 */
export const courierStatement = (
  account: AccountId,
  transfers: Iterable<Transfer>,
  period: { readonly from?: Instant; readonly to?: Instant } = {},
): CourierStatement => {
  const fromMillis = period.from === undefined ? Number.NEGATIVE_INFINITY : Date.parse(period.from);
  const toMillis = period.to === undefined ? Number.POSITIVE_INFINITY : Date.parse(period.to);
  const opening = zeroBalances();
  const running = zeroBalances();
  const inPeriod: Transfer[] = [];
  for (const transfer of transfers) {
    if (transfer.debitAccount !== account && transfer.creditAccount !== account) continue;
    const at = Date.parse(transfer.at);
    if (at < fromMillis) {
      applyFor(account, transfer, opening);
      applyFor(account, transfer, running);
    } else if (at < toMillis) inPeriod.push(transfer);
  }
  const lines: StatementLine[] = [];
  const totals = { earned: 0, spent: 0, expired: 0, granted: 0, deducted: 0 };
  for (const transfer of inPeriod) {
    const before = positionOf(running);
    applyFor(account, transfer, running);
    const after = positionOf(running);
    const balanceChange = after.balance - before.balance;
    lines.push({
      transfer,
      balanceChange,
      heldChange: after.held - before.held,
      ...after,
    });
    if (balanceChange !== 0) {
      const counterpart = systemAccountKindOf(
        transfer.debitAccount === account ? transfer.creditAccount : transfer.debitAccount,
      );
      if (counterpart === "issuance") totals.earned += balanceChange;
      else if (counterpart === "redemption") totals.spent -= balanceChange;
      else if (counterpart === "expiry") totals.expired -= balanceChange;
      else if (counterpart === "adjustment") {
        if (balanceChange > 0) totals.granted += balanceChange;
        else totals.deducted -= balanceChange;
      }
    }
  }
  return {
    account,
    opening: positionOf(opening),
    lines,
    closing: positionOf(running),
    totals,
  };
};
