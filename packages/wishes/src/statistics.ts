import {
  type ActivityId,
  isWithinPeriod,
  type SponsorId,
  type StationId,
  type StatisticsPeriod,
} from "@courier-station/core";
import {
  type CatalogueRedemptionState,
  isOpened as isCatalogueRedemptionOpened,
} from "./catalogue-redemptions/state.js";
import { isDrafted, isOpenWishStatus, type WishState } from "./wishes/state.js";

/**
 * What to count: a period (core's `monthPeriod`, `quarterPeriod`, `yearPeriod`,
 * `periodSince`) and optionally one station; absent, every station of the community.
 */
export interface WishFigureScope {
  readonly period: StatisticsPeriod;
  readonly stationId?: StationId;
}

/** The micro-wishes (微心愿) of a station or the community over a period. */
export interface WishFigures {
  readonly period: StatisticsPeriod;
  readonly stationId?: StationId;
  /** Wishes couriers submitted in the period. */
  readonly submitted: number;
  /** Wishes handed over in the period (已圆梦). */
  readonly fulfilled: number;
  /** Of those, with a points part (the courier redeemed it), a sponsor's part, the community's. */
  readonly byPoints: number;
  readonly bySponsor: number;
  /** Of those, with both a points part and a sponsor's part (the courier's points and a sponsor together). */
  readonly byPointsAndSponsor: number;
  readonly byCommunity: number;
  /** What the wishes handed over were worth, in fen. */
  readonly valueFulfilledFen: number;
  /** Points the couriers spent on them (the holds posted). */
  readonly pointsSpent: number;
  /** Sponsors (圆梦人) who fulfilled at least one. */
  readonly sponsors: number;
  /** The wish-lighting events (点亮微心愿) of the period: hand-overs recorded at an activity. */
  readonly wishLighting: {
    /** Activities where wishes were handed over. */
    readonly events: number;
    /** Wishes handed over at them. */
    readonly wishes: number;
    /** Sponsors whose wishes were handed over at them. */
    readonly sponsors: number;
  };
  /**
   * Standing figures, as the states given are (take them at the period's end): wishes
   * still open, and of those, linked to an event and not handed over yet.
   */
  readonly open: number;
  readonly awaitingHandOverAtEvents: number;
}

/**
 * The figures of micro-wishes over a period, for a station or the community: submitted,
 * handed over by how they were funded, their value and the points spent, the sponsors,
 * and the wish-lighting events (点亮微心愿) — activities at which wishes were handed over
 * together. A wish counts at its station (where it is handed over) and by when it was
 * submitted or handed over. Pure; the insights service feeds it from its read model.
 *
 * @example
 * const figures = wishFigures(states, { period: monthPeriod(2026, 11, timeZone), stationId });
 * figures.wishLighting; // { events: 1, wishes: 5, sponsors: 3 }
 */
export const wishFigures = (states: Iterable<WishState>, scope: WishFigureScope): WishFigures => {
  const { period, stationId } = scope;
  let submitted = 0;
  let fulfilled = 0;
  let byPoints = 0;
  let bySponsor = 0;
  let byPointsAndSponsor = 0;
  let byCommunity = 0;
  let valueFulfilledFen = 0;
  let pointsSpent = 0;
  let open = 0;
  let awaitingHandOverAtEvents = 0;
  let atEvents = 0;
  const sponsors = new Set<SponsorId>();
  const events = new Set<ActivityId>();
  const eventSponsors = new Set<SponsorId>();
  for (const state of states) {
    if (!isDrafted(state)) continue;
    if (stationId !== undefined && state.stationId !== stationId) continue;
    if (state.submittedAt !== undefined && isWithinPeriod(state.submittedAt, period)) {
      submitted += 1;
    }
    if (isOpenWishStatus(state.status)) {
      open += 1;
      if (state.activityId !== undefined && state.status !== "draft") awaitingHandOverAtEvents += 1;
    }
    const fulfilment = state.fulfilment;
    if (fulfilment === undefined || !isWithinPeriod(fulfilment.fulfilledAt, period)) continue;
    fulfilled += 1;
    valueFulfilledFen += state.estimatedValueFen;
    const sponsor = fulfilment.funder?.kind === "sponsor" ? fulfilment.funder.sponsorId : undefined;
    if (fulfilment.postedHold !== undefined) {
      byPoints += 1;
      pointsSpent += fulfilment.postedHold.amount;
    }
    if (sponsor !== undefined) {
      bySponsor += 1;
      sponsors.add(sponsor);
    }
    if (fulfilment.postedHold !== undefined && sponsor !== undefined) byPointsAndSponsor += 1;
    if (fulfilment.funder?.kind === "community") byCommunity += 1;
    if (fulfilment.activityId !== undefined) {
      atEvents += 1;
      events.add(fulfilment.activityId);
      if (sponsor !== undefined) eventSponsors.add(sponsor);
    }
  }
  return {
    period,
    ...(stationId === undefined ? {} : { stationId }),
    submitted,
    fulfilled,
    byPoints,
    bySponsor,
    byPointsAndSponsor,
    byCommunity,
    valueFulfilledFen,
    pointsSpent,
    sponsors: sponsors.size,
    wishLighting: { events: events.size, wishes: atEvents, sponsors: eventSponsors.size },
    open,
    awaitingHandOverAtEvents,
  };
};

/** The reward catalogue (积分商品) of a station or the community over a period. */
export interface CatalogueFigures {
  readonly period: StatisticsPeriod;
  readonly stationId?: StationId;
  /** Redemptions couriers opened in the period. */
  readonly redeemed: number;
  /** Redemptions picked up in the period, their units and the points they cost. */
  readonly pickedUp: number;
  readonly unitsPickedUp: number;
  readonly pointsSpent: number;
  /** Units picked up in the period, by item title. */
  readonly unitsByItem: Readonly<Record<string, number>>;
}

/**
 * The figures of catalogue redemptions over a period, for a station or the community: a
 * redemption counts at its item's station, by when it was opened and when it was picked up.
 *
 * @example
 * catalogueFigures(redemptions, { period: periodSince(openedAt, now) }).unitsByItem["通勤自行车"]; // 1
 */
export const catalogueFigures = (
  states: Iterable<CatalogueRedemptionState>,
  scope: WishFigureScope,
): CatalogueFigures => {
  const { period, stationId } = scope;
  let redeemed = 0;
  let pickedUp = 0;
  let unitsPickedUp = 0;
  let pointsSpent = 0;
  const unitsByItem: Record<string, number> = {};
  for (const state of states) {
    if (!isCatalogueRedemptionOpened(state)) continue;
    if (stationId !== undefined && state.stationId !== stationId) continue;
    if (isWithinPeriod(state.openedAt, period)) redeemed += 1;
    if (
      state.status !== "fulfilled" ||
      state.settledAt === undefined ||
      !isWithinPeriod(state.settledAt, period)
    ) {
      continue;
    }
    pickedUp += 1;
    unitsPickedUp += state.quantity;
    pointsSpent += state.hold.amount;
    unitsByItem[state.itemTitle] = (unitsByItem[state.itemTitle] ?? 0) + state.quantity;
  }
  return {
    period,
    ...(stationId === undefined ? {} : { stationId }),
    redeemed,
    pickedUp,
    unitsPickedUp,
    pointsSpent,
    unitsByItem,
  };
};
