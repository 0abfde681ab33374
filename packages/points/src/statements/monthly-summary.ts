import type { Instant } from "@courier-station/core";
import { isCourierAccount, systemAccountKindOf } from "../accounts.js";
import { localMonthIndexOf } from "../earning/periods.js";
import type { EarningReason, Transfer } from "../transfer.js";

/** A local calendar month. */
export interface CalendarMonth {
  readonly year: number;
  /** 1 to 12. */
  readonly month: number;
}

/**
 * A community's points in one local month (月度积分汇总). Amounts are posted points;
 * the identity `closingOutstanding = openingOutstanding + earned + granted − spent −
 * expired − deducted` always holds.
 */
export interface MonthlySummary {
  readonly year: number;
  readonly month: number;
  readonly timeZone: string;
  /** Points earned, by reason. */
  readonly earnedByReason: Readonly<Record<EarningReason, number>>;
  readonly earned: number;
  /** Points spent, by reason. */
  readonly spentByReason: Readonly<Record<"wish_redemption" | "catalogue_redemption", number>>;
  readonly spent: number;
  readonly expired: number;
  /** Staff adjustments: granted to couriers and deducted from them. */
  readonly granted: number;
  readonly deducted: number;
  /** Points couriers held (all their posted balances) when the month began. */
  readonly openingOutstanding: number;
  /** Points couriers held when the month ended. */
  readonly closingOutstanding: number;
  /** Points reserved by pending holds when the month ended (part of the outstanding). */
  readonly heldAtClose: number;
  /** How many couriers earned, and how many spent, in the month. */
  readonly couriersEarning: number;
  readonly couriersSpending: number;
  /** How many transfers were recorded in the month. */
  readonly transferCount: number;
}

/**
 * A community's monthly summary from its transfers (the in-memory ledger's
 * `transfers()`, or every courier account's history): what was earned by reason, spent,
 * expired and adjusted in the local month (by when each transfer was recorded, in the
 * community's time zone), and the points outstanding at its start and end.
 *
 * @example
 * monthlySummary(ledger.transfers(), { year: 2026, month: 11 }, policy.general.timeZone);
 */
export const monthlySummary = (
  transfers: Iterable<Transfer>,
  month: CalendarMonth,
  timeZone: string,
): MonthlySummary => {
  const target = month.year * 12 + month.month - 1;
  const earnedByReason: Record<EarningReason, number> = {
    participation: 0,
    report: 0,
    suggestion: 0,
    patrol: 0,
    welcome: 0,
    campaign_bonus: 0,
  };
  const spentByReason = { wish_redemption: 0, catalogue_redemption: 0 };
  let expired = 0;
  let granted = 0;
  let deducted = 0;
  let opening = 0;
  let closing = 0;
  let heldAtClose = 0;
  let transferCount = 0;
  const earning = new Set<string>();
  const spending = new Set<string>();
  // Month indexes of recorded instants repeat a lot: remember them.
  const monthOf = new Map<Instant, number>();

  for (const transfer of transfers) {
    let index = monthOf.get(transfer.at);
    if (index === undefined) {
      index = localMonthIndexOf(transfer.at, timeZone);
      monthOf.set(transfer.at, index);
    }
    if (index > target) continue;
    const creditsCourier = isCourierAccount(transfer.creditAccount);
    const courier = creditsCourier ? transfer.creditAccount : transfer.debitAccount;
    const counterpart = systemAccountKindOf(
      creditsCourier ? transfer.debitAccount : transfer.creditAccount,
    );
    // Points held from couriers: a pending debit adds, its resolution releases.
    if (!creditsCourier) {
      if (transfer.kind === "pending") heldAtClose += transfer.amount;
      else if (transfer.kind === "post") heldAtClose -= transfer.heldAmount ?? transfer.amount;
      else if (transfer.kind === "void" || transfer.kind === "expire")
        heldAtClose -= transfer.amount;
    }
    const posted = transfer.kind === "single" || transfer.kind === "post" ? transfer.amount : 0;
    const change = creditsCourier ? posted : -posted;
    closing += change;
    if (index < target) {
      opening += change;
      continue;
    }
    transferCount += 1;
    if (posted === 0) continue;
    if (counterpart === "issuance" && creditsCourier) {
      const reason = transfer.reason as EarningReason;
      earnedByReason[reason] += posted;
      earning.add(courier);
    } else if (counterpart === "redemption" && !creditsCourier) {
      if (transfer.reason === "catalogue_redemption") spentByReason.catalogue_redemption += posted;
      else spentByReason.wish_redemption += posted;
      spending.add(courier);
    } else if (counterpart === "expiry") expired += creditsCourier ? -posted : posted;
    else if (counterpart === "adjustment") {
      if (creditsCourier) granted += posted;
      else deducted += posted;
    }
  }
  const earned = Object.values(earnedByReason).reduce((sum, value) => sum + value, 0);
  const spent = spentByReason.wish_redemption + spentByReason.catalogue_redemption;
  return {
    year: month.year,
    month: month.month,
    timeZone,
    earnedByReason,
    earned,
    spentByReason,
    spent,
    expired,
    granted,
    deducted,
    openingOutstanding: opening,
    closingOutstanding: closing,
    heldAtClose,
    couriersEarning: earning.size,
    couriersSpending: spending.size,
    transferCount,
  };
};
