import {
  accept,
  type CommunityPolicy,
  type Decision,
  type DecisionContext,
  type Points,
  refuse,
} from "@courier-station/core";
import { findProhibitedItem } from "../prohibited-items.js";
import { stepActorOf } from "../values.js";
import type { WishCourierFacts } from "../wishes/decide.js";
import type { CatalogueItemCommand } from "./commands.js";
import {
  CatalogueCourierNotActive,
  CatalogueFactsMissing,
  CatalogueItemAlreadyListed,
  type CatalogueItemError,
  CatalogueItemNotFound,
  CatalogueItemWrongStatus,
  CataloguePriceChanged,
  CourierLimitReached,
  InsufficientPointsForItem,
  NotEnoughStock,
  NothingToRevise,
  ProhibitedCatalogueItem,
  QuantityOverLimit,
  RedemptionIdTaken,
  ReservationAlreadySettled,
  ReservationNotFound,
  StockOverflow,
} from "./errors.js";
import type { CatalogueItemEvent, CatalogueItemRevised } from "./events.js";
import {
  type CatalogueItem,
  type CatalogueItemState,
  isListed,
  reservationOf,
  unitsOfCourier,
} from "./state.js";

/**
 * The decision context of catalogue items: the community policy and, when a courier
 * redeems, their facts (they must be active) and their available points (the ledger stays
 * the final guard).
 */
export interface CatalogueItemDecisionContext extends DecisionContext {
  readonly policy: CommunityPolicy;
  readonly courier?: WishCourierFacts;
  readonly availablePoints?: number;
}

type CatalogueItemDecision = Decision<CatalogueItemEvent, CatalogueItemError>;

/** The most units an item may ever have received: far beyond any station's shelves. */
const MAX_UNITS = 1_000_000_000;

const optional = <Key extends string, Value>(
  key: Key,
  value: Value | undefined,
): { [K in Key]?: Value } =>
  (value === undefined ? {} : { [key]: value }) as { [K in Key]?: Value };

const prohibited = (
  title: string,
  description: string,
  context: CatalogueItemDecisionContext,
): CatalogueItemError | undefined => {
  const match = findProhibitedItem(
    `${title}\n${description}`,
    context.policy.wishes.prohibitedItems,
  );
  return match === undefined ? undefined : new ProhibitedCatalogueItem(match);
};

const decideRedeem = (
  item: CatalogueItem,
  command: Extract<CatalogueItemCommand, { type: "RedeemCatalogueItem" }>,
  context: CatalogueItemDecisionContext,
): CatalogueItemDecision => {
  const { redemptionId, quantity, expectedPoints } = command.data;
  const courier = context.courier;
  if (courier === undefined) return refuse(new CatalogueFactsMissing({ fact: "courier" }));
  if (courier.courierId !== context.actor.id) {
    return refuse(
      new CatalogueCourierNotActive({ courierId: context.actor.id, status: "unknown" }),
    );
  }
  const earlier = reservationOf(item, redemptionId);
  if (earlier !== undefined) {
    // The same redemption sent again (a retry with a new command id) changes nothing.
    if (earlier.courierId === courier.courierId && earlier.quantity === quantity) return accept();
    return refuse(new RedemptionIdTaken({ redemptionId }));
  }
  if (courier.status !== "active") {
    return refuse(
      new CatalogueCourierNotActive({ courierId: courier.courierId, status: courier.status }),
    );
  }
  if (item.status !== "listed") {
    return refuse(new CatalogueItemWrongStatus({ itemId: item.itemId, status: item.status }));
  }
  const max = context.policy.wishes.catalogue.maxQuantityPerRedemption;
  if (quantity > max) return refuse(new QuantityOverLimit({ quantity, max }));
  if (item.limitPerCourier !== undefined) {
    const held = unitsOfCourier(item, courier.courierId);
    if (held + quantity > item.limitPerCourier) {
      return refuse(
        new CourierLimitReached({ itemId: item.itemId, held, limit: item.limitPerCourier }),
      );
    }
  }
  if (quantity > item.stock) {
    return refuse(
      new NotEnoughStock({ itemId: item.itemId, stock: item.stock, requested: quantity }),
    );
  }
  const price = item.pointsPrice * quantity;
  if (expectedPoints !== undefined && expectedPoints !== price) {
    return refuse(new CataloguePriceChanged({ expected: expectedPoints, price }));
  }
  if (context.availablePoints === undefined) {
    return refuse(new CatalogueFactsMissing({ fact: "availablePoints" }));
  }
  if (context.availablePoints < price) {
    return refuse(new InsufficientPointsForItem({ available: context.availablePoints, price }));
  }
  return accept<CatalogueItemEvent>({
    type: "CatalogueItemReserved",
    data: {
      itemId: item.itemId,
      redemptionId,
      courierId: courier.courierId,
      quantity,
      unitPoints: item.pointsPrice,
      points: price as Points,
      itemTitle: item.title,
      stationId: item.stationId,
      stock: item.stock - quantity,
      reservedAt: context.now,
    },
  });
};

/**
 * Decides a command on an item of the reward catalogue (积分商品):
 *
 * - staff list it (no prohibited items), revise it, restock it, write units off (never
 *   more than are in stock), withdraw and relist it;
 * - an active courier redeems units: within the policy's quantity per redemption, the
 *   item's limit per courier, the stock and their available points, the units are
 *   reserved under the redemption id (a retry changes nothing);
 * - the catalogue flow returns a redemption's units to stock, or records them handed
 *   over, once each.
 *
 * @example
 * decideCatalogueItem(command, state, { now, actor, community, policy, courier,
 *   availablePoints: 400 });
 */
