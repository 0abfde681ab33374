import { type ActivityKind, activityKinds } from "../activities/kinds.js";
import { type ActivityState, isActivityPlanned } from "../activities/state.js";
import { activitySummary } from "../activities/views.js";
import { type CourierStatus, CourierStatus as CourierStatusSchema } from "../couriers/facts.js";
import { type Courier, type CourierState, isRegistered } from "../couriers/state.js";
import { type Platform, Platform as PlatformSchema } from "../couriers/values.js";
import { courierFacts } from "../couriers/views.js";
import type { CourierId, StationId } from "../kernel/ids.js";
import type { Instant } from "../kernel/time.js";
import type { SuggestionPolicy } from "../policy/sections/suggestions.js";
import { isSubmitted, type ReportState } from "../reports/state.js";
import { type ReportSummary, summarizeReports } from "../reports/statistics.js";
import { isSuggestionSubmitted, type SuggestionState } from "../suggestions/state.js";
import { type SuggestionSummary, summarizeSuggestions } from "../suggestions/statistics.js";
import { isWithinPeriod, type StatisticsPeriod } from "./period.js";

/**
 * The records the programme's figures are counted from: the states of a community's
 * couriers, activities, sentinel reports and suggestions (from the aggregates or the
 * insights service's read model). Records of other communities must be left out by the
 * caller.
 */
export interface ProgrammeRecords {
  readonly couriers: Iterable<CourierState>;
  readonly activities: Iterable<ActivityState>;
  readonly reports: Iterable<ReportState>;
  readonly suggestions: Iterable<SuggestionState>;
}

/**
 * What to count: a period, and optionally one station.
 *
 * - `period`: a month, a quarter, a year, or since the station opened (see
 *   `monthPeriod`, `quarterPeriod`, `yearPeriod`, `periodSince`);
 * - `stationId`: only that station's records; absent, every record of the community,
 *   those of no known station included;
 * - `now`: when standing figures (overdue reports, paused sign-ups) are taken; by default
 *   the end of the period.
 */
export interface FigureScope {
  readonly period: StatisticsPeriod;
  readonly stationId?: StationId;
  readonly now?: Instant;
}

/** Participation counted two ways: 人次 (each confirmed participation) and 人数 (couriers). */
export interface ParticipationCount {
  /** Confirmed participations (人次). */
  readonly participations: number;
  /** Couriers with at least one (人数). */
  readonly participants: number;
}

/** The couriers of a station or the community. */
export interface CourierFigures {
  /** Couriers who checked in (小哥报到) in the period. */
  readonly checkedIn: number;
  /** Couriers staff verified in the period. */
  readonly verified: number;
  /** Of those who checked in, party members (党员报到). */
  readonly partyMembersCheckedIn: number;
  /** Of those who checked in, by platform; a courier of several platforms counts in each. */
  readonly checkedInByPlatform: Readonly<Record<Platform, number>>;
  /** Every courier checked in before the period ended, whatever became of them. */
  readonly registered: number;
  /** Those couriers by their status, as the states given are (take them at the period's end). */
  readonly byStatus: Readonly<Record<CourierStatus, number>>;
  /** Those couriers by platform; a courier of several platforms counts in each. */
  readonly byPlatform: Readonly<Record<Platform, number>>;
  /**
   * Standing figures of those couriers, as the states given are (take them at the
   * period's end): active, in the volunteer team, party members, sign-ups paused at `now`.
   */
  readonly active: number;
  readonly volunteerTeam: number;
  readonly partyMembers: number;
  readonly signUpsPaused: number;
}

/** The activities of a station or the community, and the participation in them. */
export interface ActivityFigures {
  /** Activities completed (held), of those starting in the period. */
  readonly held: number;
  readonly cancelled: number;
  /** Activities held, by kind (the wish-lighting events among them). */
  readonly heldByKind: Readonly<Record<ActivityKind, number>>;
  /** Confirmed participations (人次) and the couriers behind them (人数). */
  readonly participations: number;
  readonly participants: number;
  /** Confirmed participations by the kind of their activity. */
  readonly participationsByKind: Readonly<Record<ActivityKind, number>>;
  /** Volunteer hours (志愿时长) of the confirmed participations, to two decimals. */
  readonly volunteerHours: number;
  readonly walkIns: number;
  readonly noShows: number;
  /** Participation by party members (党员). */
  readonly byPartyMembers: ParticipationCount;
  /** Participation by platform; a courier of several platforms counts in each. */
  readonly byPlatform: Readonly<Record<Platform, ParticipationCount>>;
}

