import type { PolicyBook, PublicFiguresView } from "@courier-station/contracts";
import { localDateTime, type StationId } from "@courier-station/core";
import type { Store } from "@courier-station/kit";
import { Effect } from "effect";
import { periodOf, type ScopeFigures, scopeFigures } from "./figures.js";
import { insightsSnapshot, knownCommunity, knownStation } from "./queries.js";

/**
 * The public subset of a scope's figures over a year: counts only, picked from what
 * `scopeFigures` answers staff, so the public and the district read the same numbers. A
 * report counts as resolved when it was resolved, or closed after its resolution was
 * confirmed.
 *
 * @example
 * publicFiguresOf(scopeFigures(records, { period, now }, policy.suggestions), { year: 2026, takenAt: now });
 */
export const publicFiguresOf = (
  figures: ScopeFigures,
  at: { readonly year: number; readonly takenAt: PublicFiguresView["takenAt"] },
): PublicFiguresView => {
  const { couriers, activities, reports, suggestions } = figures.programme;
  return {
    ...(figures.stationId === undefined ? {} : { stationId: figures.stationId }),
    year: at.year,
    period: figures.period,
    takenAt: at.takenAt,
    couriersRegistered: couriers.registered,
    couriersCheckedIn: couriers.checkedIn,
    volunteerTeam: couriers.volunteerTeam,
    activitiesHeld: activities.held,
    participations: activities.participations,
    volunteerHours: activities.volunteerHours,
    ...(figures.points === undefined ? {} : { pointsEarned: figures.points.earned }),
    wishesFulfilled: figures.wishes.fulfilled,
    reportsSubmitted: reports.total,
    reportsResolved: reports.byStatus.resolved + reports.byStatus.closed,
    suggestionsSubmitted: suggestions.total,
    suggestionsAdopted: suggestions.adopted,
  };
};

/**
 * `GetPublicFigures`: the year's public figures of the community or one opened station
 * (a community never registered and without records is `community.not_found`, an unknown
 * or unopened station `station.not_found`); the year defaults to the one
 * `now` falls in, in the community's time zone.
 *
 * @example
 * yield* publicFiguresFor(community, { year: 2026 });
 */
export const publicFiguresFor = (
  community: string,
  request: { readonly stationId?: StationId | undefined; readonly year?: number | undefined },
): Effect.Effect<PublicFiguresView, unknown, Store | PolicyBook> =>
  Effect.gen(function* () {
    const { records, now, policy } = yield* insightsSnapshot(community);
    const { stationId } = request;
    yield* knownCommunity(community, records);
    yield* knownStation(records, stationId);
    const timeZone = policy.general.timeZone;
    const year = request.year ?? localDateTime(now, timeZone).year;
    const period = periodOf({ kind: "year", year }, timeZone, undefined, now);
    const figures = scopeFigures(
      records,
      { period, now, ...(stationId === undefined ? {} : { stationId }) },
      policy.suggestions,
    );
    return publicFiguresOf(figures, { year, takenAt: now });
  });
