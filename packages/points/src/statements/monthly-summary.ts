import { type Instant, millisOf, monthPeriod, type StatisticsPeriod } from "@courier-station/core";
import { isCourierAccount, systemAccountKindOf } from "../accounts.js";
import type { EarningReason, Transfer } from "../transfer.js";

/** A local calendar month. */
export interface CalendarMonth {
  readonly year: number;
  /** 1 to 12. */
  readonly month: number;
}

/**
 * A community's points over a period (积分汇总): a month, a quarter, a year, or since the
 * station opened. Amounts are posted points; the identity `closingOutstanding =
 * openingOutstanding + earned + granted − spent − expired − deducted` always holds.
 */
export interface PointsSummary {
  /** The period counted. */
  readonly period: StatisticsPeriod;
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
  /** Points couriers held (all their posted balances) when the period began. */
  readonly openingOutstanding: number;
  /** Points couriers held when the period ended. */
  readonly closingOutstanding: number;
  /** Points reserved by pending holds when the period ended (part of the outstanding). */
  readonly heldAtClose: number;
  /** How many couriers earned, and how many spent, in the period. */
  readonly couriersEarning: number;
  readonly couriersSpending: number;
  /** How many transfers were recorded in the period. */
  readonly transferCount: number;
}

/** A community's points in one local month (月度积分汇总): a {@link PointsSummary} of it. */
export interface MonthlySummary extends PointsSummary {
  readonly year: number;
  readonly month: number;
  readonly timeZone: string;
}

/**
 * Where the couriers' points stood before the first of the transfers given to
 * {@link pointsSummary}: all their posted balances, and the points held by their pending
 * holds (as a courier statement's position, summed over the couriers).
 */
export interface PointsOpening {
  readonly balance: number;
  readonly held: number;
}

/** Nothing before the transfers: they start at each account's first transfer. */
const NO_OPENING: PointsOpening = { balance: 0, held: 0 };

/**
 * A community's points over a period from its transfers (the in-memory ledger's
 * `transfers()`, or every courier account's history): what was earned by reason, spent,
 * expired and adjusted in the period (by when each transfer was recorded), and the points
 * outstanding at its start and end. Points belong to the community's ledger, not to a
 * station, so there is no station filter.
 *
 * The transfers need not go back to the start: with `opening`, the couriers' position at
 * some instant (as `courierPositionAfter` carries it), they are every transfer recorded
 * from that instant on, which must not be later than the period's start. A read model
 * that keeps transfers by month then reads only the months of the period.
 *
 * @example
 * pointsSummary(ledger.transfers(), periodSince(station.openedAt, now)); // since opening
 * pointsSummary(ledger.transfers(), quarterPeriod(2026, 4, policy.general.timeZone));
 * pointsSummary(novemberTransfers, november, positionOnNovemberFirst);
 */
export const pointsSummary = (
  transfers: Iterable<Transfer>,
  period: StatisticsPeriod,
  opening: PointsOpening = NO_OPENING,
): PointsSummary => {
  const from = millisOf(period.from);
  const to = millisOf(period.to);
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
  let openingOutstanding = opening.balance;
  let closing = opening.balance;
  let heldAtClose = opening.held;
  let transferCount = 0;
  const earning = new Set<string>();
  const spending = new Set<string>();
  // Recorded instants repeat a lot: parse each once.
  const millisAt = new Map<Instant, number>();

  for (const transfer of transfers) {
    let at = millisAt.get(transfer.at);
    if (at === undefined) {
      at = millisOf(transfer.at);
      millisAt.set(transfer.at, at);
    }
    if (at >= to) continue;
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
    if (at < from) {
      openingOutstanding += change;
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
    period,
    earnedByReason,
    earned,
    spentByReason,
    spent,
    expired,
    granted,
    deducted,
    openingOutstanding,
    closingOutstanding: closing,
    heldAtClose,
    couriersEarning: earning.size,
    couriersSpending: spending.size,
    transferCount,
  };
};

/**
 * A community's monthly summary from its transfers: the {@link pointsSummary} of the local
 * month in the community's time zone.
 *
 * @example
 * monthlySummary(ledger.transfers(), { year: 2026, month: 11 }, policy.general.timeZone);
 */
export const monthlySummary = (
  transfers: Iterable<Transfer>,
  month: CalendarMonth,
  timeZone: string,
): MonthlySummary => ({
  year: month.year,
  month: month.month,
  timeZone,
  ...pointsSummary(transfers, monthPeriod(month.year, month.month, timeZone)),
});
