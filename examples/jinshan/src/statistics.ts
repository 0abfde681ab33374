import {
  type BilingualName,
  type Instant,
  type MonthRunningTotal,
  monthPeriod,
  type ProgrammeFigures,
  periodSince,
  programmeFigures,
  runningTotals,
  type StationId,
  type StatisticsPeriod,
} from "@courier-station/core";
import {
  isCourierAccount,
  type MonthlySummary,
  monthlySummary,
  type PointsSummary,
  pointsSummary,
} from "@courier-station/points";
import {
  type CatalogueFigures,
  catalogueFigures,
  type WishFigures,
  wishFigures,
} from "@courier-station/wishes";
import type { PlayedMonth } from "./month.js";

/** The figures of one scope (the community or a station) over one period. */
export interface ScopeFigures {
  readonly period: StatisticsPeriod;
  /** Couriers, activities and participation, reports and suggestions (core). */
  readonly programme: ProgrammeFigures;
  /** Micro-wishes and the wish-lighting events (wishes). */
  readonly wishes: WishFigures;
  /** The reward catalogue (wishes). */
  readonly catalogue: CatalogueFigures;
}

/** A station's figures: its November and its time since it opened. */
export interface StationFigures {
  readonly stationId: StationId;
  readonly name: BilingualName;
  readonly openedAt: Instant;
  readonly november: ScopeFigures;
  readonly sinceOpening: ScopeFigures;
}

/**
 * The community's figures as the insights service will show them, every one from the
 * packages' own statistics functions: November for the whole community, each station's
 * November and time since it opened, and the community since the first station opened,
 * with running totals month by month.
 */
export interface MonthStatistics {
  readonly year: number;
  readonly month: number;
  readonly november: ScopeFigures & {
    /** Points earned by reason, spent and outstanding (`monthlySummary` of the ledger). */
    readonly points: MonthlySummary;
  };
  readonly stations: ReadonlyArray<StationFigures>;
  readonly sinceOpening: ScopeFigures & {
    readonly points: PointsSummary;
    /** 累计: month by month since the first station opened. */
    readonly runningTotals: ReadonlyArray<MonthRunningTotal>;
  };
  readonly ledger: {
    readonly accounts: number;
    /** The sum of every account's posted balance, and of the pending ones: both zero. */
    readonly postedSum: number;
    readonly pendingSum: number;
    /** Courier accounts with fewer than zero points available: none. */
    readonly couriersBelowZero: number;
  };
  /** Commands the rules refused (full activities, paused sign-ups, …), by code. */
  readonly refusals: Readonly<Record<string, number>>;
}

/**
 * The figures of the played months: core's `programmeFigures` and `runningTotals`,
 * points' `monthlySummary` and `pointsSummary`, wishes' `wishFigures` and
 * `catalogueFigures`, over November and since opening, for the community and each station.
 *
 * @example
 * const statistics = monthStatistics(playJinshanMonth({ seed: 7 }));
 * statistics.sinceOpening.programme.activities.participations; // 人次 since opening
 */
export const monthStatistics = (played: PlayedMonth): MonthStatistics => {
  const { station, policy, endsAt, openedAt } = played;
  const timeZone = policy.general.timeZone;
  const records = station.programmeRecords();
  const wishes = [...station.wishes.values()].map((record) => record.state);
  const redemptions = [...station.catalogueRedemptions.values()].map((record) => record.state);
  const scope = (period: StatisticsPeriod, stationId?: StationId): ScopeFigures => {
    const filter = { period, ...(stationId === undefined ? {} : { stationId }) };
    return {
      period,
      programme: programmeFigures(records, { ...filter, now: endsAt }, policy.suggestions),
      wishes: wishFigures(wishes, filter),
      catalogue: catalogueFigures(redemptions, filter),
    };
  };
  const november = monthPeriod(2026, 11, timeZone);

  const stations = [...station.stations.values()].flatMap((record): StationFigures[] =>
    record.state.status === "unopened"
      ? []
      : [
          {
            stationId: record.state.stationId,
            name: record.state.name,
            openedAt: record.state.openedAt,
            november: scope(november, record.state.stationId),
            sinceOpening: scope(periodSince(record.state.openedAt, endsAt), record.state.stationId),
          },
        ],
  );

  const accounts = station.ledger.accounts();
  let postedSum = 0;
  let pendingSum = 0;
  let couriersBelowZero = 0;
  for (const account of accounts) {
    const balances = station.ledger.balancesOf(account);
    postedSum += balances.creditsPosted - balances.debitsPosted;
    pendingSum += balances.creditsPending - balances.debitsPending;
    if (isCourierAccount(account) && station.ledger.availableOf(account) < 0)
      couriersBelowZero += 1;
  }

  const sinceOpening = periodSince(openedAt, endsAt);
  const transfers = station.ledger.transfers();
  return {
    year: 2026,
    month: 11,
    november: {
      ...scope(november),
      points: monthlySummary(transfers, { year: 2026, month: 11 }, timeZone),
    },
    stations,
    sinceOpening: {
      ...scope(sinceOpening),
      points: pointsSummary(transfers, sinceOpening),
      runningTotals: runningTotals(
        records,
        { since: openedAt, until: endsAt, timeZone },
        policy.suggestions,
      ),
    },
    ledger: { accounts: accounts.length, postedSum, pendingSum, couriersBelowZero },
    refusals: Object.fromEntries(station.refusals),
  };
};