/**
 * The figures a district reports, for one period and one station or the whole community
 * (see {@link programmeFigures}).
 */
export interface ProgrammeFigures {
  readonly period: StatisticsPeriod;
  /** The station counted; absent: the whole community. */
  readonly stationId?: StationId;
  readonly couriers: CourierFigures;
  readonly activities: ActivityFigures;
  /** Reports submitted in the period (`reporters`: how many couriers made them). */
  readonly reports: ReportSummary;
  /** Suggestions submitted in the period (`authors`: how many couriers made them). */
  readonly suggestions: SuggestionSummary;
}

const zeroByPlatform = <Value>(zero: () => Value): Record<Platform, Value> =>
  Object.fromEntries(PlatformSchema.options.map((platform) => [platform, zero()])) as Record<
    Platform,
    Value
  >;

const zeroByKind = (): Record<ActivityKind, number> =>
  Object.fromEntries(activityKinds.map((kind) => [kind, 0])) as Record<ActivityKind, number>;

/**
 * Where a courier's record counts: its own station when it names one, else the courier's
 * (报到站点), else none known. Records written before stations were recorded name none,
 * and count as their courier's.
 */
const stationOfRecord = (
  recordStation: StationId | undefined,
  courier: Courier | undefined,
): StationId | undefined => recordStation ?? courier?.stationId;

/**
 * The figures of the programme for a period and, optionally, one station: couriers who
 * checked in and were verified; activities held and cancelled; participation as 人次 and
 * 人数, by party members (党员) and by platform; volunteer hours; sentinel reports and
 * suggestions with the couriers who made them. Pure: the insights service feeds it from
 * its read model, an example from its aggregates.
 *
 * How each record is placed:
 * - a courier by when they checked in and their station;
 * - an activity, and the participations in it, by when it starts and its station;
 * - a report or a suggestion by when it was submitted and its station (its own, else its
 *   courier's: events written before stations were recorded name none).
 *
 * Running totals are the same figures over a longer period: since the station opened is
 * `programmeFigures(records, { period: periodSince(station.openedAt, now), stationId })`.
 *
 * @example
 * const november = programmeFigures(records, {
 *   period: monthPeriod(2026, 11, policy.general.timeZone),
 *   stationId: StationId.parse("wanda"),
 * }, policy.suggestions);
 * november.activities.byPartyMembers.participations; // 人次 by party members
 * november.suggestions.authors; // couriers who made suggestions
 */