export const decideCatalogueItem = (
  command: CatalogueItemCommand,
  state: CatalogueItemState,
  context: CatalogueItemDecisionContext,
): CatalogueItemDecision => {
  const now = context.now;
  const by = stepActorOf(context.actor);
  if (command.type === "ListCatalogueItem") {
    const data = command.data;
    if (isListed(state)) return refuse(new CatalogueItemAlreadyListed({ itemId: data.itemId }));
    const problem = prohibited(data.title, data.description, context);
    if (problem !== undefined) return refuse(problem);
    return accept<CatalogueItemEvent>({
      type: "CatalogueItemListed",
      data: {
        itemId: data.itemId,
        title: data.title,
        description: data.description,
        pointsPrice: data.pointsPrice,
        stock: data.stock,
        stationId: data.stationId,
        donor: data.donor,
        ...optional("photo", data.photo),
        ...optional("limitPerCourier", data.limitPerCourier),
        by,
        listedAt: now,
      },
    });
  }

  if (!isListed(state)) return refuse(new CatalogueItemNotFound({ itemId: command.data.itemId }));
  const item = state;

  switch (command.type) {
    case "ReviseCatalogueItem": {
      const data = command.data;
      const changes: CatalogueItemRevised["data"]["changes"] = {
        ...optional("title", data.title),
        ...optional("description", data.description),
        ...optional("pointsPrice", data.pointsPrice),
        ...optional("limitPerCourier", data.limitPerCourier),
      };
      if (Object.keys(changes).length === 0) return refuse(new NothingToRevise());
      const problem = prohibited(
        changes.title ?? item.title,
        changes.description ?? item.description,
        context,
      );
      if (problem !== undefined) return refuse(problem);
      return accept<CatalogueItemEvent>({
        type: "CatalogueItemRevised",
        data: { itemId: item.itemId, changes, by, revisedAt: now },
      });
    }

    case "RestockCatalogueItem": {
      const { quantity } = command.data;
      if (item.received + quantity > MAX_UNITS) {
        return refuse(new StockOverflow({ itemId: item.itemId }));
      }
      return accept<CatalogueItemEvent>({
        type: "CatalogueItemRestocked",
        data: {
          itemId: item.itemId,
          quantity,
          stock: item.stock + quantity,
          by,
          restockedAt: now,
        },
      });
    }

    case "WriteOffCatalogueStock": {
      const { quantity, reason } = command.data;
      if (quantity > item.stock) {
        return refuse(
          new NotEnoughStock({ itemId: item.itemId, stock: item.stock, requested: quantity }),
        );
      }
      return accept<CatalogueItemEvent>({
        type: "CatalogueStockWrittenOff",
        data: {
          itemId: item.itemId,
          quantity,
          stock: item.stock - quantity,
          reason,
          by,
          writtenOffAt: now,
        },
      });
    }

    case "WithdrawCatalogueItem":
      if (item.status !== "listed") {
        return refuse(new CatalogueItemWrongStatus({ itemId: item.itemId, status: item.status }));
      }
      return accept<CatalogueItemEvent>({
        type: "CatalogueItemWithdrawn",
        data: {
          itemId: item.itemId,
          ...optional("reason", command.data.reason),
          by,
          withdrawnAt: now,
        },
      });

    case "RelistCatalogueItem":
      if (item.status !== "withdrawn") {
        return refuse(new CatalogueItemWrongStatus({ itemId: item.itemId, status: item.status }));
      }
      return accept<CatalogueItemEvent>({
        type: "CatalogueItemRelisted",
        data: { itemId: item.itemId, by, relistedAt: now },
      });

    case "RedeemCatalogueItem":
      return decideRedeem(item, command, context);

    case "ReleaseCatalogueReservation": {
      const { redemptionId, reason } = command.data;
      const reservation = reservationOf(item, redemptionId);
      if (reservation === undefined) {
        return refuse(new ReservationNotFound({ itemId: item.itemId, redemptionId }));
      }
      if (reservation.status === "released") return accept();
      if (reservation.status === "completed") {
        return refuse(new ReservationAlreadySettled({ redemptionId, status: "completed" }));
      }
      return accept<CatalogueItemEvent>({
        type: "CatalogueReservationReleased",
        data: {
          itemId: item.itemId,
          redemptionId,
          courierId: reservation.courierId,
          quantity: reservation.quantity,
          reason,
          stock: item.stock + reservation.quantity,
          releasedAt: now,
        },
      });
    }

    case "CompleteCatalogueReservation": {
      const { redemptionId } = command.data;
      const reservation = reservationOf(item, redemptionId);
      if (reservation === undefined) {
        return refuse(new ReservationNotFound({ itemId: item.itemId, redemptionId }));
      }
      if (reservation.status === "completed") return accept();
      if (reservation.status === "released") {
        return refuse(new ReservationAlreadySettled({ redemptionId, status: "released" }));
      }
      return accept<CatalogueItemEvent>({
        type: "CatalogueReservationCompleted",
        data: {
          itemId: item.itemId,
          redemptionId,
          courierId: reservation.courierId,
          quantity: reservation.quantity,
          completedAt: now,
        },
      });
    }
  }
};
