import type { AccountId, Instant } from "@courier-station/core";
import type { Transfer, TransferReason } from "../transfer.js";
import { localPeriodsOf } from "./periods.js";

/**
 * What a courier has earned so far in the local day, ISO week and month of an
 * instant: what the caps are measured against.
 */
export interface EarnedSoFar {
  readonly day: number;
  readonly week: number;
  readonly month: number;
}

/** Nothing earned yet. */
export const NOTHING_EARNED: EarnedSoFar = Object.freeze({ day: 0, week: 0, month: 0 });

/**
 * The reasons whose points count against the caps: everything earned by taking part
 * (participation, reports, suggestions, patrols and campaign bonuses on them). Welcome
 * points and manual adjustments do not.
 */
export const cappedReasons: ReadonlySet<TransferReason> = new Set<TransferReason>([
  "participation",
  "report",
  "suggestion",
  "patrol",
  "campaign_bonus",
]);

/** When a credit counts as earned: the time of its cause for earnings, else when recorded. */
export const earnedAtOf = (transfer: Transfer): Instant =>
  transfer.earning?.earnedAt ?? transfer.at;

/**
 * What a courier account has earned, counting against caps, in the local periods of
 * `at` (the time of the new earning), from the account's history.
 *
 * @example
 * const soFar = earnedSoFarOf(history, courierAccountId(courierId), confirmedAt, "Asia/Shanghai");
 * // { day: 20, week: 45, month: 130 }
 */
export const earnedSoFarOf = (
  transfers: Iterable<Transfer>,
  account: AccountId,
  at: Instant,
  timeZone: string,
): EarnedSoFar => {
  const periods = localPeriodsOf(at, timeZone);
  let day = 0;
  let week = 0;
  let month = 0;
  for (const transfer of transfers) {
    if (transfer.creditAccount !== account) continue;
    if (transfer.kind !== "single" && transfer.kind !== "post") continue;
    if (!cappedReasons.has(transfer.reason)) continue;
    const earned = localPeriodsOf(earnedAtOf(transfer), timeZone);
    if (earned.month === periods.month) month += transfer.amount;
    if (earned.week === periods.week) week += transfer.amount;
    if (earned.day === periods.day) day += transfer.amount;
  }
  return { day, week, month };
};
