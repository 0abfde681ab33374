import type { AccountId, Instant } from "@courier-station/core";
import { applyTransferTo, type MutableBalances, zeroBalances } from "../account/balances.js";
import type { PointsNotEarned, TransferEvent } from "../account/events.js";
import { isCourierAccount, systemAccountKindOf } from "../accounts.js";
import { localMonthIndexOf } from "../earning/periods.js";
import type { Transfer } from "../transfer.js";
import type { CalendarMonth } from "./monthly-summary.js";

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
 * A courier's position carried over transfers: the position after `transfers`, each
 * applied to its courier side, starting from `start` (a courier's position before them,
 * or the sum of several couriers' positions). A transfer's effect does not depend on the
 * position it starts from, so what is carried over a part of a history adds to what is
 * carried over the rest.
 *
 * @example
 * const december = courierPositionAfter(novemberOpening, novemberTransfers); // December's opening
 */
export const courierPositionAfter = (
  start: Pick<StatementPosition, "balance" | "held">,
  transfers: Iterable<Transfer>,
): StatementPosition => {
  const balances = zeroBalances();
  balances.creditsPosted = start.balance;
  balances.debitsPending = start.held;
  for (const transfer of transfers) {
    const courier = isCourierAccount(transfer.creditAccount)
      ? transfer.creditAccount
      : transfer.debitAccount;
    applyFor(courier, transfer, balances);
  }
  return positionOf(balances);
};

/** Where a transfer falls for a statement: before its period, in it, or after it. */
type Placement = "before" | "in" | "after";

const statementOf = (
  account: AccountId,
  transfers: Iterable<Transfer>,
  placementOf: (transfer: Transfer) => Placement,
): CourierStatement => {
  const opening = zeroBalances();
  const running = zeroBalances();
  const inPeriod: Transfer[] = [];
  for (const transfer of transfers) {
    if (transfer.debitAccount !== account && transfer.creditAccount !== account) continue;
    const placement = placementOf(transfer);
    if (placement === "before") {
      applyFor(account, transfer, opening);
      applyFor(account, transfer, running);
    } else if (placement === "in") inPeriod.push(transfer);
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
  return statementOf(account, transfers, (transfer) => {
    const at = Date.parse(transfer.at);
    return at < fromMillis ? "before" : at < toMillis ? "in" : "after";
  });
};

/** An event of a courier account, bare or in its envelope: a type and data. */
export interface AccountEventLike {
  readonly type: string;
  readonly data: unknown;
}

const TRANSFER_EVENT_TYPES: ReadonlySet<string> = new Set([
  "TransferCreated",
  "PendingTransferPosted",
  "PendingTransferVoided",
  "PendingTransferExpired",
]);

/**
 * The transfers a courier account's events record, in order: its history and audit
 * trail, which the account's state does not keep. Takes bare events or envelopes, as the
 * store's stream gives them; other events are skipped.
 *
 * @example
 * const history = accountTransfersOf(yield* store.readStream(key));
 */
export const accountTransfersOf = (events: Iterable<AccountEventLike>): ReadonlyArray<Transfer> => {
  const transfers: Transfer[] = [];
  for (const event of events) {
    if (TRANSFER_EVENT_TYPES.has(event.type)) {
      transfers.push((event as TransferEvent).data.transfer);
    }
  }
  return transfers;
};

/** A courier's statement of one local month, with the events that earned nothing in it. */
export interface CourierMonthlyStatement extends CourierStatement {
  readonly year: number;
  readonly month: number;
  /** Events of the month that earned nothing, and why (a cap, the rules, too late). */
  readonly notEarned: ReadonlyArray<PointsNotEarned["data"]>;
}

/**
 * A courier's statement (积分明细) of one local month, from their account's events (bare
 * or envelopes): the position when the month began, every transfer recorded in it with
 * the running balance, held and available points, the totals, and the events that earned
 * nothing in it (by when they counted). Months are local to `timeZone`. Pure: a service
 * gives it the stream, or a read model keeps the same per month.
 *
 * @example
 * const november = courierMonthlyStatement(account, events, { year: 2026, month: 11 }, "Asia/Shanghai");
 * november.closing.available; // what the courier could spend at the end of November
 */
export const courierMonthlyStatement = (
  account: AccountId,
  events: Iterable<AccountEventLike>,
  month: CalendarMonth,
  timeZone: string,
): CourierMonthlyStatement => {
  const target = month.year * 12 + month.month - 1;
  const placement = (instant: Instant): Placement => {
    const index = localMonthIndexOf(instant, timeZone);
    return index < target ? "before" : index === target ? "in" : "after";
  };
  const all = [...events];
  const statement = statementOf(account, accountTransfersOf(all), (transfer) =>
    placement(transfer.at),
  );
  const notEarned = all.flatMap((event) =>
    event.type === "PointsNotEarned" &&
    placement((event.data as PointsNotEarned["data"]).earnedAt) === "in"
      ? [event.data as PointsNotEarned["data"]]
      : [],
  );
  return { ...statement, year: month.year, month: month.month, notEarned };
};
