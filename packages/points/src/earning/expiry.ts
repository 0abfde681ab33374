import {
  type AccountId,
  type CommunityPolicy,
  derivedId,
  type Instant,
  type Points,
  type TransferId,
} from "@courier-station/core";
import { applyTransferTo, type Balances, zeroBalances } from "../account/balances.js";
import { systemAccountId } from "../accounts.js";
import type { Transfer } from "../transfer.js";
import { earnedAtOf } from "./earned-so-far.js";
import { localMonthIndexOf, localPeriodsOf } from "./periods.js";

/** A transfer that expires what is left of the points earned in one local month. */
export interface ExpiryTransfer {
  /**
   * Derived from the account, the month and the account's posted debits so far
   * (`derivedId("points-expiry", …)`), so running expiry twice expires once.
   */
  readonly transferId: TransferId;
  readonly debitAccount: AccountId;
  readonly creditAccount: AccountId;
  readonly amount: Points;
  readonly reason: "expiry";
  /** `earned-<YYYY-MM>`: the month whose points expire. */
  readonly reference: string;
  /** The local month the points were earned in, `YYYY-MM`. */
  readonly earnedIn: string;
}

/**
 * What a courier account keeps for expiry instead of its history: the points credited
 * to it (earnings, adjustments granted, posted credits) per local month they were earned
 * in, for the months not yet wholly spent; and how much the months already wholly spent
 * held. Points are consumed oldest month first; a month wholly consumed by posted debits
 * (which never come back, unlike held points) is settled and dropped.
 */
export interface PointsLots {
  /** Points credited per local month of earning (`YYYY-MM`), for the months not settled. */
  readonly byMonth: Readonly<Record<string, number>>;
  /** The points of the settled months: all consumed by posted debits. */
  readonly settled: number;
}

/** No points credited yet. */
export const NO_POINTS_LOTS: PointsLots = Object.freeze({
  byMonth: Object.freeze({}),
  settled: 0,
});

/** The points earned in one local month, and what is left of them. */
export interface PointsLot {
  /** `YYYY-MM`, in the community's time zone. */
  readonly month: string;
  readonly credited: number;
  /** What spending, holds, expiry and deductions left, consumed oldest month first. */
  readonly remaining: number;
}

/** Whether a transfer credits points to a courier account: a lot that can expire. */
export const isLotCredit = (transfer: Transfer, account: AccountId): boolean =>
  transfer.creditAccount === account &&
  (transfer.kind === "single" || transfer.kind === "post") &&
  transfer.amount > 0;

const monthsInOrder = (lots: PointsLots): ReadonlyArray<string> => Object.keys(lots.byMonth).sort();

/**
 * The lots after a transfer of the account: its credit (if it is one) joins the month it
 * was earned in, then the oldest months wholly consumed by the account's posted debits
 * (`debitsPosted`, after the transfer) are settled. The one step both a courier account
 * (in `evolve`) and {@link pointsLotsOf} (over a history) take, so both agree.
 */
export const lotsAfterTransfer = (
  lots: PointsLots,
  credit: { readonly month: string; readonly amount: number } | undefined,
  debitsPosted: number,
): PointsLots => {
  let byMonth = lots.byMonth;
  if (credit !== undefined) {
    const before = Object.hasOwn(byMonth, credit.month) ? (byMonth[credit.month] ?? 0) : 0;
    byMonth = { ...byMonth, [credit.month]: before + credit.amount };
  }
  const months = Object.keys(byMonth).sort();
  let settled = lots.settled;
  let first = 0;
  for (; first < months.length; first++) {
    const credited = byMonth[months[first] as string] ?? 0;
    if (credited > debitsPosted - settled) break;
    settled += credited;
  }
  if (first > 0) {
    const kept = byMonth;
    byMonth = Object.fromEntries(months.slice(first).map((month) => [month, kept[month] ?? 0]));
  }
  return byMonth === lots.byMonth && settled === lots.settled ? lots : { byMonth, settled };
};

/**
 * What is left of each month's points, oldest first, given the courier's balances: every
 * debit (spent, held, expired, deducted) consumes the oldest points first. The remainders
 * add up to the courier's available points.
 */
export const remainingLots = (lots: PointsLots, balances: Balances): ReadonlyArray<PointsLot> => {
  let consumed = balances.debitsPosted + balances.debitsPending - lots.settled;
  return monthsInOrder(lots).map((month) => {
    const credited = lots.byMonth[month] ?? 0;
    const used = Math.max(0, Math.min(consumed, credited));
    consumed -= used;
    return { month, credited, remaining: credited - used };
  });
};