export const programmeFigures = (
  records: ProgrammeRecords,
  scope: FigureScope,
  policy: Pick<SuggestionPolicy, "firstResponseDays">,
): ProgrammeFigures => {
  const { period, stationId } = scope;
  const now = scope.now ?? period.to;
  const inScope = (station: StationId | undefined): boolean =>
    stationId === undefined || station === stationId;

  const couriers = new Map<CourierId, Courier>();
  for (const state of records.couriers) {
    if (isRegistered(state)) couriers.set(state.courierId, state);
  }

  const checkedInByPlatform = zeroByPlatform(() => 0);
  const registeredByPlatform = zeroByPlatform(() => 0);
  const byStatus = Object.fromEntries(
    CourierStatusSchema.options.map((status) => [status, 0]),
  ) as Record<CourierStatus, number>;
  let checkedIn = 0;
  let verified = 0;
  let partyMembersCheckedIn = 0;
  let registered = 0;
  let active = 0;
  let volunteerTeam = 0;
  let partyMembers = 0;
  let signUpsPaused = 0;
  for (const courier of couriers.values()) {
    if (!inScope(courier.stationId)) continue;
    if (courier.verifiedAt !== undefined && isWithinPeriod(courier.verifiedAt, period)) {
      verified += 1;
    }
    if (Date.parse(courier.registeredAt) >= Date.parse(period.to)) continue;
    registered += 1;
    byStatus[courier.status] += 1;
    for (const platform of courier.platforms) registeredByPlatform[platform] += 1;
    if (courier.status === "active") active += 1;
    if (courier.volunteerTeamMember) volunteerTeam += 1;
    if (courier.partyMember) partyMembers += 1;
    if (courierFacts(courier, now).signUpsPausedUntil !== undefined) signUpsPaused += 1;
    if (!isWithinPeriod(courier.registeredAt, period)) continue;
    checkedIn += 1;
    if (courier.partyMember) partyMembersCheckedIn += 1;
    for (const platform of courier.platforms) checkedInByPlatform[platform] += 1;
  }

  const heldByKind = zeroByKind();
  const participationsByKind = zeroByKind();
  const participants = new Set<CourierId>();
  const partyParticipants = new Set<CourierId>();
  const platformParticipants = zeroByPlatform(() => new Set<CourierId>());
  const byPlatform = zeroByPlatform(() => 0);
  let held = 0;
  let cancelled = 0;
  let participations = 0;
  let partyParticipations = 0;
  let hundredths = 0;
  let walkIns = 0;
  let noShows = 0;
  for (const state of records.activities) {
    if (!isActivityPlanned(state)) continue;
    const { details } = state;
    if (!inScope(details.stationId) || !isWithinPeriod(details.startsAt, period)) continue;
    if (state.status === "cancelled") cancelled += 1;
    if (state.status !== "completed") continue;
    const summary = activitySummary(state);
    if (summary === undefined) continue;
    held += 1;
    heldByKind[details.kind] += 1;
    walkIns += summary.walkIns;
    noShows += summary.noShows;
    for (const participation of state.participations) {
      if (participation.status !== "confirmed") continue;
      participations += 1;
      participationsByKind[details.kind] += 1;
      hundredths += Math.round((participation.hours ?? 0) * 100);
      participants.add(participation.courierId);
      const courier = couriers.get(participation.courierId);
      if (courier === undefined) continue;
      if (courier.partyMember) {
        partyParticipations += 1;
        partyParticipants.add(courier.courierId);
      }
      for (const platform of courier.platforms) {
        byPlatform[platform] += 1;
        platformParticipants[platform].add(courier.courierId);
      }
    }
  }

  const reports = [...records.reports].filter(
    (state) =>
      isSubmitted(state) &&
      isWithinPeriod(state.submittedAt, period) &&
      inScope(stationOfRecord(state.stationId, couriers.get(state.reporterId))),
  );
  const suggestions = [...records.suggestions].filter(
    (state) =>
      isSuggestionSubmitted(state) &&
      isWithinPeriod(state.submittedAt, period) &&
      inScope(stationOfRecord(state.stationId, couriers.get(state.authorId))),
  );

  return {
    period,
    ...(stationId === undefined ? {} : { stationId }),
    couriers: {
      checkedIn,
      verified,
      partyMembersCheckedIn,
      checkedInByPlatform,
      registered,
      byStatus,
      byPlatform: registeredByPlatform,
      active,
      volunteerTeam,
      partyMembers,
      signUpsPaused,
    },
    activities: {
      held,
      cancelled,
      heldByKind,
      participations,
      participants: participants.size,
      participationsByKind,
      volunteerHours: hundredths / 100,
      walkIns,
      noShows,
      byPartyMembers: {
        participations: partyParticipations,
        participants: partyParticipants.size,
      },
      byPlatform: Object.fromEntries(
        PlatformSchema.options.map((platform) => [
          platform,
          {
            participations: byPlatform[platform],
            participants: platformParticipants[platform].size,
          },
        ]),
      ) as Record<Platform, ParticipationCount>,
    },
    reports: summarizeReports(reports, now),
    suggestions: summarizeSuggestions(suggestions, now, policy),
  };
};

/**
 * The station a record of the figures counts under, for breaking figures down by
 * station: its own, else its courier's, else `undefined` (unknown). Exposed so a read
 * model places records the way {@link programmeFigures} does.
 *
 * @example
 * stationOfCourierRecord(report.stationId, courierState); // "wanda"
 */
export const stationOfCourierRecord = (
  recordStation: StationId | undefined,
  courier: CourierState | undefined,
): StationId | undefined =>
  stationOfRecord(
    recordStation,
    courier !== undefined && isRegistered(courier) ? courier : undefined,
  );
