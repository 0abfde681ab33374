import type { CatalogueRedemptionEvent } from "./events.js";
import { type CatalogueRedemptionState, isOpened } from "./state.js";

/**
 * The state of a catalogue redemption after an event. No rules: every event
 * `decideCatalogueRedemption` produces is applied as it is.
 *
 * @example
 * const state = events.reduce(evolveCatalogueRedemption, initialCatalogueRedemptionState());
 */
export const evolveCatalogueRedemption = (
  state: CatalogueRedemptionState,
  event: CatalogueRedemptionEvent,
): CatalogueRedemptionState => {
  if (event.type === "CatalogueRedemptionOpened") {
    const data = event.data;
    return {
      status: "requested",
      redemptionId: data.redemptionId,
      itemId: data.itemId,
      courierId: data.courierId,
      quantity: data.quantity,
      itemTitle: data.itemTitle,
      stationId: data.stationId,
      hold: data.hold,
      dueAt: data.dueAt,
      openedAt: data.openedAt,
      updatedAt: data.openedAt,
    };
  }
  // An event for a redemption that does not exist cannot come from decide; ignore it.
  if (!isOpened(state)) return state;
  switch (event.type) {
    case "CatalogueRedemptionHoldConfirmed":
      return {
        ...state,
        status: "ready",
        confirmedAt: event.data.confirmedAt,
        updatedAt: event.data.confirmedAt,
      };
    case "CatalogueRedemptionFailed":
      return {
        ...state,
        status: "failed",
        note: event.data.reason,
        settledAt: event.data.failedAt,
        updatedAt: event.data.failedAt,
      };
    case "CatalogueRedemptionFulfilled":
      return {
        ...state,
        status: "fulfilled",
        ...(event.data.note === undefined ? {} : { note: event.data.note }),
        settledAt: event.data.fulfilledAt,
        updatedAt: event.data.fulfilledAt,
      };
    case "CatalogueRedemptionCancelled":
      return {
        ...state,
        status: "cancelled",
        ...(event.data.reason === undefined ? {} : { note: event.data.reason }),
        settledAt: event.data.cancelledAt,
        updatedAt: event.data.cancelledAt,
      };
    case "CatalogueRedemptionExpired":
      return {
        ...state,
        status: "expired",
        settledAt: event.data.expiredAt,
        updatedAt: event.data.expiredAt,
      };
  }
};
