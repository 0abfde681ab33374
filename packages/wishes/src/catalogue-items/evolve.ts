import type { CatalogueItemEvent } from "./events.js";
import {
  type CatalogueItem,
  type CatalogueItemState,
  type CatalogueReservation,
  isListed,
  reservationOf,
  unitsOfCourier,
} from "./state.js";

const withReservation = (
  item: CatalogueItem,
  reservation: CatalogueReservation,
): CatalogueItem["reservations"] => ({
  ...item.reservations,
  [reservation.redemptionId]: reservation,
});

const withUnits = (
  item: CatalogueItem,
  courierId: string,
  change: number,
): CatalogueItem["unitsByCourier"] => ({
  ...item.unitsByCourier,
  [courierId]: unitsOfCourier(item, courierId) + change,
});

/**
 * The state of a catalogue item after an event. No rules: every event
 * `decideCatalogueItem` produces is applied as it is.
 *
 * @example
 * const state = events.reduce(evolveCatalogueItem, initialCatalogueItemState());
 */
export const evolveCatalogueItem = (
  state: CatalogueItemState,
  event: CatalogueItemEvent,
): CatalogueItemState => {
  if (event.type === "CatalogueItemListed") {
    const data = event.data;
    return {
      status: "listed",
      itemId: data.itemId,
      title: data.title,
      description: data.description,
      pointsPrice: data.pointsPrice,
      stationId: data.stationId,
      donor: data.donor,
      ...(data.photo === undefined ? {} : { photo: data.photo }),
      ...(data.limitPerCourier === undefined ? {} : { limitPerCourier: data.limitPerCourier }),
      stock: data.stock,
      reserved: 0,
      handedOver: 0,
      writtenOff: 0,
      received: data.stock,
      reservations: {},
      unitsByCourier: {},
      listedAt: data.listedAt,
      updatedAt: data.listedAt,
    };
  }
  // An event for an item that does not exist cannot come from decide; ignore it.
  if (!isListed(state)) return state;
  const item = state;

  switch (event.type) {
    case "CatalogueItemRevised": {
      const changes = event.data.changes;
      return {
        ...item,
        ...(changes.title === undefined ? {} : { title: changes.title }),
        ...(changes.description === undefined ? {} : { description: changes.description }),
        ...(changes.pointsPrice === undefined ? {} : { pointsPrice: changes.pointsPrice }),
        ...(changes.limitPerCourier === undefined
          ? {}
          : { limitPerCourier: changes.limitPerCourier }),
        updatedAt: event.data.revisedAt,
      };
    }
    case "CatalogueItemRestocked":
      return {
        ...item,
        stock: item.stock + event.data.quantity,
        received: item.received + event.data.quantity,
        updatedAt: event.data.restockedAt,
      };
    case "CatalogueStockWrittenOff":
      return {
        ...item,
        stock: item.stock - event.data.quantity,
        writtenOff: item.writtenOff + event.data.quantity,
        updatedAt: event.data.writtenOffAt,
      };
    case "CatalogueItemWithdrawn":
      return {
        ...item,
        status: "withdrawn",
        withdrawnAt: event.data.withdrawnAt,
        updatedAt: event.data.withdrawnAt,
      };
    case "CatalogueItemRelisted": {
      const { withdrawnAt: _withdrawnAt, ...rest } = item;
      return { ...rest, status: "listed", updatedAt: event.data.relistedAt };
    }
    case "CatalogueItemReserved": {
      const data = event.data;
      return {
        ...item,
        stock: item.stock - data.quantity,
        reserved: item.reserved + data.quantity,
        reservations: withReservation(item, {
          redemptionId: data.redemptionId,
          courierId: data.courierId,
          quantity: data.quantity,
          unitPoints: data.unitPoints,
          status: "reserved",
          reservedAt: data.reservedAt,
        }),
        unitsByCourier: withUnits(item, data.courierId, data.quantity),
        updatedAt: data.reservedAt,
      };
    }
    case "CatalogueReservationReleased": {
      const data = event.data;
      const reservation = reservationOf(item, data.redemptionId);
      if (reservation === undefined) return item;
      return {
        ...item,
        stock: item.stock + data.quantity,
        reserved: item.reserved - data.quantity,
        reservations: withReservation(item, {
          ...reservation,
          status: "released",
          settledAt: data.releasedAt,
        }),
        unitsByCourier: withUnits(item, data.courierId, -data.quantity),
        updatedAt: data.releasedAt,
      };
    }
    case "CatalogueReservationCompleted": {
      const data = event.data;
      const reservation = reservationOf(item, data.redemptionId);
      if (reservation === undefined) return item;
      return {
        ...item,
        reserved: item.reserved - data.quantity,
        handedOver: item.handedOver + data.quantity,
        reservations: withReservation(item, {
          ...reservation,
          status: "completed",
          settledAt: data.completedAt,
        }),
        updatedAt: data.completedAt,
      };
    }
  }
};