/**
 * The lots and balances of a courier account from its history, months in the
 * community's time zone: what the account's state holds after the same transfers.
 */
const lotsOfHistory = (
  account: AccountId,
  transfers: Iterable<Transfer>,
  timeZone: string,
): { readonly lots: PointsLots; readonly balances: Balances } => {
  const balances = zeroBalances();
  const other = zeroBalances();
  let lots = NO_POINTS_LOTS;
  for (const transfer of transfers) {
    if (transfer.debitAccount === account) applyTransferTo(transfer, balances, other);
    else if (transfer.creditAccount === account) applyTransferTo(transfer, other, balances);
    else continue;
    const credit = isLotCredit(transfer, account)
      ? { month: localPeriodsOf(earnedAtOf(transfer), timeZone).month, amount: transfer.amount }
      : undefined;
    lots = lotsAfterTransfer(lots, credit, balances.debitsPosted);
  }
  return { lots, balances };
};

/**
 * The points a courier account was credited per local month (in `timeZone`), oldest
 * first, with what is left of each once every debit has consumed the oldest first, from
 * the account's history. Months wholly spent are left out.
 *
 * @example
 * pointsLotsOf(account, ledger.historyOf(account), "Asia/Shanghai");
 * // [{ month: "2026-10", credited: 40, remaining: 12 }, { month: "2026-11", credited: 25, remaining: 25 }]
 */
export const pointsLotsOf = (
  account: AccountId,
  transfers: Iterable<Transfer>,
  timeZone: string,
): ReadonlyArray<PointsLot> => {
  const { lots, balances } = lotsOfHistory(account, transfers, timeZone);
  return remainingLots(lots, balances);
};

const monthIndexOfKey = (month: string): number =>
  Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;

/**
 * The transfers that expire a courier's points at `now` under the policy's
 * `points.expiryMonths`, from the lots and balances an account keeps: points earned in a
 * local month expire at the end of the `expiryMonths`-th month after it (in
 * `general.timeZone`), oldest first, and only what was not spent (spending consumes the
 * oldest points first). Points held by a pending transfer are not expired; if the hold is
 * voided they expire on the next run. Empty when the policy has no expiry.
 *
 * @example
 * expiryTransfersFrom(account, state.lots, balancesIn(state, account), now, policy);
 */
export const expiryTransfersFrom = (
  account: AccountId,
  lots: PointsLots,
  balances: Balances,
  now: Instant,
  policy: CommunityPolicy,
): ReadonlyArray<ExpiryTransfer> => {
  const months = policy.points.expiryMonths;
  if (months === undefined) return [];
  const nowMonth = localMonthIndexOf(now, policy.general.timeZone);
  const result: ExpiryTransfer[] = [];
  for (const lot of remainingLots(lots, balances)) {
    if (lot.remaining === 0) continue;
    if (nowMonth <= monthIndexOfKey(lot.month) + months) continue;
    result.push({
      // The posted debits only grow, and an expiry is one of them, so the next run for the
      // same month gets another id.
      transferId: derivedId(
        "points-expiry",
        account,
        lot.month,
        String(balances.debitsPosted),
      ) as TransferId,
      debitAccount: account,
      creditAccount: systemAccountId("expiry"),
      amount: lot.remaining as Points,
      reason: "expiry",
      reference: `earned-${lot.month}`,
      earnedIn: lot.month,
    });
  }
  return result;
};

/**
 * The transfers that expire a courier's points at `now`, from the account's history (see
 * {@link expiryTransfersFrom}, which a courier account uses with what it keeps; both give
 * the same transfers). Running it again after applying its transfers yields nothing.
 *
 * @example
 * for (const transfer of expiryTransfers(account, ledger.historyOf(account), now, policy)) {
 *   ledger.applyOne(plannedTransferRequest(transfer, "system:expiry"), now);
 * }
 */
export const expiryTransfers = (
  account: AccountId,
  transfers: Iterable<Transfer>,
  now: Instant,
  policy: CommunityPolicy,
): ReadonlyArray<ExpiryTransfer> => {
  const { lots, balances } = lotsOfHistory(account, transfers, policy.general.timeZone);
  return expiryTransfersFrom(account, lots, balances, now, policy);
};
