import { RedemptionId, type TransferId, WishId } from "@courier-station/core";
import {
  catalogueHoldTransferId,
  holdPostTransferId,
  holdVoidTransferId,
  wishHoldTransferId,
} from "../holds.js";

/*
 * The derived ids of the holds the tests meet most: wish `w-1`'s first redemption and
 * catalogue redemption `r-1`, with their posts and voids.
 */

/** The hold of wish `w-1`'s first redemption. */
export const WISH_HOLD: TransferId = wishHoldTransferId(WishId.parse("w-1"), 1);
/** The post of {@link WISH_HOLD}. */
export const WISH_HOLD_POST: TransferId = holdPostTransferId(WISH_HOLD);
/** The void of {@link WISH_HOLD}. */
export const WISH_HOLD_VOID: TransferId = holdVoidTransferId(WISH_HOLD);

/** The hold of catalogue redemption `r-1`. */
export const CATALOGUE_HOLD: TransferId = catalogueHoldTransferId(RedemptionId.parse("r-1"));
/** The post of {@link CATALOGUE_HOLD}. */
export const CATALOGUE_HOLD_POST: TransferId = holdPostTransferId(CATALOGUE_HOLD);
/** The void of {@link CATALOGUE_HOLD}. */
export const CATALOGUE_HOLD_VOID: TransferId = holdVoidTransferId(CATALOGUE_HOLD);
