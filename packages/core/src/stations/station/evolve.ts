import type { Instant } from "../../kernel/time.js";
import type { StationEvent } from "./events.js";
import {
  isStationOpened,
  type Station,
  type StationHistoryEntry,
  type StationState,
  type StationStatus,
} from "./state.js";

const withStep = (
  station: Station,
  status: StationStatus,
  at: Instant,
  by: string,
  reason?: string,
): Station => {
  const entry: StationHistoryEntry =
    reason === undefined ? { status, at, by } : { status, at, by, reason };
  const { closure: _closure, ...rest } = station;
  return { ...rest, status, history: [...station.history, entry] };
};

/**
 * The state of a station after an event. No rules.
 *
 * @example
 * const state = events.reduce(evolveStation, initialStationState());
 */
export const evolveStation = (state: StationState, event: StationEvent): StationState => {
  if (event.type === "StationOpened") {
    const data = event.data;
    return {
      stationId: data.stationId,
      community: data.community,
      status: "open",
      name: data.name,
      address: data.address,
      location: data.location,
      openingHours: data.openingHours,
      amenities: data.amenities,
      ...(data.contactPhone === undefined ? {} : { contactPhone: data.contactPhone }),
      openedAt: data.openedAt,
      history: [{ status: "open", at: data.openedAt, by: data.openedBy }],
    };
  }
  if (!isStationOpened(state)) return state;
  switch (event.type) {
    case "StationDetailsUpdated": {
      const data = event.data;
      const { contactPhone: _previous, ...rest } = state;
      const contactPhone =
        data.contactPhone === undefined ? state.contactPhone : (data.contactPhone ?? undefined);
      return {
        ...rest,
        ...(data.name === undefined ? {} : { name: data.name }),
        ...(data.address === undefined ? {} : { address: data.address }),
        ...(data.location === undefined ? {} : { location: data.location }),
        ...(data.openingHours === undefined ? {} : { openingHours: data.openingHours }),
        ...(data.amenities === undefined ? {} : { amenities: data.amenities }),
        ...(contactPhone === undefined ? {} : { contactPhone }),
      };
    }
    case "StationClosedTemporarily": {
      const { reason, closedAt, closedBy, expectedReopeningAt } = event.data;
      return {
        ...withStep(state, "temporarily-closed", closedAt, closedBy, reason),
        closure: {
          reason,
          since: closedAt,
          ...(expectedReopeningAt === undefined ? {} : { expectedReopeningAt }),
        },
      };
    }
    case "StationReopened":
      return withStep(state, "open", event.data.reopenedAt, event.data.reopenedBy);
    case "StationRetired":
      return {
        ...withStep(
          state,
          "retired",
          event.data.retiredAt,
          event.data.retiredBy,
          event.data.reason,
        ),
        retiredAt: event.data.retiredAt,
      };
  }
};
