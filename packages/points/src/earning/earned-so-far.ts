import { type AccountId, DAY, type Instant } from "@courier-station/core";
import type { Transfer, TransferReason } from "../transfer.js";
import { isoWeekOf, type LocalPeriods, localPeriodsOf } from "./periods.js";

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
    if (!countsAgainstCaps(transfer, account)) continue;
    const earned = localPeriodsOf(earnedAtOf(transfer), timeZone);
    if (earned.month === periods.month) month += transfer.amount;
    if (earned.week === periods.week) week += transfer.amount;
    if (earned.day === periods.day) day += transfer.amount;
  }
  return { day, week, month };
};

/**
 * How long after the time of its fact an event can still earn points: 60 days. A courier
 * account keeps what it earned per local day, week and month only for as long as an
 * event can still count in them, so its state stays small however long it lives; an
 * event that arrives later earns nothing (`PointsNotEarned`, reason `too_late`) and staff
 * may adjust by hand. Flows run within minutes of their events; the window covers weeks
 * of outage.
 */
export const EARNING_WINDOW_DAYS = 60;

/**
 * Whether an event whose points count at `earnedAt` comes too late to earn at `now`:
 * more than {@link EARNING_WINDOW_DAYS} before it.
 *
 * @example
 * isTooLateToEarn(Instant.parse("2026-09-01T00:00:00Z"), Instant.parse("2026-11-28T00:00:00Z")); // true
 */
export const isTooLateToEarn = (earnedAt: Instant, now: Instant): boolean =>
  Date.parse(earnedAt) < Date.parse(now) - EARNING_WINDOW_DAYS * DAY;

/**
 * What a courier earned, counting against caps, per local day, ISO week and month (keys
 * as {@link localPeriodsOf} makes them), for the periods an event can still count in:
 * what a courier account keeps instead of its history to apply the caps.
 */
export interface EarnedTotals {
  readonly days: Readonly<Record<string, number>>;
  readonly weeks: Readonly<Record<string, number>>;
  readonly months: Readonly<Record<string, number>>;
}

/** Nothing earned in any period. */
export const NO_EARNED_TOTALS: EarnedTotals = Object.freeze({
  days: Object.freeze({}),
  weeks: Object.freeze({}),
  months: Object.freeze({}),
});

const added = (
  totals: Readonly<Record<string, number>>,
  key: string,
  amount: number,
): Readonly<Record<string, number>> => ({ ...totals, [key]: (own(totals, key) ?? 0) + amount });

const own = (totals: Readonly<Record<string, number>>, key: string): number | undefined =>
  Object.hasOwn(totals, key) ? totals[key] : undefined;

/**
 * Whether a transfer counts against a courier's caps: a posted credit to the courier
 * (single or post) for a capped reason.
 */
export const countsAgainstCaps = (transfer: Transfer, account: AccountId): boolean =>
  transfer.creditAccount === account &&
  (transfer.kind === "single" || transfer.kind === "post") &&
  cappedReasons.has(transfer.reason);

/**
 * The totals after a credit that counts against the caps, in the local periods it
 * counts in (`localPeriodsOf(earnedAtOf(transfer), timeZone)`).
 */
export const withEarning = (
  totals: EarnedTotals,
  periods: LocalPeriods,
  amount: number,
): EarnedTotals => ({
  days: added(totals.days, periods.day, amount),
  weeks: added(totals.weeks, periods.week, amount),
  months: added(totals.months, periods.month, amount),
});

// A margin of three days over the window: local days differ from UTC dates by up to a
// day, and the clocks of two service instances by up to another.
const RETENTION_DAYS = EARNING_WINDOW_DAYS + 3;

const dropBefore = (
  totals: Readonly<Record<string, number>>,
  first: string,
): Readonly<Record<string, number>> => {
  const keys = Object.keys(totals);
  if (keys.every((key) => key >= first)) return totals;
  return Object.fromEntries(Object.entries(totals).filter(([key]) => key >= first));
};

/**
 * The totals without the periods no event can count in any more once the account has
 * recorded a transfer at `at`: days, weeks and months that ended before the earning
 * window (with a margin) began. Keys are compared as text, which orders them in time.
 */
export const withoutStaleEarnings = (totals: EarnedTotals, at: Instant): EarnedTotals => {
  const horizon = new Date(Date.parse(at) - RETENTION_DAYS * DAY);
  const year = horizon.getUTCFullYear();
  const month = horizon.getUTCMonth() + 1;
  const day = horizon.getUTCDate();
  const week = isoWeekOf(year, month, day);
  const two = (value: number) => String(value).padStart(2, "0");
  const yearText = String(year).padStart(4, "0");
  const days = dropBefore(totals.days, `${yearText}-${two(month)}-${two(day)}`);
  const weeks = dropBefore(
    totals.weeks,
    `${String(week.year).padStart(4, "0")}-W${two(week.week)}`,
  );
  const months = dropBefore(totals.months, `${yearText}-${two(month)}`);
  return days === totals.days && weeks === totals.weeks && months === totals.months
    ? totals
    : { days, weeks, months };
};

/**
 * What a courier has earned so far in the local day, week and month of `periods`, from
 * the totals an account keeps. The same as {@link earnedSoFarOf} over its history for any
 * event inside the earning window.
 *
 * @example
 * earnedSoFarIn(state.earned, localPeriodsOf(confirmedAt, policy.general.timeZone));
 */
export const earnedSoFarIn = (totals: EarnedTotals, periods: LocalPeriods): EarnedSoFar => ({
  day: own(totals.days, periods.day) ?? 0,
  week: own(totals.weeks, periods.week) ?? 0,
  month: own(totals.months, periods.month) ?? 0,
});
