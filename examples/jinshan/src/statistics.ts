import {
  activitySummary,
  courierFacts,
  type ReportSummary,
  type SuggestionSummary,
  summarizeReports,
  summarizeSuggestions,
} from "@courier-station/core";
import { isCourierAccount, type MonthlySummary, monthlySummary } from "@courier-station/points";
import type { PlayedMonth } from "./month.js";

/** The figures of the station's month, as the insights service will show them. */
export interface MonthStatistics {
  readonly year: number;
  readonly month: number;
  readonly couriers: {
    readonly registered: number;
    readonly verified: number;
    readonly volunteerTeam: number;
    /** Couriers whose sign-ups are paused after too many no-shows. */
    readonly signUpsPaused: number;
  };
  readonly activities: {
    readonly completed: number;
    readonly cancelled: number;
    /** Participations confirmed (人次). */
    readonly participations: number;
    /** Couriers who took part at least once (人数). */
    readonly uniqueParticipants: number;
    /** Volunteer hours (志愿时长) of the confirmed participations. */
    readonly volunteerHours: number;
    readonly walkIns: number;
    readonly noShows: number;
  };
  readonly reports: ReportSummary;
  readonly suggestions: SuggestionSummary;
  /** Points earned by reason, spent and outstanding (`monthlySummary` of the ledger). */
  readonly points: MonthlySummary;
  readonly ledger: {
    readonly accounts: number;
    /** The sum of every account's posted balance, and of the pending ones: both zero. */
    readonly postedSum: number;
    readonly pendingSum: number;
    /** Courier accounts with fewer than zero points available: none. */
    readonly couriersBelowZero: number;
  };
  readonly wishes: {
    readonly fulfilled: number;
    readonly byPoints: number;
    readonly bySponsor: number;
    /** Wishes recorded on sponsors' pages (圆梦人). */
    readonly onSponsorPages: number;
  };
  /** Commands the rules refused (full activities, paused sign-ups, …), by code. */
  readonly refusals: Readonly<Record<string, number>>;
}

/**
 * The month's statistics, from the aggregates' states, the events and the ledger's
 * transfers, with core's and points' own summaries.
 *
 * @example
 * const statistics = monthStatistics(playJinshanMonth({ seed: 7 }));
 * statistics.ledger.postedSum; // 0
 */
export const monthStatistics = (played: PlayedMonth): MonthStatistics => {
  const { station, policy, endsAt } = played;
  const couriers = [...station.couriers.values()].flatMap((record) => {
    const facts = courierFacts(record.state, endsAt);
    return facts === undefined ? [] : [facts];
  });
  const activities = [...station.activities.values()].flatMap((record) => {
    const summary = activitySummary(record.state);
    return summary === undefined ? [] : [summary];
  });
  const completed = activities.filter((summary) => summary.status === "completed");
  const confirmed = station.events.filter((event) => event.type === "ParticipationConfirmed");
  const hundredths = completed.reduce(
    (sum, summary) => sum + Math.round(summary.confirmedHours * 100),
    0,
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

  const fulfilledWishes = [...station.wishes.values()].flatMap((record) =>
    record.state.status === "fulfilled" || record.state.status === "thanked" ? [record.state] : [],
  );
  const sponsorPages = [...station.sponsors.values()].reduce(
    (sum, record) => sum + (record.state.status === "none" ? 0 : record.state.fulfilled.length),
    0,
  );

  return {
    year: 2026,
    month: 11,
    couriers: {
      registered: couriers.length,
      verified: couriers.filter((facts) => facts.status === "active").length,
      volunteerTeam: couriers.filter((facts) => facts.volunteerTeamMember).length,
      signUpsPaused: couriers.filter((facts) => facts.signUpsPausedUntil !== undefined).length,
    },
    activities: {
      completed: completed.length,
      cancelled: activities.filter((summary) => summary.status === "cancelled").length,
      participations: completed.reduce((sum, summary) => sum + summary.confirmed, 0),
      uniqueParticipants: new Set(
        confirmed.map((event) => (event.data as { courierId: string }).courierId),
      ).size,
      volunteerHours: hundredths / 100,
      walkIns: completed.reduce((sum, summary) => sum + summary.walkIns, 0),
      noShows: completed.reduce((sum, summary) => sum + summary.noShows, 0),
    },
    reports: summarizeReports(
      [...station.reports.values()].map((record) => record.state),
      endsAt,
    ),
    suggestions: summarizeSuggestions(
      [...station.suggestions.values()].map((record) => record.state),
      endsAt,
      policy.suggestions,
    ),
    points: monthlySummary(
      station.ledger.transfers(),
      { year: 2026, month: 11 },
      policy.general.timeZone,
    ),
    ledger: { accounts: accounts.length, postedSum, pendingSum, couriersBelowZero },
    wishes: {
      fulfilled: fulfilledWishes.length,
      byPoints: fulfilledWishes.filter((wish) => wish.fulfilment?.postedHold !== undefined).length,
      bySponsor: fulfilledWishes.filter((wish) => wish.fulfilment?.funder?.kind === "sponsor")
        .length,
      onSponsorPages: sponsorPages,
    },
    refusals: Object.fromEntries(station.refusals),
  };
};
