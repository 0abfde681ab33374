import type {
  CatalogueItemId,
  CourierId,
  Instant,
  RedemptionId,
  StationId,
} from "@courier-station/core";
import type { TransferAmount } from "@courier-station/points";
import type { CatalogueDonor } from "./commands.js";

/** A redemption's units as the item keeps them: reserved, then handed over or released. */
export interface CatalogueReservation {
  readonly redemptionId: RedemptionId;
  readonly courierId: CourierId;
  readonly quantity: number;
  readonly unitPoints: number;
  readonly status: "reserved" | "completed" | "released";
  readonly reservedAt: Instant;
  readonly settledAt?: Instant;
}

/**
 * An item of the reward catalogue (积分商品). Its units are always accounted for:
 * `received` (every unit ever listed or restocked) = `stock` + `reserved` + `handedOver`
 * + `writtenOff`, and none of them is ever negative.
 *
 * Every redemption stays in `reservations` (so a retried redemption id is recognised and
 * a late release or completion changes nothing); list a new item for a new batch once an
 * item has served some thousands of redemptions.
 */
export interface CatalogueItem {
  readonly status: "listed" | "withdrawn";
  readonly itemId: CatalogueItemId;
  readonly title: string;
  readonly description: string;
  /** Points per unit. */
  readonly pointsPrice: TransferAmount;
  readonly stationId: StationId;
  readonly donor: CatalogueDonor;
  readonly photo?: string;
  /** The most units one courier may redeem in all (reserved or handed over). */
  readonly limitPerCourier?: number;
  /** Units on the shelf, free to redeem. */
  readonly stock: number;
  /** Units reserved by redemptions not yet handed over or released. */
  readonly reserved: number;
  readonly handedOver: number;
  readonly writtenOff: number;
  /** Every unit ever listed or restocked. */
  readonly received: number;
  /** Every redemption of the item, by redemption id. */
  readonly reservations: Readonly<Record<string, CatalogueReservation>>;
  /** Units each courier holds (reserved or handed over), by courier id. */
  readonly unitsByCourier: Readonly<Record<string, number>>;
  readonly listedAt: Instant;
  readonly withdrawnAt?: Instant;
  readonly updatedAt: Instant;
}

/** The state of a catalogue item aggregate: nothing yet, or the item. */
export type CatalogueItemState = { readonly status: "none" } | CatalogueItem;

/** The state of a catalogue item before its first event. */
export const initialCatalogueItemState = (): CatalogueItemState => ({ status: "none" });

/** Whether the item exists (has been listed). */
export const isListed = (state: CatalogueItemState): state is CatalogueItem =>
  state.status !== "none";

/** A redemption of an item by id (an own property only: ids such as `constructor` are safe). */
export const reservationOf = (
  item: CatalogueItem,
  redemptionId: string,
): CatalogueReservation | undefined =>
  Object.hasOwn(item.reservations, redemptionId) ? item.reservations[redemptionId] : undefined;

/** The units a courier holds of an item (reserved or handed over). */
export const unitsOfCourier = (item: CatalogueItem, courierId: string): number =>
  Object.hasOwn(item.unitsByCourier, courierId) ? (item.unitsByCourier[courierId] ?? 0) : 0;
