import type { CatalogueItemId, StationId } from "@courier-station/core";
import type { CatalogueDonor } from "./commands.js";
import { type CatalogueItem, type CatalogueItemState, isListed } from "./state.js";

/**
 * An item as couriers and the public see it in the catalogue: what it is, its price, how
 * many are left and who donated it. Never who redeemed it.
 */
export interface CatalogueItemPublicView {
  readonly itemId: CatalogueItemId;
  readonly title: string;
  readonly description: string;
  /** Points per unit. */
  readonly pointsPrice: number;
  /** Units on the shelf, free to redeem. */
  readonly stock: number;
  /** Whether a courier can redeem it now (listed and in stock). */
  readonly available: boolean;
  readonly stationId: StationId;
  readonly donor: CatalogueDonor;
  readonly photo?: string;
  readonly limitPerCourier?: number;
}

/**
 * The public view of a catalogue item, or `undefined` when it does not exist or was
 * withdrawn.
 *
 * @example
 * catalogueItemPublicView(state)?.available;
 */
export const catalogueItemPublicView = (
  state: CatalogueItemState,
): CatalogueItemPublicView | undefined => {
  if (!isListed(state) || state.status !== "listed") return undefined;
  return {
    itemId: state.itemId,
    title: state.title,
    description: state.description,
    pointsPrice: state.pointsPrice,
    stock: state.stock,
    available: state.stock > 0,
    stationId: state.stationId,
    donor: state.donor,
    ...(state.photo === undefined ? {} : { photo: state.photo }),
    ...(state.limitPerCourier === undefined ? {} : { limitPerCourier: state.limitPerCourier }),
  };
};

/**
 * What staff see of a catalogue item: all of it, with every redemption and the units
 * each courier holds, or `undefined` when it does not exist.
 *
 * @example
 * catalogueItemStaffView(state)?.reserved;
 */
export const catalogueItemStaffView = (state: CatalogueItemState): CatalogueItem | undefined =>
  isListed(state) ? state : undefined;
